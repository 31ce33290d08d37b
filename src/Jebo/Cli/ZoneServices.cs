using Jebo.Casework;
using Jebo.Casework.Keys;
using Jebo.Intake;
using Jebo.Intake.Keys;

namespace Jebo.Cli;

/// <summary>A zone's services for a command that runs outside the web host: the same registrations the zone itself
/// uses, so a command can never build an importer or an outbox differently from the running zone.</summary>
public sealed class ZoneServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly AsyncServiceScope scope;

    private ZoneServices(ServiceProvider provider)
    {
        this.provider = provider;
        scope = provider.CreateAsyncScope();
    }

    public T Get<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public static ZoneServices Intake(JeboSettings settings)
    {
        RequireZone(settings, "intake");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIntake(settings.Intake);
        return new ZoneServices(services.BuildServiceProvider());
    }

    public static ZoneServices Casework(JeboSettings settings)
    {
        RequireZone(settings, "casework");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCasework(settings.Casework);
        return new ZoneServices(services.BuildServiceProvider());
    }

    public static bool IntakeHere(JeboSettings settings) => IntakeKeys.IsInitialised(settings.Intake.KeysFolder);

    public static bool CaseworkHere(JeboSettings settings) => CaseworkKeys.IsInitialised(settings.Casework.KeysFolder);

    /// <summary>The zone a command works on: the one given with <c>--zone</c>, else the only one initialised here, else
    /// <paramref name="preferred"/> when both are.</summary>
    public static string Choose(JeboSettings settings, Arguments arguments, string preferred)
    {
        var zone = arguments.Get("zone");
        if (zone is not null and not ("intake" or "casework"))
        {
            throw new UsageException("--zone must be intake or casework");
        }

        var intake = IntakeHere(settings);
        var casework = CaseworkHere(settings);
        zone ??= intake && casework ? preferred : intake ? "intake" : casework ? "casework" : null;
        if (zone is null)
        {
            throw new CommandFailedException($"no zone is initialised in {settings.DataFolder}; run `jebo init --zone intake|casework` first");
        }

        RequireZone(settings, zone);
        return zone;
    }

    private static void RequireZone(JeboSettings settings, string zone)
    {
        if (!(zone == "intake" ? IntakeHere(settings) : CaseworkHere(settings)))
        {
            throw new CommandFailedException($"the {zone} zone is not initialised in {settings.DataFolder}; run `jebo init --zone {zone}` there first");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await provider.DisposeAsync();
    }
}
