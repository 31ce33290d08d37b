using Jebo.Casework.Api;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Feedback;
using Jebo.Casework.Keys;
using Jebo.Casework.Monitoring;
using Jebo.Casework.Offices;
using Jebo.Casework.Pages.Audit;
using Jebo.Casework.Queues;
using Jebo.Casework.Retention;
using Jebo.Casework.Sampling;
using Jebo.Casework.Screening;
using Jebo.Casework.Sealing;
using Jebo.Casework.Staff;
using Jebo.Casework.Statistics;
using Jebo.Casework.Transfer;
using Jebo.Casework.Web;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Reference.TimeZones;
using Jebo.Storage;
using Jebo.Storage.Background;
using Jebo.Storage.Monitoring;
using Jebo.Transfer;
using Jebo.Transfer.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Jebo.Casework;

/// <summary>The casework zone's composition root: what it is made of and what it answers.</summary>
public static class CaseworkZone
{
    public static readonly ZoneName Zone = ZoneName.Casework;

    public static WebApplicationBuilder CreateBuilder(CaseworkOptions options, string? url)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                ApplicationName = typeof(CaseworkZone).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            }
        );
        // Settings come from the jebo command line alone, not from stray appsettings files or ASPNETCORE_ variables.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        if (url is not null)
        {
            builder.WebHost.UseUrls(url);
        }

        builder.Services.AddCasework(options);
        return builder;
    }

    public static IServiceCollection AddCasework(this IServiceCollection services, CaseworkOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => CaseworkKeys.Load(options.KeysFolder));
        services.AddSingleton(_ => RegionDataset.Load(options.RegionsFile));
        services.AddSingleton(_ => CategoryList.Load(options.CategoriesFile));
        services.AddSingleton<OfficeTree>();
        services.AddSingleton<OfficialTies>();
        services.AddSingleton<CaseRouting>();
        services.AddSingleton<Jurisdiction>();
        services.AddSingleton<FourEyes>();
        services.AddSingleton<RelatedCaseDisclosure>();
        services.AddSingleton(new PlatformTimeZone(options.TimeZone));
        services.AddSingleton(options.Deadlines);
        services.AddSingleton<DeadlineCalendar>();
        services.AddSingleton<CaseClock>();
        services.AddSingleton<SealedBoxOpener>();
        services.AddSingleton<SealedBoxSealer>();
        services.AddDbContext<CaseworkDb>(o => o.Use(options.Database));
        services.AddScoped<AuditLog>();
        services.AddSingleton(_ => new AuditCheckpointFile(options.CheckpointFile));
        services.AddScoped<AuditCheckpoints>();
        services.AddScoped<SecurityAlerts>();
        services.AddScoped<AuditSearch>();
        services.AddSingleton(options.AlertThresholds);
        services.AddScoped<Search.CaseSearch>();
        services.AddScoped<CaseQueries>();
        services.AddSingleton<JurisdictionCounts>();
        services.AddScoped<CaseListExport>();
        services.AddScoped<CaseActions>();
        services.AddScoped<CaseSteps>();
        services.AddScoped<CaseStepCompletion>();
        services.AddScoped<CaseTransitions>();
        services.AddScoped<CaseAssignment>();
        services.AddScoped<CaseMessaging>();
        services.AddScoped<CaseMergeSteps>();
        services.AddScoped<CaseRevert>();
        services.AddScoped<CaseOversight>();
        services.AddScoped<CaseRewards>();
        services.AddScoped<CaseRelationSteps>();
        services.AddScoped<CaseMerging>();
        services.AddScoped<CaseDocuments>();
        services.AddScoped<StatusPublication>();
        services.AddScoped<ReporterContacts>();
        services.AddCaseworkSms(options);
        services.AddScoped<CaseQueues>();
        services.AddScoped<CaseStatistics>();
        services.AddScoped<CaseLedger>();
        services.AddScoped<StatsFilterReader>();
        services.AddSingleton(options.CallbackSample);
        services.AddScoped<CallbackSampling>();
        services.AddPeriodicWork(SampleLoop, options.SampleSchedule, async (sp, ct) =>
        {
            await using var scope = sp.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CallbackSampling>().DrawDueAsync(ct);
        });
        services.AddScoped<Escalation>();
        services.AddSingleton<EscalationWatch>();
        services.AddPeriodicWork("escalation", options.Deadlines.EscalationInterval, (sp, ct) =>
            sp.GetRequiredService<EscalationWatch>().RunOnceAsync(ct)
        );
        services.AddScoped<StaffAccounts>();
        services.AddScoped<PledgeRegister>();
        services.AddScoped<AccountRequests>();
        // Every core for a zone alone; `jebo up` registers a share that gives way to intake's requests.
        services.TryAddSingleton(ProcessorShare.Whole);
        services.AddSingleton<ReportBundleOpener>();
        services.AddScoped<ReportBundleWriter>();
        services.AddScoped<ReporterRequests>();
        services.AddScoped<ClueEntry>();
        services.AddScoped<ImportJournal>();
        services.AddScoped<QuarantineAlerts>();
        services.AddScoped<ReportImporter>();
        services.AddScoped<StatusOutbox>();
        services.AddSingleton(sp => new ClueIndex { Share = sp.GetRequiredService<ProcessorShare>() });
        services.AddScoped<ClueScreening>();
        services.AddScoped<ScreeningPriorities>();
        services.AddSingleton(_ => ContactHashing.Load(options.KeysFolder));
        services.AddSingleton(options.Repetition);
        services.AddScoped<RepetitionWatch>();
        services.AddScoped<ScreeningMarks>();
        services.AddScoped<TransferMonitor>();
        services.AddSingleton<CaseworkTransferPump>();
        services.AddPeriodicWork(TransferLoop, options.TransferSchedule, (sp, ct) =>
            sp.GetRequiredService<CaseworkTransferPump>().TransferOnceAsync(ct)
        );
        services.AddPeriodicWork("audit checkpoints", options.TransferSchedule, (sp, ct) =>
            sp.GetRequiredService<CaseworkTransferPump>().CheckpointAsync(ct)
        );
        services.AddScoped<LegalHolds>();
        services.AddScoped<CaseworkRetention>();
        services.AddPeriodicWork(RetentionLoop, options.RetentionSchedule, async (sp, ct) =>
        {
            await using var scope = sp.CreateAsyncScope();
            await scope
                .ServiceProvider.GetRequiredService<CaseworkRetention>()
                .RunAsync(false, AuditLog.SystemActor, ct);
        });
        services.AddCaseworkMonitoring(options);
        services
            .AddAuthentication(TokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddStaffWeb(options);
        services.AddProblemDetails();
        services.AddCaseworkApiDocument();
        return services;
    }

    /// <summary>The SMS outbox and its delivery loop, which runs when the zone's loops run and a gateway is configured
    /// (docs/operations.md, "SMS").</summary>
    private static IServiceCollection AddCaseworkSms(this IServiceCollection services, CaseworkOptions options)
    {
        services.AddSingleton(options.Sms);
        services.AddSingleton<SmsGateway>();
        services.AddScoped<SmsRecipients>();
        services.AddScoped<SmsOutbox>();
        services.AddScoped<SmsDelivery>();
        var runs = options.Sms.Enabled && options.TransferSchedule is not null;
        return services.AddPeriodicWork(SmsDelivery.Loop, runs ? options.Sms.Interval : null, SmsDelivery.RoundAsync);
    }

    /// <summary>Metrics, alert delivery and the readiness checks (docs/operations.md, "Monitoring").</summary>
    private static IServiceCollection AddCaseworkMonitoring(this IServiceCollection services, CaseworkOptions options)
    {
        services.AddZoneMetrics<CaseworkMetrics>(CaseworkMetrics.MeterName);
        services.AddSingleton<QueueDepthMetrics>();
        services
            .AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddInstrumentation(sp => sp.GetRequiredService<QueueDepthMetrics>()));
        services.AddAlertDelivery(
            Zone.ToString(),
            options.Monitoring,
            options.TransferSchedule is not null,
            AlertRelay.ReadAsync
        );
        string[] spools = [options.InboundSpool, options.OutboundSpool];
        return services.AddReadiness(
            sp => new DatabaseCheck(sp.GetRequiredService<CaseworkDb>(), options.Database, Zone.ToString()),
            spools,
            options.KeysFolder,
            [
                CaseworkKeys.SealingKeyFile,
                CaseworkKeys.SigningKeyFile,
                Path.Combine(KeyFolder.TrustedFolder, $"{CaseworkKeys.Peer}-signing-*.pub"),
            ],
            TransferLoop,
            options.TransferSchedule,
            [options.ZoneFolder, .. spools],
            options.Monitoring
        );
    }

    /// <summary>The name of the loop that imports report bundles and writes status, in logs, health and
    /// readiness.</summary>
    public const string TransferLoop = "casework transfer";

    /// <summary>The name of the loop that purges what closed cases no longer need (docs/operations.md,
    /// "Retention").</summary>
    public const string RetentionLoop = "casework retention";

    /// <summary>The name of the loop that draws each month's callback sample on the first day of the next
    /// (docs/operations.md, "Monthly callback sample").</summary>
    public const string SampleLoop = "callback sample";

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseStaffWeb();
        app.MapHealth();
        app.MapOpenApi(CaseworkApiDocument.Path);
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapCasesApi();
        api.MapAttachmentsApi();
        api.MapDocumentsApi();
        api.MapAlertsApi();
        api.MapPledgesApi();
        api.MapQueuesApi();
        api.MapRepetitionApi();
        api.MapStatsApi();
        api.MapSamplesApi();
        api.MapRetentionApi();
        api.MapOfficesApi();
        api.MapTransferApi();
        api.MapSmsApi();
        app.MapStaffWeb();
        return app;
    }

    /// <summary>Creates the zone's keys if missing, creates its database if missing and the role may, applies
    /// migrations and adds an office for every region of the dataset (the built-in or <c>--regions-file</c>) that has
    /// none yet; idempotent.</summary>
    public static async Task InitializeAsync(CaseworkOptions options, CancellationToken cancellationToken)
    {
        OwnerOnly.Folder(options.ZoneFolder);
        OwnerOnly.Folder(options.InboundSpool);
        OwnerOnly.Folder(options.OutboundSpool);
        CaseworkKeys.CreateIfMissing(options.KeysFolder);
        Rewards.RewardRules.WriteDefaultIfMissing(options.RewardsFile);
        await MigrateAsync(options, cancellationToken);
        await using var db = OpenDatabase(options);
        await OfficeTree.SyncAsync(db, RegionDataset.Load(options.RegionsFile), cancellationToken);
    }

    /// <summary>How long one statement of a migration may take: a migration that rewrites a table and builds its index
    /// takes minutes at a million cases (SearchVectorOffice: about 30 s of PostgreSQL's time at a million documents),
    /// where a request's commands are cut at 30 s.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromHours(1);

    /// <summary>Applies the zone's migrations (creating a missing database when the role may), and the data step the
    /// search migration needs: existing report content rewritten readable and the search index built from it
    /// (<see cref="Search.SearchIndexing.RebuildAsync"/>).</summary>
    public static async Task MigrateAsync(CaseworkOptions options, CancellationToken cancellationToken)
    {
        await DatabaseAvailability.EnsureAsync(
            options.Database,
            Zone.ToString(),
            createIfMissing: true,
            cancellationToken
        );
        await using var db = OpenDatabase(options);
        db.Database.SetCommandTimeout(MigrationTimeout);
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Any(m => m.EndsWith("_" + SearchMigration, StringComparison.Ordinal)))
        {
            await Search.SearchIndexing.RebuildAsync(db, cancellationToken);
        }

        if (pending.Any(m => m.EndsWith("_" + PriorityMigration, StringComparison.Ordinal)))
        {
            // Existing reports judged and existing contacts hashed as new ones are (Screening/).
            await new ScreeningPriorities(db, TimeProvider.System).JudgePendingAsync(cancellationToken);
            await RepetitionWatch.HashContactsAsync(db, ContactHashing.Load(options.KeysFolder), cancellationToken);
        }

        // made (or left by an older build) under whatever umask: the owner's alone
        OwnerOnly.Database(options.Database);
    }

    /// <summary>The migration that added the screening priority and the contact hash; applying it judges and hashes
    /// what is stored.</summary>
    public const string PriorityMigration = "ScreeningPriorityAndRepetition";

    /// <summary>The migration that made the search index; applying it rebuilds the index from what is stored.</summary>
    public const string SearchMigration = "CaseSearch";

    /// <summary>Before the zone starts: its keys load, its database is reachable and up to date. Changes
    /// nothing.</summary>
    public static async Task VerifyAsync(CaseworkOptions options, CancellationToken cancellationToken)
    {
        CaseworkKeys.Load(options.KeysFolder).Dispose();
        await DatabaseAvailability.EnsureAsync(
            options.Database,
            Zone.ToString(),
            createIfMissing: false,
            cancellationToken
        );
        await using var db = OpenDatabase(options);
        await DatabaseAvailability.RequireMigratedAsync(db, Zone.ToString(), cancellationToken);
    }

    public static CaseworkDb OpenDatabase(CaseworkOptions options)
    {
        var builder = new DbContextOptionsBuilder<CaseworkDb>();
        builder.Use(options.Database);
        return new CaseworkDb(builder.Options);
    }
}
