using System.Globalization;
using Jebo.Casework;
using Jebo.Casework.Audit;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Staff;
using Jebo.Intake;
using Jebo.Intake.Abuse;
using Jebo.Intake.Attachments.Isolation;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary>The data folder's layout and each zone's options, from the common options of CONTRACT.md.</summary>
public sealed class JeboSettings
{
    public const string DefaultIntakeUrl = "http://127.0.0.1:5080";
    public const string DefaultCaseworkUrl = "http://127.0.0.1:5081";
    public const string DefaultIntakeAdminUrl = "http://127.0.0.1:5082";
    public const string DefaultCaseworkAdminUrl = "http://127.0.0.1:5083";

    public required string DataFolder { get; init; }
    public required string IntakeUrl { get; init; }
    public required string CaseworkUrl { get; init; }

    /// <summary>The zones' management addresses (<c>/metrics</c>, detailed <c>/readyz</c>); <c>off</c> on the command
    /// line makes them null, and then no management listener is started.</summary>
    public string? IntakeAdminUrl { get; init; }

    public string? CaseworkAdminUrl { get; init; }
    public required IntakeOptions Intake { get; init; }
    public required CaseworkOptions Casework { get; init; }

    public string TransferFolder => Path.Combine(DataFolder, "transfer");

    public string ZoneFolder(ZoneName zone) => zone.Pick(Intake.ZoneFolder, Casework.ZoneFolder);

    public string KeysFolder(ZoneName zone) => zone.Pick(Intake.KeysFolder, Casework.KeysFolder);

    /// <summary>The zone's database setting: a connection string, or (the default) a bare SQLite file path.</summary>
    public string Database(ZoneName zone) => zone.Pick(Intake.Database, Casework.Database);

    /// <summary>The spool the zone writes to, for the other zone to read.</summary>
    public string OutboundSpool(ZoneName zone) => zone.Pick(Intake.OutboundSpool, Casework.OutboundSpool);

