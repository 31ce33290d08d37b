using Jebo.Intake.Abuse;
using Jebo.Intake.Api;
using Jebo.Intake.Attachments;
using Jebo.Intake.Data;
using Jebo.Intake.FollowUps;
using Jebo.Intake.Keys;
using Jebo.Intake.Localization;
using Jebo.Intake.Maintenance;
using Jebo.Intake.Monitoring;
using Jebo.Intake.Receipts;
using Jebo.Intake.Reports;
using Jebo.Intake.Retention;
using Jebo.Intake.Status;
using Jebo.Intake.Transfer;
using Jebo.Intake.Web;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Reference.TimeZones;
using Jebo.Storage;
using Jebo.Storage.Background;
using Jebo.Storage.Monitoring;
using Jebo.Transfer;
using Jebo.Transfer.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jebo.Intake;

/// <summary>The intake zone's composition root: what it is made of and what it answers.</summary>
public static class IntakeZone
{
    public static readonly ZoneName Zone = ZoneName.Intake;

    /// <summary>A web application builder for the intake zone, not yet built, so a test can swap the server.</summary>
    public static WebApplicationBuilder CreateBuilder(IntakeOptions options, string? url)
    {
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions
            {
                ApplicationName = typeof(IntakeZone).Assembly.GetName().Name,
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

        PortalPages.UseEmbeddedWebRoot(builder.Environment);
        builder.Services.AddIntake(options);
        return builder;
    }

    public static IServiceCollection AddIntake(this IServiceCollection services, IntakeOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PlatformTimeZone(options.TimeZone));
        services.AddSingleton(_ => IntakeKeys.Load(options.KeysFolder));
        services.AddSingleton(sp => new ReceiptKeys(sp.GetRequiredService<IntakeKeys>().Pepper));
        services.AddSingleton(_ => RegionDataset.Load(options.RegionsFile));
        services.AddSingleton(_ => CategoryList.Load(options.CategoriesFile));
        // Pooled: every look-up and submission takes a context, and building one (its options and services) cost more
        // than the look-up's query under load (docs/benchmarks.md). A returned context is reset by EF.
        services.AddDbContextPool<IntakeDb>(o => o.Use(options.Database));
        services.AddSingleton<WriterTurns>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<MaintenanceMode>();
        services.AddSingleton<ReportValidator>();
        services.AddScoped<ReportIntake>();
        services.AddSingleton<LookupReads>();
        services.AddScoped<StatusLookup>();
        services.AddScoped<FollowUpIntake>();
        services.AddScoped<IntakeOutbox>();
        services.AddScoped<StatusInbox>();
        services.AddSingleton<IntakeTransferPump>();
        services.AddPeriodicWork(TransferLoop, options.TransferSchedule, (sp, ct) =>
            sp.GetRequiredService<IntakeTransferPump>().RunOnceAsync(ct)
        );
        // At least hourly, even when transfer is daily: files nobody claimed are not kept a day.
        var sweep = options.TransferSchedule?.LongestGap is { } gap
            ? TimeSpan.FromTicks(Math.Min(gap.Ticks, TimeSpan.TicksPerHour))
            : (TimeSpan?)null;
        services.AddPeriodicWork("attachment sweep", sweep, (sp, ct) =>
            sp.GetRequiredService<IntakeTransferPump>().SweepAsync(ct)
        );
        services.AddScoped<IntakeRetention>();
        services.AddPeriodicWork(RetentionLoop, options.RetentionSchedule, async (sp, ct) =>
        {
            await using var scope = sp.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IntakeRetention>().RunAsync(false, ct);
        });
        services.AddIntakeMonitoring(options);
        services.AddAbuseDefences(options, HeldAnswer.WriteAsync);
        services.AddScoped<IntakeGuard>();
        services.AddSingleton<Attachments.Isolation.FileCleaning>();
        services.AddScoped<AttachmentIntake>();
        services.AddLanguages();
        services.AddPortal(options);
        services.AddProblemDetails();
        services.AddIntakeApiDocument();
        return services;
    }

