using System.Globalization;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary>The verbs and options of one command line, with the environment variables of CONTRACT.md as
/// fallbacks.</summary>
public sealed class Arguments
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["data"] = "JEBO_DATA",
        ["intake-url"] = "JEBO_INTAKE_URL",
        ["casework-url"] = "JEBO_CASEWORK_URL",
        ["intake-db"] = "JEBO_INTAKE_DB",
        ["casework-db"] = "JEBO_CASEWORK_DB",
        ["transfer-interval"] = "JEBO_TRANSFER_INTERVAL",
        ["rate-limits"] = "JEBO_RATE_LIMITS",
        ["deadline-days"] = "JEBO_DEADLINE_DAYS",
        ["sample-size"] = "JEBO_SAMPLE_SIZE",
        ["alert-thresholds"] = "JEBO_ALERT_THRESHOLDS",
        ["repetition-thresholds"] = "JEBO_REPETITION_THRESHOLDS",
        ["district-review"] = "JEBO_DISTRICT_REVIEW",
        ["officials-routing"] = "JEBO_OFFICIALS_ROUTING",
        ["status-return"] = "JEBO_STATUS_RETURN",
        ["max-bundle-records"] = "JEBO_MAX_BUNDLE_RECORDS",
        ["max-bundle-bytes"] = "JEBO_MAX_BUNDLE_BYTES",
        ["client-address-header"] = "JEBO_CLIENT_ADDRESS_HEADER",
        ["trusted-proxy"] = "JEBO_TRUSTED_PROXY",
        ["public-url"] = "JEBO_PUBLIC_URL",
        ["max-attachments"] = "JEBO_MAX_ATTACHMENTS",
        ["max-attachment-mb"] = "JEBO_MAX_ATTACHMENT_MB",
        ["max-report-files-mb"] = "JEBO_MAX_REPORT_FILES_MB",
        ["file-cleaning"] = "JEBO_FILE_CLEANING",
        ["cleaner-workers"] = "JEBO_CLEANER_WORKERS",
        ["cleaner-command"] = "JEBO_CLEANER_COMMAND",
        ["cleaner-budget"] = "JEBO_CLEANER_BUDGET",
        ["mat2"] = "JEBO_MAT2",
        ["token-days"] = "JEBO_TOKEN_DAYS",
        ["time-zone"] = "JEBO_TIME_ZONE",
        ["intake-admin-url"] = "JEBO_INTAKE_ADMIN_URL",
        ["casework-admin-url"] = "JEBO_CASEWORK_ADMIN_URL",
        ["transfer-at"] = "JEBO_TRANSFER_AT",
        ["min-free-disk-mb"] = "JEBO_MIN_FREE_DISK_MB",
        ["alert-webhook"] = "JEBO_ALERT_WEBHOOK",
        ["sms-gateway"] = "JEBO_SMS_GATEWAY",
        ["sms-gateway-token-file"] = "JEBO_SMS_GATEWAY_TOKEN_FILE",
        ["regions-file"] = "JEBO_REGIONS_FILE",
        ["categories-file"] = "JEBO_CATEGORIES_FILE",
        ["retention-days"] = "JEBO_RETENTION_DAYS",
        ["retention-at"] = "JEBO_RETENTION_AT",
    };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "password-stdin",
        "pledge-signed",
        "help",
        "all",
        "version",
        "replace",
        "dry-run",
    };

    private readonly Dictionary<string, string> options = new(StringComparer.Ordinal);

    public List<string> Words { get; } = [];

    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new Arguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h")
            {
                parsed.options["help"] = "true";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg[2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    parsed.options[name[..eq]] = name[(eq + 1)..];
                }
                else if (Flags.Contains(name))
                {
                    parsed.options[name] = "true";
                }
                else if (i + 1 < args.Count)
                {
                    parsed.options[name] = args[++i];
                }
                else
                {
                    throw new UsageException($"option --{name} needs a value");
                }
            }
            else
            {
                parsed.Words.Add(arg);
            }
        }

        return parsed;
    }

    public bool Has(string name) => options.ContainsKey(name);

    /// <summary>The option's value, else its environment variable, else null.</summary>
    public string? Get(string name) =>
        options.TryGetValue(name, out var value) ? value
        : Variables.TryGetValue(name, out var variable)
        && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
        : null;

    public string Require(string name) => Get(name) ?? throw new UsageException($"--{name} is required");

    public TimeSpan? Seconds(string name, TimeSpan? fallback)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            throw new UsageException($"--{name} must be a positive number of seconds");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/>, or the fallback when not
    /// given.</summary>
    public long WholeNumber(string name, long fallback, long min, long max)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (
            !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < min
            || value > max
        )
        {
            throw new UsageException(
                string.Create(CultureInfo.InvariantCulture, $"--{name} must be a whole number from {min} to {max}")
            );
        }

        return value;
    }

    /// <summary>An on/off switch, or the fallback when not given.</summary>
    public bool Switch(string name, bool fallback) =>
        Get(name) switch
        {
            null => fallback,
            "on" => true,
            "off" => false,
            var other => throw new UsageException($"--{name} must be on or off, not '{other}'"),
        };

    /// <summary>The zone named with <c>--zone intake|casework</c>, or null when none is.</summary>
    public ZoneName? Zone() =>
        Get("zone") switch
        {
            null => null,
            var text when ZoneName.TryParse(text, out var zone) => zone,
            var other => throw new UsageException($"--zone must be intake or casework, not '{other}'"),
        };

    /// <summary>The zones named with <c>--zone intake|casework|both</c>, or <paramref name="fallback"/> when none
    /// is.</summary>
    public IReadOnlyList<ZoneName> Zones(Func<IReadOnlyList<ZoneName>> fallback) =>
        Get("zone") switch
        {
            null => fallback(),
            "both" => ZoneName.All,
            var text when ZoneName.TryParse(text, out var zone) => [zone],
            var other => throw new UsageException($"--zone must be intake, casework or both, not '{other}'"),
        };

    /// <summary>Rejects options this verb does not know, so a typo is not silently ignored.</summary>
    public void AllowOnly(params string[] names)
    {
        var known = names.Concat(Variables.Keys).Append("help").ToHashSet(StringComparer.Ordinal);
        foreach (var name in options.Keys.Where(n => !known.Contains(n)))
        {
            throw new UsageException($"unknown option --{name}");
        }
    }
}

/// <summary>Bad usage: exit status 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>A command that could not do its work: exit status 1 with this one-line reason.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
