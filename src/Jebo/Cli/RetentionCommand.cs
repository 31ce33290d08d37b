using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Retention;
using Jebo.Intake.Retention;
using Jebo.Storage;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary><c>jebo retention run [--dry-run] [--zone Z]</c>: one retention round on each zone initialised here (as the
/// running zones do at <c>--retention-at</c>), printing what went or, with <c>--dry-run</c>, what would go, changing
/// nothing. <c>jebo retention hold|lift --case ID --reason TEXT</c>: sets or lifts a case's legal hold from the
/// casework machine (audited, as the national office).</summary>
public static class RetentionCommand
{
    public const string Usage =
        "usage: jebo retention run [--dry-run] [--zone Z] | retention hold|lift --case ID --reason TEXT";

    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var action = arguments.Words.Count > 1 ? arguments.Words[1] : throw new UsageException(Usage);
        return action switch
        {
            "run" => await RoundAsync(arguments, output, cancellationToken),
            "hold" or "lift" => await HoldAsync(arguments, action == "hold", output, cancellationToken),
            _ => throw new UsageException($"unknown retention action '{action}' (run, hold or lift)"),
        };
    }

    private static async Task<int> RoundAsync(
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("dry-run", "zone");
        var dryRun = arguments.Has("dry-run");
        var settings = JeboSettings.From(arguments, null);
        var zones = arguments.Zones(() => ZoneServices.Initialised(settings));
        if (zones.Count == 0)
        {
            ZoneServices.Choose(settings, arguments, ZoneName.Casework);
        }

        var verb = dryRun ? "would purge" : "purged";
        foreach (var zone in zones)
        {
            ZoneServices.Require(settings, zone);
            await using var services = ZoneServices.Of(settings, zone);
            if (zone == ZoneName.Intake)
            {
                var db = services.Get<Intake.Data.IntakeDb>();
                await DatabaseAvailability.RequireMigratedAsync(db, zone.ToString(), cancellationToken);
                var result = await services.Get<IntakeRetention>().RunAsync(dryRun, cancellationToken);
                await output.WriteLineAsync(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"intake: {verb} {result.StatusRows} status row(s) of finished reports, {result.FollowUps} "
                            + $"acknowledged follow-up(s), {result.SpoolFiles} spool file(s), {result.Quarantine} "
                            + $"resolved quarantine folder(s), the sealed copies of {result.LostBundles} bundle(s) "
                            + $"acknowledged as lost at casework ({Days(settings.Intake.RetentionDays)})"
                    )
                );
                continue;
            }

            var casework = services.Get<Casework.Data.CaseworkDb>();
            await DatabaseAvailability.RequireMigratedAsync(casework, zone.ToString(), cancellationToken);
            var round = await services
                .Get<CaseworkRetention>()
                .RunAsync(dryRun, UsersCommand.CliActor, cancellationToken);
            foreach (var purge in round.Purges)
            {
                var what = purge.Content
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"content of {purge.Reports} report(s), {purge.FollowUps} follow-up(s), {purge.Attachments} "
                            + $"file(s), {purge.Messages} message(s); {purge.Identities} identit(ies)"
                    )
                    : string.Create(CultureInfo.InvariantCulture, $"{purge.Identities} identit(ies)");
                var kept =
                    purge.KeptReports > 0
                        ? string.Create(
                            CultureInfo.InvariantCulture,
                            $" ({purge.KeptReports} report(s) from a held case kept)"
                        )
                        : "";
                await output.WriteLineAsync(
                    $"casework: case {purge.CaseId} closed {purge.ClosedAt:yyyy-MM-dd}: {verb} {what}{kept}"
                );
            }

            foreach (var held in round.Held)
            {
                await output.WriteLineAsync($"casework: case {held} is due but under a legal hold: kept");
            }

            await output.WriteLineAsync(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"casework: {verb} {round.Purges.Count} closed case(s) ({settings.Casework.Retention.Describe()}); "
                        + $"{round.Held.Count} kept under a legal hold{(dryRun ? "; nothing changed (dry run)" : "")}"
                )
            );
        }

        return 0;
    }

    private static async Task<int> HoldAsync(
        Arguments arguments,
        bool hold,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("case", "reason");
        var caseId = arguments.Require("case").ToUpperInvariant();
        var reason = LegalHolds.Reason(arguments.Require("reason"));
        if (reason is null)
        {
            throw new UsageException($"--reason takes 1 to {LegalHolds.MaxReason} characters");
        }

        var settings = JeboSettings.From(arguments, null);
        ZoneServices.Require(settings, ZoneName.Casework);
        await using var casework = ZoneServices.Casework(settings);
        await DatabaseAvailability.RequireMigratedAsync(
            casework.Get<Casework.Data.CaseworkDb>(),
            ZoneName.Casework.ToString(),
            cancellationToken
        );
        var recorded = hold ? AuditActions.RetentionHoldSet : AuditActions.RetentionHoldLifted;
        return await casework.Get<LegalHolds>().ChangeOnTheMachineAsync(caseId, hold, reason, cancellationToken) switch
        {
            HoldOutcome.Done => await WrittenAsync(
                output,
                $"case {caseId}: legal hold {(hold ? "set" : "lifted")}; recorded in the case's trail ({recorded})"
            ),
            HoldOutcome.Unchanged => await WrittenAsync(
                output,
                $"case {caseId}: {(hold ? "already held" : "not held")}; nothing changed"
            ),
            HoldOutcome.NotFound => throw new CommandFailedException($"no case {caseId}"),
            HoldOutcome.Forbidden forbidden => throw new CommandFailedException(forbidden.Why),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }

    private static async Task<int> WrittenAsync(TextWriter output, string line)
    {
        await output.WriteLineAsync(line);
        return 0;
    }

    private static string Days(int? days) =>
        days is { } n ? string.Create(CultureInfo.InvariantCulture, $"after {n} days") : "kept for ever";
}