    /// <param name="arguments">The parsed command line.</param>
    /// <param name="defaultInterval">The transfer interval when none is given: 5 s under <c>up</c>, hourly for one
    /// zone.</param>
    public static JeboSettings From(Arguments arguments, TimeSpan? defaultInterval)
    {
        var data = Path.GetFullPath(arguments.Get("data") ?? "jebo-data");
        var times = TransferTimesFrom(arguments.Get("transfer-at"));
        // Times of day alone replace the default interval; an interval given beside them still applies.
        var interval = arguments.Seconds("transfer-interval", times.Count > 0 ? null : defaultInterval);
        var monitoring = MonitoringFrom(arguments);
        var rateLimits = arguments.Switch("rate-limits", fallback: true);
        var statusReturn = arguments.Switch("status-return", fallback: true);
        var maxRecords = (int)
            arguments.WholeNumber("max-bundle-records", 10_000, 1, Transfer.Bundles.BundleFormat.MaxRecords);
        var maxBytes = arguments.WholeNumber(
            "max-bundle-bytes",
            64L * 1024 * 1024,
            64 * 1024,
            Transfer.Bundles.BundleFormat.MaxBundleLength / 2
        );
        var timeZone = TimeZoneFrom(arguments.Get("time-zone"));
        var regionsFile = ReferenceFile(arguments, "regions-file", file => Reference.Regions.RegionDataset.Load(file));
        var categoriesFile = ReferenceFile(arguments, "categories-file", file =>
            Reference.Categories.CategoryList.Load(file)
        );
        var (retention, intakeRetentionDays) = RetentionFrom(arguments.Get("retention-days"));
        var retentionTimes = RetentionTimesFrom(arguments.Get("retention-at"));
        var intakeFolder = Path.Combine(data, ZoneName.Intake.ToString());
        var caseworkFolder = Path.Combine(data, ZoneName.Casework.ToString());
        var toCasework = Path.Combine(data, "transfer", $"to-{ZoneName.Casework}");
        var toIntake = Path.Combine(data, "transfer", $"to-{ZoneName.Intake}");
        return new JeboSettings
        {
            DataFolder = data,
            IntakeUrl = arguments.Get("intake-url") ?? DefaultIntakeUrl,
            CaseworkUrl = arguments.Get("casework-url") ?? DefaultCaseworkUrl,
            IntakeAdminUrl = AdminUrl(arguments.Get("intake-admin-url") ?? DefaultIntakeAdminUrl),
            CaseworkAdminUrl = AdminUrl(arguments.Get("casework-admin-url") ?? DefaultCaseworkAdminUrl),
            Intake = new IntakeOptions
            {
                ZoneFolder = intakeFolder,
                OutboundSpool = toCasework,
                InboundSpool = toIntake,
                // A bare path: the SQLite file (and its folder) is made when the zone first opens it, so a machine
                // running one zone never gets an empty folder for the other.
                Database = arguments.Get("intake-db") ?? Path.Combine(intakeFolder, "intake.db"),
                TransferInterval = interval,
                TransferTimes = times,
                Monitoring = monitoring,
                RateLimits = rateLimits,
                MaxRecordsPerBundle = maxRecords,
                MaxBundleBytes = maxBytes,
                ClientAddressHeader = arguments.Get("client-address-header")
                    ?? IntakeOptions.DefaultClientAddressHeader,
                TrustedProxies = TrustedProxiesFrom(arguments),
                PublicUrl = arguments.Get("public-url"),
                MaxAttachments = (int)arguments.WholeNumber("max-attachments", 10, 0, 100),
                MaxAttachmentBytes = arguments.WholeNumber("max-attachment-mb", 20, 1, 200) * 1024L * 1024,
                // At most 400 MB: with the report itself, well inside what one bundle can carry
                // (BundleFormat.MaxRecordsLength).
                MaxReportAttachmentBytes = arguments.WholeNumber("max-report-files-mb", 100, 1, 400) * 1024L * 1024,
                Cleaning = CleaningFrom(arguments),
                TimeZone = timeZone,
                RegionsFile = regionsFile,
                CategoriesFile = categoriesFile,
                RetentionDays = intakeRetentionDays,
                RetentionTimes = retentionTimes,
            },
            Casework = new CaseworkOptions
            {
                ZoneFolder = caseworkFolder,
                InboundSpool = toCasework,
                OutboundSpool = toIntake,
                Database = arguments.Get("casework-db") ?? Path.Combine(caseworkFolder, "casework.db"),
                TransferInterval = interval,
                TransferTimes = times,
                Monitoring = monitoring,
                Deadlines = DeadlinesFrom(
                    arguments.Get("deadline-days"),
                    times.Count > 0 ? interval ?? TimeSpan.FromDays(1) : interval
                ),
                AlertThresholds = AlertThresholdsFrom(arguments.Get("alert-thresholds")),
                Repetition = RepetitionThresholdsFrom(arguments.Get("repetition-thresholds")),
                CallbackSample = CallbackSampleFrom(arguments.Get("sample-size")),
                DistrictReview = arguments.Get("district-review") switch
                {
                    null or "province" => DistrictReview.Province,
                    "national" => DistrictReview.National,
                    var other => throw new UsageException($"--district-review is province or national, not '{other}'"),
                },
                OfficialsRouting = arguments.Get("officials-routing") switch
                {
                    null or "up" => Jebo.Casework.Offices.OfficialsRouting.Up,
                    "off" => Jebo.Casework.Offices.OfficialsRouting.Off,
                    var other => throw new UsageException($"--officials-routing is up or off, not '{other}'"),
                },
                StatusReturn = statusReturn,
                Sms = SmsFrom(arguments),
                RateLimits = rateLimits,
                TokenLifetime = TimeSpan.FromDays(
                    arguments.WholeNumber("token-days", 90, 1, Jebo.Casework.Staff.TokenRules.MaxDays)
                ),
                MaxRecordsPerBundle = maxRecords,
                MaxBundleBytes = maxBytes,
                TimeZone = timeZone,
                RegionsFile = regionsFile,
                CategoriesFile = categoriesFile,
                Retention = retention,
                RetentionTimes = retentionTimes,
            },
        };
    }

