using Jebo.Casework;
using Jebo.Casework.Keys;
using Jebo.Intake;
using Jebo.Intake.Keys;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary>A zone's services for a command that runs outside the web host: the same registrations the zone itself
/// uses (<see cref="IntakeZone.AddIntake"/>, <see cref="CaseworkZone.AddCasework"/>), so a command can never open a
/// database, build an importer or an account store differently from the running zone. Every verb that works on a
/// zone's data goes through here.</summary>
public sealed class ZoneServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly AsyncServiceScope scope;

    private ZoneServices(ServiceProvider provider)
    {
        this.provider = provider;
        scope = provider.CreateAsyncScope();
    }

    /// <summary>A service from this command's scope.</summary>
    public T Get<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>A further scope, for a command that does many units of work (one database context each).</summary>
    public AsyncServiceScope NewScope() => provider.CreateAsyncScope();

    /// <summary>The intake zone's services. Nothing is loaded until asked for: a command that needs only the database
    /// works (and reports a database that cannot be reached) whether or not the keys are here.</summary>
    public static ZoneServices Intake(JeboSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIntake(settings.Intake);
        return new ZoneServices(services.BuildServiceProvider());
    }

    /// <summary>The casework zone's services; as for <see cref="Intake"/>, nothing is loaded until asked for.</summary>
    public static ZoneServices Casework(JeboSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCasework(settings.Casework);
        return new ZoneServices(services.BuildServiceProvider());
    }

    public static ZoneServices Of(JeboSettings settings, ZoneName zone) =>
        zone == ZoneName.Intake ? Intake(settings) : Casework(settings);

    /// <summary>Whether the zone's keys are in this data folder (what <c>jebo init --zone Z</c> makes).</summary>
    public static bool IsInitialised(JeboSettings settings, ZoneName zone) =>
        zone == ZoneName.Intake
            ? IntakeKeys.IsInitialised(settings.Intake.KeysFolder)
            : CaseworkKeys.IsInitialised(settings.Casework.KeysFolder);

    /// <summary>The zones initialised in this data folder: a two-zone machine holds one, <c>up</c> both.</summary>
    public static IReadOnlyList<ZoneName> Initialised(JeboSettings settings) =>
        [.. ZoneName.All.Where(z => IsInitialised(settings, z))];

    /// <summary>The zone a command works on: the one given with <c>--zone</c>, else the only one initialised here, else
    /// <paramref name="preferred"/> when both are.</summary>
    public static ZoneName Choose(JeboSettings settings, Arguments arguments, ZoneName preferred)
    {
        var initialised = Initialised(settings);
        var zone = arguments.Zone() ?? (initialised.Count == 2 ? preferred : initialised.SingleOrDefault());
        if (zone is null)
        {
            throw NoZoneHere(settings);
        }

        Require(settings, zone);
        return zone;
    }

    /// <summary>The refusal of a command that needs a zone, in a data folder holding none (a wrong <c>--data</c>, or a
    /// machine not yet set up): never advising <c>jebo init</c> without <c>--zone</c>, which would put both zones
    /// here.</summary>
    public static CommandFailedException NoZoneHere(JeboSettings settings) =>
        new(
            $"no zone is initialised in {settings.DataFolder}: give the zone's data folder with --data DIR (or "
                + $"JEBO_DATA); a machine not yet set up is set up with `jebo init --zone intake` or `jebo init "
                + $"--zone casework`, whichever zone it runs"
        );

    /// <summary>Refuses, with the next step on this machine, a command for a zone whose keys are not in this data
    /// folder. Checked before any database is opened, so a wrong folder never gets a stray SQLite file. A folder that
    /// holds the other zone is the other machine: the command is sent there, never told to create this zone beside
    /// it.</summary>
    public static void Require(JeboSettings settings, ZoneName zone)
    {
        if (IsInitialised(settings, zone))
        {
            return;
        }

        throw new CommandFailedException(
            IsInitialised(settings, zone.Peer)
                ? $"{settings.DataFolder} holds the {zone.Peer} zone, not {zone}: run this command on the {zone} "
                    + $"machine (or give its data folder with --data DIR)"
                : $"no {zone} zone in {settings.DataFolder}: give the data folder `jebo init --zone {zone}` made with "
                    + $"--data DIR (or JEBO_DATA); on {(zone == ZoneName.Intake ? "an" : "a")} {zone} machine not yet "
                    + $"set up, run `jebo init --zone {zone}` first"
        );
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await provider.DisposeAsync();
    }
}