    /// <summary>Metrics, alert delivery and the readiness checks (docs/operations.md, "Monitoring").</summary>
    private static IServiceCollection AddIntakeMonitoring(this IServiceCollection services, IntakeOptions options)
    {
        services.AddZoneMetrics<IntakeMetrics>(IntakeMetrics.MeterName);
        services.AddAlertDelivery(
            Zone.ToString(),
            options.Monitoring,
            options.TransferSchedule is not null,
            Alerting.FailingLoopsAsync
        );
        string[] spools = [options.OutboundSpool, options.InboundSpool];
        return services
            .AddReadiness(
                sp => new DatabaseCheck(sp.GetRequiredService<IntakeDb>(), options.Database, Zone.ToString()),
                spools,
                options.KeysFolder,
                [
                    IntakeKeys.SigningKeyFile,
                    IntakeKeys.PepperFile,
                    Path.Combine(KeyFolder.TrustedFolder, $"{IntakeKeys.Peer}-sealing-g*.pub"),
                ],
                TransferLoop,
                options.TransferSchedule,
                [options.ZoneFolder, .. spools],
                options.Monitoring
            )
            .AddHealthChecks()
            .AddCheck<ClientSpreadCheck>(ClientSpreadCheck.Name)
            .Services;
    }

    /// <summary>The name of the loop that writes report bundles and applies status, in logs, health and
    /// readiness.</summary>
    public const string TransferLoop = "intake transfer";

    /// <summary>The name of the loop that removes what intake keeps past its use (docs/operations.md,
    /// "Retention").</summary>
    public const string RetentionLoop = "intake retention";

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLanguages();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAbuseDefences();
        app.MapHealth();
        app.MapOpenApi(IntakeApiDocument.Path);
        app.MapProofScript();
        var api = app.MapGroup("/api/v1");
        api.MapReportsApi();
        api.MapStatusApi();
        api.MapChallengeApi();
        app.MapPortal();
        return app;
    }

    /// <summary>Creates the zone's keys if missing, creates its database if missing and the role may, and applies its
    /// migrations; idempotent.</summary>
    public static async Task InitializeAsync(IntakeOptions options, CancellationToken cancellationToken)
    {
        OwnerOnly.Folder(options.ZoneFolder);
        OwnerOnly.Folder(options.OutboundSpool);
        OwnerOnly.Folder(options.InboundSpool);
        IntakeKeys.CreateIfMissing(options.KeysFolder);
        await MigrateAsync(options, cancellationToken);
    }

    /// <summary>Applies the zone's migrations (creating a missing database when the role may); nothing else.</summary>
    public static async Task MigrateAsync(IntakeOptions options, CancellationToken cancellationToken)
    {
        await DatabaseAvailability.EnsureAsync(
            options.Database,
            Zone.ToString(),
            createIfMissing: true,
            cancellationToken
        );
        await using var db = OpenDatabase(options);
        await db.Database.MigrateAsync(cancellationToken);
        // made (or left by an older build) under whatever umask: the owner's alone
        OwnerOnly.Database(options.Database);
    }

    /// <summary>Before a node starts: its keys load, its database is reachable and up to date. Changes
    /// nothing.</summary>
    public static async Task VerifyAsync(IntakeOptions options, CancellationToken cancellationToken)
    {
        IntakeKeys.Load(options.KeysFolder).Dispose();
        await DatabaseAvailability.EnsureAsync(
            options.Database,
            Zone.ToString(),
            createIfMissing: false,
            cancellationToken
        );
        await using var db = OpenDatabase(options);
        await DatabaseAvailability.RequireMigratedAsync(db, Zone.ToString(), cancellationToken);
    }

    public static IntakeDb OpenDatabase(IntakeOptions options)
    {
        var builder = new DbContextOptionsBuilder<IntakeDb>();
        builder.Use(options.Database);
        return new IntakeDb(builder.Options);
    }
}