    /// <summary>The retention periods from <c>--retention-days identity=365,content=1825,intake=90</c> (any subset, the
    /// rest keep their defaults; <c>off</c> keeps that kind for ever): casework's periods and intake's.</summary>
    public static (Jebo.Casework.Retention.RetentionPeriods Casework, int? IntakeDays) RetentionFrom(string? text)
    {
        var periods = new Jebo.Casework.Retention.RetentionPeriods();
        int? intake = IntakeOptions.DefaultRetentionDays;
        foreach (
            var (name, days) in NamedValues(
                "retention-days",
                text,
                "NAME=DAYS pairs, DAYS 0-36500 or off",
                (string value, out int? parsed) =>
                {
                    parsed = null;
                    if (value == "off")
                    {
                        return true;
                    }

                    var read = WholeNumber(value, out var n) && n <= 36_500;
                    parsed = n;
                    return read;
                }
            )
        )
        {
            switch (name)
            {
                case "identity":
                    periods = periods with { IdentityDays = days };
                    break;
                case "content":
                    periods = periods with { ContentDays = days };
                    break;
                case "intake":
                    intake = days;
                    break;
                default:
                    throw new UsageException($"--retention-days knows identity, content and intake, not '{name}'");
            }
        }

        return (periods, intake);
    }

    /// <summary>The default time of day of the zones' retention round: the small hours, when few people work.</summary>
    public const string DefaultRetentionAt = "03:30";

    /// <summary>The times of day of <c>--retention-at HH:MM[,HH:MM…]</c> (default 03:30, platform time zone); none
    /// for <c>off</c>, when only <c>jebo retention run</c> purges.</summary>
    public static IReadOnlyList<TimeOnly> RetentionTimesFrom(string? text) =>
        (text ?? DefaultRetentionAt) == "off"
            ? []
            : Storage.Background.RoundSchedule.ParseTimes(text ?? DefaultRetentionAt, out var problem)
                ?? throw new UsageException($"--retention-at takes times of day HH:MM[,HH:MM...] or off: {problem}");

    /// <summary>The times of day of <c>--transfer-at HH:MM[,HH:MM…]</c>, on the platform's clock; none when not
    /// given.</summary>
    public static IReadOnlyList<TimeOnly> TransferTimesFrom(string? text) =>
        text is null
            ? []
            : Storage.Background.RoundSchedule.ParseTimes(text, out var problem)
                ?? throw new UsageException($"--transfer-at takes times of day HH:MM[,HH:MM...]: {problem}");

