using Jebo.Casework;
using Jebo.Intake;
using Jebo.Storage;

namespace Jebo.Cli;

/// <summary>The data folder's layout and each zone's options, from the common options of CONTRACT.md.</summary>
public sealed class JeboSettings
{
    public const string DefaultIntakeUrl = "http://127.0.0.1:5080";
    public const string DefaultCaseworkUrl = "http://127.0.0.1:5081";

    public required string DataFolder { get; init; }
    public required string IntakeUrl { get; init; }
    public required string CaseworkUrl { get; init; }
    public required IntakeOptions Intake { get; init; }
    public required CaseworkOptions Casework { get; init; }

    public string IntakeFolder => Path.Combine(DataFolder, "intake");
    public string CaseworkFolder => Path.Combine(DataFolder, "casework");
    public string TransferFolder => Path.Combine(DataFolder, "transfer");

    /// <param name="arguments">The parsed command line.</param>
    /// <param name="defaultInterval">The transfer interval when none is given: 5 s under <c>up</c>, hourly for one zone.</param>
    public static JeboSettings From(Arguments arguments, TimeSpan? defaultInterval)
    {
        var data = Path.GetFullPath(arguments.Get("data") ?? "jebo-data");
        var interval = arguments.Seconds("transfer-interval", defaultInterval);
        var rateLimits = arguments.Get("rate-limits") switch
        {
            null or "on" => true,
            "off" => false,
            var other => throw new UsageException($"--rate-limits must be on or off, not '{other}'"),
        };
        var intakeFolder = Path.Combine(data, "intake");
        var caseworkFolder = Path.Combine(data, "casework");
        var toCasework = Path.Combine(data, "transfer", "to-casework");
        var toIntake = Path.Combine(data, "transfer", "to-intake");
        return new JeboSettings
        {
            DataFolder = data,
            IntakeUrl = arguments.Get("intake-url") ?? DefaultIntakeUrl,
            CaseworkUrl = arguments.Get("casework-url") ?? DefaultCaseworkUrl,
            Intake = new IntakeOptions
            {
                ZoneFolder = intakeFolder,
                OutboundSpool = toCasework,
                InboundSpool = toIntake,
                Database = arguments.Get("intake-db") ?? DatabaseProvider.SqliteFile(Path.Combine(intakeFolder, "intake.db")),
                TransferInterval = interval,
                RateLimits = rateLimits,
                PublicUrl = arguments.Get("public-url"),
                MaxAttachments = arguments.WholeNumber("max-attachments", 10, 0, 100),
                MaxAttachmentBytes = arguments.WholeNumber("max-attachment-mb", 20, 1, 200) * 1024L * 1024,
            },
            Casework = new CaseworkOptions
            {
                ZoneFolder = caseworkFolder,
                InboundSpool = toCasework,
                OutboundSpool = toIntake,
                Database = arguments.Get("casework-db") ?? DatabaseProvider.SqliteFile(Path.Combine(caseworkFolder, "casework.db")),
                TransferInterval = interval,
            },
        };
    }
}