    /// <summary><c>--min-free-disk-mb N</c> (readiness floor, default 1024) and <c>--alert-webhook URL</c> (http or
    /// https).</summary>
    public static Storage.Monitoring.MonitoringOptions MonitoringFrom(Arguments arguments)
    {
        var webhook = arguments.Get("alert-webhook");
        Uri? uri = null;
        if (
            webhook is not null
            && (!Uri.TryCreate(webhook, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https"))
        )
        {
            throw new UsageException($"--alert-webhook takes an http or https URL, not '{webhook}'");
        }

        return new Storage.Monitoring.MonitoringOptions
        {
            MinimumFreeDiskBytes = arguments.WholeNumber("min-free-disk-mb", 1024, 0, 1L << 30) * 1024 * 1024,
            AlertWebhook = uri,
        };
    }

    /// <summary><c>--sms-gateway URL</c> (http or https, on the internal network) and <c>--sms-gateway-token-file
    /// FILE</c> (a bearer token, read again at every round); docs/operations.md, "SMS".</summary>
    public static Jebo.Casework.Feedback.SmsOptions SmsFrom(Arguments arguments)
    {
        var gateway = arguments.Get("sms-gateway");
        Uri? uri = null;
        if (
            gateway is not null
            && (!Uri.TryCreate(gateway, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https"))
        )
        {
            throw new UsageException($"--sms-gateway takes an http or https URL, not '{gateway}'");
        }

        var file = arguments.Get("sms-gateway-token-file");
        var tokenFile = file is null ? null : Path.GetFullPath(file);
        if (tokenFile is not null && (uri is null || !File.Exists(tokenFile)))
        {
            throw new UsageException(
                uri is null
                    ? "--sms-gateway-token-file needs --sms-gateway"
                    : $"--sms-gateway-token-file {file}: no such file"
            );
        }

        return new Jebo.Casework.Feedback.SmsOptions { Gateway = uri, TokenFile = tokenFile };
    }

    private static string? AdminUrl(string url) => url == "off" ? null : url;

    /// <summary>The full path of an operator's reference list (<c>--regions-file</c>, <c>--categories-file</c>), read
    /// once here so that a missing or malformed file is refused at the command line, with its reason, rather than by a
    /// zone that fails to start; null when the option is not given.</summary>
    public static string? ReferenceFile(Arguments arguments, string option, Action<string> load)
    {
        if (arguments.Get(option) is not { } given)
        {
            return null;
        }

        var path = Path.GetFullPath(given);
        try
        {
            load(path);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new UsageException($"--{option} {given}: {e.Message}");
        }
    }

    /// <summary>The platform's time zone from <c>--time-zone ID</c> (an IANA id; Asia/Seoul by default), checked here
    /// so that a typing error is bad usage at the command line rather than a zone that fails to start.</summary>
    public static string TimeZoneFrom(string? id)
    {
        if (id is null)
        {
            return Reference.TimeZones.PlatformTimeZone.DefaultId;
        }

        try
        {
            _ = new Reference.TimeZones.PlatformTimeZone(id);
            return id;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new UsageException($"--time-zone takes a time zone id such as Asia/Seoul, not '{id}'");
        }
    }

    /// <summary>The reverse proxies intake believes the client-address header from (<c>--trusted-proxy
    /// ADDRESS[,NETWORK…]</c>). A header named without a proxy to believe it from is refused here: it would be ignored,
    /// and every reporter behind the proxy would count as one client.</summary>
    public static TrustedProxies TrustedProxiesFrom(Arguments arguments)
    {
        TrustedProxies proxies;
        try
        {
            proxies = TrustedProxies.Parse(arguments.Get("trusted-proxy"));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--trusted-proxy takes the proxy's addresses or networks: {e.Message}");
        }

        return proxies.IsEmpty && arguments.Get("client-address-header") is { } header
            ? throw new UsageException(
                $"--client-address-header {header} is believed only from the proxy that writes it: add --trusted-proxy "
                    + $"with the proxy's address as intake sees it (e.g. --trusted-proxy 127.0.0.1)"
            )
            : proxies;
    }

    /// <summary>Where uploaded files are cleaned (docs/portal.md, "Cleaning in isolation"): <c>--file-cleaning
    /// isolated|in-process</c>, <c>--cleaner-workers N</c>, <c>--cleaner-command "PROGRAM ARGS"</c> (split at spaces),
    /// <c>--cleaner-budget SECONDS</c> and <c>--mat2 PATH</c>.</summary>
    public static CleaningOptions CleaningFrom(Arguments arguments)
    {
        var defaults = new CleaningOptions();
        return new CleaningOptions
        {
            Isolated = arguments.Get("file-cleaning") switch
            {
                null or "isolated" => true,
                "in-process" => false,
                var other => throw new UsageException($"--file-cleaning must be isolated or in-process, not '{other}'"),
            },
            Workers = (int)arguments.WholeNumber("cleaner-workers", defaults.Workers, 1, 64),
            WorkerCommand = arguments.Get("cleaner-command")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                is { Length: > 0 } command
                ? command
                : null,
            BaseBudget = arguments.Seconds("cleaner-budget", defaults.BaseBudget)!.Value,
            Mat2 = arguments.Get("mat2") ?? defaults.Mat2,
        };
    }

    /// <summary>The deadline lengths from <c>--deadline-days contact=30,acceptance=7,...</c> (any subset; the rest keep
    /// their defaults; <c>protection-hours</c>, the one in hours). Overdue cases are looked for every minute whenever
    /// transfer runs on its own.</summary>
    public static DeadlineOptions DeadlinesFrom(string? text, TimeSpan? transferInterval)
    {
        var options = new DeadlineOptions
        {
            EscalationInterval = transferInterval is null ? null : TimeSpan.FromMinutes(1),
        };
        foreach (var (name, days) in NamedValues<int>("deadline-days", text, "NAME=DAYS pairs", WholeNumber))
        {
            options = name switch
            {
                "contact" => options with { ContactDays = days },
                "acceptance" => options with { AcceptanceDays = days },
                "verification" => options with { VerificationDays = days },
                "feedback" => options with { FeedbackDays = days },
                "due-soon" => options with { DueSoonDays = days },
                "protection-hours" => options with { ProtectionHours = days },
                "escalation-step" => options with { EscalationStepDays = days },
                _ => throw new UsageException(
                    "--deadline-days knows contact, acceptance, verification, feedback, due-soon, escalation-step and "
                        + $"protection-hours, not '{name}'"
                ),
            };
        }

        return options.Problem() is { } problem ? throw new UsageException($"--deadline-days: {problem}") : options;
    }

    /// <summary>The monthly callback sample's sizes from <c>--sample-size per-province=20,11=30,26=10</c> (cases per
    /// province, and for named provinces by office code; any subset).</summary>
    public static Jebo.Casework.Sampling.CallbackSampleOptions CallbackSampleFrom(string? text)
    {
        var options = new Jebo.Casework.Sampling.CallbackSampleOptions();
        var provinces = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, size) in NamedValues<int>("sample-size", text, "NAME=SIZE pairs", WholeNumber))
        {
            if (name == "per-province")
            {
                options = options with { PerProvince = size };
            }
            else
            {
                provinces[name] = size;
            }
        }

        options = options with { Provinces = provinces };
        return options.Problem() is { } problem ? throw new UsageException($"--sample-size: {problem}") : options;
    }

    /// <summary>The security alerts' thresholds from <c>--alert-thresholds
    /// case-views=200,identity-views=20,failed-signins=5</c> (counts per person in 24 hours, and
    /// <c>identity-views-hour=5</c> within an hour; any subset, the rest keep their defaults).</summary>
    public static AlertThresholds AlertThresholdsFrom(string? text)
    {
        var thresholds = new AlertThresholds();
        var pairs = NamedValues(
            "alert-thresholds",
            text,
            "NAME=COUNT pairs, each count 1-1000000",
            (string value, out int count) => WholeNumber(value, out count) && count is >= 1 and <= 1_000_000
        );
        foreach (var (name, count) in pairs)
        {
            thresholds = name switch
            {
                "case-views" => thresholds with { CaseViewsPerDay = count },
                "identity-views" => thresholds with { IdentityViewsPerDay = count },
                "identity-views-hour" => thresholds with { IdentityViewsPerHour = count },
                "failed-signins" => thresholds with { FailedSignInsPerDay = count },
                _ => throw new UsageException(
                    $"--alert-thresholds knows case-views, identity-views, identity-views-hour and failed-signins, not "
                        + $"'{name}'"
                ),
            };
        }

        return thresholds;
    }

    /// <summary>When repetition is flagged, from <c>--repetition-thresholds
    /// contact=5,contact-days=30,follow-ups=10,follow-up-hours=24</c> (any subset, the rest keep their
    /// defaults).</summary>
    public static Casework.Screening.RepetitionThresholds RepetitionThresholdsFrom(string? text)
    {
        var thresholds = new Casework.Screening.RepetitionThresholds();
        foreach (var (name, value) in NamedValues<int>("repetition-thresholds", text, "NAME=NUMBER pairs", WholeNumber))
        {
            thresholds = name switch
            {
                "contact" => thresholds with { ContactReports = value },
                "contact-days" => thresholds with { ContactDays = value },
                "follow-ups" => thresholds with { FollowUps = value },
                "follow-up-hours" => thresholds with { FollowUpHours = value },
                _ => throw new UsageException(
                    $"--repetition-thresholds knows contact, contact-days, follow-ups and follow-up-hours, not "
                        + $"'{name}'"
                ),
            };
        }

        return thresholds.Problem() is { } problem
            ? throw new UsageException($"--repetition-thresholds: {problem}")
            : thresholds;
    }

    /// <summary>Reads one value of a NAME=VALUE option; false when the text is no such value.</summary>
    private delegate bool ValueReader<T>(string text, out T value);

    /// <summary>The NAME=VALUE pairs of an option such as <c>--deadline-days contact=30,acceptance=7</c>: comma
    /// separated, any subset; a part without '=' or with a value <paramref name="read"/> refuses ends the command with
    /// one message naming the option, what it takes (<paramref name="takes"/>) and the part.</summary>
    private static IEnumerable<(string Name, T Value)> NamedValues<T>(
        string option,
        string? text,
        string takes,
        ValueReader<T> read
    )
    {
        foreach (
            var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        )
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !read(pair[1], out var value))
            {
                throw new UsageException($"--{option} takes {takes}, not '{part}'");
            }

            yield return (pair[0], value);
        }
    }

    /// <summary>Digits only, as a whole number (no sign, no spaces, no separators).</summary>
    private static bool WholeNumber(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
