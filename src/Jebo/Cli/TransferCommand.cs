using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Casework.Transfer;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Transfer;
using Jebo.Transfer;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Cli;

/// <summary>
/// <c>jebo transfer export|import|status|verify|acknowledge-gap</c>: carrying bundles by hand across the gap, in
/// both directions, and seeing and repairing where each zone stands. See docs/transfer-format.md ("Operating it").
/// </summary>
public static class TransferCommand
{
    public const string Usage =
        "usage: jebo transfer export --to DIR [--zone intake|casework] [--from N] | import --from DIR [--zone Z] | "
        + "status | verify FILE | acknowledge-gap --through N --reason TEXT [--zone Z] | quarantine list [--all] "
        + "[--zone Z] | quarantine resolve --id ID --reason TEXT [--zone Z]";

    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var action = arguments.Words.Count > 1 ? arguments.Words[1] : throw new UsageException(Usage);
        var settings = JeboSettings.From(arguments, null);
        try
        {
            return action switch
            {
                "export" => await ExportAsync(settings, arguments, output, cancellationToken),
                "import" => await ImportAsync(settings, arguments, output, cancellationToken),
                "status" => await StatusAsync(settings, arguments, output, cancellationToken),
                "verify" => await VerifyAsync(settings, arguments, output, cancellationToken),
                "acknowledge-gap" => await AcknowledgeGapAsync(settings, arguments, output, cancellationToken),
                "quarantine" => await QuarantineAsync(settings, arguments, output, cancellationToken),
                _ => throw new UsageException($"unknown transfer action '{action}'; {Usage}"),
            };
        }
        catch (GapAcknowledgementException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    /// <summary>
    /// Intake: bundles what is waiting, then writes every bundle casework has not acknowledged to the medium (rebuilt
    /// byte for byte). Casework: writes any status that is due, then every status bundle still kept.
    /// </summary>
    private static async Task<int> ExportAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("to", "zone", "from");
        var target = Path.GetFullPath(arguments.Require("to"));
        var from = arguments.WholeNumber("from", 1, 1, long.MaxValue);
        var zone = ZoneServices.Choose(settings, arguments, preferred: ZoneName.Intake);
        Directory.CreateDirectory(target);
        var names = new List<string>();
        if (zone == ZoneName.Intake)
        {
            await using var intake = ZoneServices.Intake(settings);
            var outbox = intake.Get<IntakeOutbox>();
            await outbox.FlushAsync(cancellationToken);
            foreach (var sequence in (await outbox.UnacknowledgedAsync(cancellationToken)).Where(s => s >= from))
            {
                var name = BundleFormat.FileName(BundleKind.Reports, sequence);
                AtomicFile.Write(Path.Combine(target, name), await outbox.BuildAsync(sequence, cancellationToken));
                names.Add(name);
            }
        }
        else
        {
            if (!settings.Casework.StatusReturn)
            {
                throw new CommandFailedException(
                    "status return is off (--status-return off): casework writes no status bundles"
                );
            }

            await using var casework = ZoneServices.Casework(settings);
            var outbox = casework.Get<StatusOutbox>();
            await outbox.FlushAsync(cancellationToken);
            names.AddRange(await outbox.ExportAsync(target, from, cancellationToken));
        }

        foreach (var name in names)
        {
            await output.WriteLineAsync($"exported {name}");
        }

        await output.WriteLineAsync(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{names.Count} {zone.Pick("report", "status")} bundle(s) written to "
                    + $"{target}{(names.Count == 0 ? " (nothing is waiting to be carried)" : "")}"
            )
        );
        return 0;
    }

    /// <summary>Applies the bundles on a medium — report bundles in casework, status bundles in intake — together with
    /// any held in the inbound spool, in order. Exits 1 naming the first bundle from the medium not applied.</summary>
    private static async Task<int> ImportAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("from", "zone");
        var source = Path.GetFullPath(arguments.Require("from"));
        if (!Directory.Exists(source))
        {
            throw new CommandFailedException($"no folder {source}");
        }

        var zone = arguments.Zone();
        var hasReports = BundleSpool.List(source, BundleKind.Reports).Count > 0;
        var hasStatus = BundleSpool.List(source, BundleKind.Status).Count > 0;
        if (!hasReports && !hasStatus)
        {
            throw new CommandFailedException(
                $"no bundles ({BundleFormat.Prefix(BundleKind.Reports)}-*.jebo or "
                    + $"{BundleFormat.Prefix(BundleKind.Status)}-*.jebo) in {source}"
            );
        }

        var results = new List<InboundResult>();
        var importReports = hasReports && zone != ZoneName.Intake;
        var importStatus = hasStatus && zone != ZoneName.Casework;
        if (!importReports && !importStatus)
        {
            throw new CommandFailedException($"{source} holds no bundles for the {zone} zone");
        }

        if (importReports)
        {
            RequireImporter(settings, ZoneName.Casework, source, "report");

            await using var casework = ZoneServices.Casework(settings);
            results.AddRange(await casework.Get<ReportImporter>().ReceiveAsync(source, cancellationToken));
        }

        if (importStatus)
        {
            RequireImporter(settings, ZoneName.Intake, source, "status");

            await using var intake = ZoneServices.Intake(settings);
            results.AddRange(await intake.Get<StatusInbox>().ReceiveAsync(source, cancellationToken));
        }

        foreach (var result in results)
        {
            await output.WriteLineAsync(
                $"{result.File}{(result.FromMedium ? "" : " (spool)")}: {Word(result.Outcome)}: {result.Message}"
            );
        }

        if (
            results.FirstOrDefault(r =>
                r.FromMedium && r.Outcome is InboundOutcome.Rejected or InboundOutcome.Waiting or InboundOutcome.Held
            ) is
            { } refused
        )
        {
            var verb = refused.Outcome switch
            {
                InboundOutcome.Rejected => "refused",
                InboundOutcome.Held => "held",
                _ => "could not check",
            };
            throw new CommandFailedException($"{verb} {refused.File}: {refused.Message}");
        }

        return 0;
    }

    /// <summary>Bundles brought to the other zone's machine are sent on to the right one, not imported nor advised to
    /// be.</summary>
    private static void RequireImporter(JeboSettings settings, ZoneName zone, string source, string kind)
    {
        if (!ZoneServices.IsInitialised(settings, zone) && ZoneServices.IsInitialised(settings, zone.Peer))
        {
            throw new CommandFailedException(
                $"{source} holds {kind} bundles, which the {zone} zone imports, and this is the {zone.Peer} machine: "
                    + $"carry the medium to the {zone} machine and run `jebo transfer import --from DIR` there"
            );
        }

        ZoneServices.Require(settings, zone);
    }

    private static string Word(InboundOutcome outcome) =>
        outcome switch
        {
            InboundOutcome.Applied => "applied",
            InboundOutcome.AlreadyApplied => "already applied",
            InboundOutcome.Held => "held",
            InboundOutcome.Waiting => "waiting",
            _ => "refused",
        };

    private static async Task<int> StatusAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly();
        var zones = ZoneServices.Initialised(settings);
        foreach (var zone in zones)
        {
            await (
                zone == ZoneName.Intake
                    ? IntakeStatusAsync(settings, output, cancellationToken)
                    : CaseworkStatusAsync(settings, output, cancellationToken)
            );
        }

        return zones.Count > 0 ? 0 : throw ZoneServices.NoZoneHere(settings);
    }

    private static async Task IntakeStatusAsync(
        JeboSettings settings,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        await using var intake = ZoneServices.Intake(settings);
        var db = intake.Get<IntakeDb>();
        var written = await db
            .OutboundBundles.Where(b => b.WrittenAt != null)
            .MaxAsync(b => (long?)b.Sequence, cancellationToken)
            ?? 0;
        var unacknowledged = await db
            .OutboundBundles.Where(b => b.AcknowledgedAt == null && b.WrittenAt != null)
            .OrderBy(b => b.Sequence)
            .Select(b => new { b.Sequence, b.DeclaredLostAt })
            .ToListAsync(cancellationToken);
        var waiting =
            await db.Reports.CountAsync(r => r.BundleSequence == null && r.Sealed != null, cancellationToken)
            + await db.FollowUps.CountAsync(f => f.BundleSequence == null && f.Sealed != null, cancellationToken);
        var kept = await db.Reports.CountAsync(r => r.Sealed != null, cancellationToken);
        var awaited = unacknowledged.Where(b => b.DeclaredLostAt is null).Select(b => b.Sequence).ToList();
        var acknowledged =
            awaited.Count == 0
                ? "all acknowledged by casework"
                : F($"{awaited.Count} not yet acknowledged ({Ranges(awaited)})");
        await output.WriteLineAsync(
            F($"intake:   report bundles sent (written) through {written}; {acknowledged}")
                + LostAtCasework([
                    .. RangesOf([.. unacknowledged.Where(b => b.DeclaredLostAt is not null).Select(b => b.Sequence)]),
                ])
                + F($"; {waiting} record(s) waiting for the next bundle; {kept} sealed report(s) kept until ")
                + "acknowledged"
        );
        var retention = settings.Intake.RetentionDays is { } days
            ? F($"for {days} day(s) of retention from then")
            : "(retention off)";
        foreach (var lost in unacknowledged.Where(b => b.DeclaredLostAt is not null).GroupBy(b => b.DeclaredLostAt))
        {
            await output.WriteLineAsync(
                F($"  LOST report bundle(s) {Ranges([.. lost.Select(b => b.Sequence)])}: acknowledged as lost at ")
                    + F($"casework {lost.Key:u}; their sealed copies are kept for a re-export {retention}")
            );
        }

        var inbox = intake.Get<StatusInbox>();
        var through = await inbox.ThroughAsync(cancellationToken);
        var applied = await db.InboundStatusBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
        var gaps = await db.InboundStatusGaps.OrderBy(g => g.From).ToListAsync(cancellationToken);
        var spool = BundleSpool.List(settings.Intake.InboundSpool, BundleKind.Status);
        var held = spool.Where(e => e.Sequence > through + 1).Select(e => e.Sequence).ToList();
        var gap =
            held.Count > 0 && spool.All(e => e.Sequence != through + 1)
                ? F($"; GAP: status bundle {through + 1} missing, {held.Count} later held ({Ranges(held)})")
                : "; no gap";
        await output.WriteLineAsync(
            F($"intake:   status bundles received {spool.Count} waiting in the spool, applied through ")
                + F($"{applied}{gap}{AcknowledgedGaps(gaps.Select(g => (g.From, g.Through, g.Reason)))}; ")
                + F($"{BundleSpool.Quarantined(settings.Intake.QuarantineFolder).Count} in quarantine")
        );
    }

    private static async Task CaseworkStatusAsync(
        JeboSettings settings,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        await using var casework = ZoneServices.Casework(settings);
        var state = await casework.Get<TransferMonitor>().StateAsync(cancellationToken);
        var gap = state.Alerts.FirstOrDefault(a => a.Kind == "gap") is { } g ? $"; GAP: {g.Message}" : "; no gap";
        var spooled = state.Received.Count > 0 ? F($" ({Ranges(state.Received)})") : "";
        var beyond =
            state.HighestImported > state.ImportedThrough ? F($" and up to {state.HighestImported} beyond a gap") : "";
        var lost = AcknowledgedGaps(state.Gaps.Select(a => (a.From, a.Through, a.Reason)));
        await output.WriteLineAsync(
            F($"casework: report bundles received {state.Received.Count} waiting in the spool{spooled}, ")
                + F($"applied (imported) through {state.ImportedThrough}{beyond}{gap}{lost}")
        );
        await output.WriteLineAsync(
            F($"casework: status bundles sent (written) through {state.StatusWrittenThrough}, ")
                + F($"{state.StatusKept} kept for export; status return {(state.StatusReturn ? "on" : "off")}")
        );
        var quarantined = state.Alerts.Count(a => a.Kind == "quarantined");
        var waiting = state.Alerts.Count(a => a.Kind == "waiting");
        await output.WriteLineAsync(
            F($"casework: {quarantined} quarantined bundle(s) unresolved, {waiting} waiting for keys or an upgrade")
        );
        foreach (var alert in state.Alerts.Where(a => a.Kind != "gap"))
        {
            await output.WriteLineAsync(
                F($"  {alert.Kind} {alert.At:u}: {alert.Message}{(alert.Folder is null ? "" : $" [{alert.Folder}]")}")
            );
        }
    }

    /// <summary>Checks one bundle with the keys this data folder holds — signature, every record where this zone can
    /// open them, and its place in the stream — and changes nothing.</summary>
    private static async Task<int> VerifyAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly();
        var file =
            arguments.Words.Count > 2
                ? arguments.Words[2]
                : throw new UsageException("usage: jebo transfer verify FILE");
        byte[] bytes;
        try
        {
            bytes = await SpoolFile.ReadAsync(file, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new CommandFailedException($"no file {file}");
        }
        catch (SpoolFileRefusedException e)
        {
            throw new CommandFailedException($"invalid: {e.Message}");
        }

        try
        {
            var header = BundleFormat.ReadHeaderUnverified(bytes);
            var line =
                header.Kind == BundleKind.Reports
                    ? await VerifyReportsAsync(settings, bytes, cancellationToken)
                    : await VerifyStatusAsync(settings, bytes, cancellationToken);
            await output.WriteLineAsync(
                F($"valid: {BundleFormat.Describe(header)}, {header.RecordCount} record(s), written ")
                    + F($"{header.CreatedAt:u}; {line}")
            );
            return 0;
        }
        catch (BundleNotYetReadableException e)
        {
            throw new CommandFailedException($"cannot check: {e.Message}");
        }
        catch (BundleRejectedException e)
        {
            throw new CommandFailedException($"invalid: {e.Message}");
        }
    }

    private static async Task<string> VerifyReportsAsync(
        JeboSettings settings,
        byte[] bytes,
        CancellationToken cancellationToken
    )
    {
        if (ZoneServices.IsInitialised(settings, ZoneName.Casework))
        {
            await using var casework = ZoneServices.Casework(settings);
            var (bundle, opened, place) = await casework.Get<ReportImporter>().CheckAsync(bytes, cancellationToken);
            return F($"signature holds (intake key {bundle.Header.KeyId}); all ")
                + F($"{opened.Reports.Count + opened.FollowUps.Count} sealed record(s) open; here: {place.Message}");
        }

        // On intake's machine: its own keys, current and retired, vouch for what it wrote; the records stay sealed.
        var own = Transfer.Keys.KeyFolder.OwnSigningPublicKeys(settings.Intake.KeysFolder);
        var signed = BundleFormat.Read(bytes, (sender, keyId) =>
            sender == IntakeOutbox.Sender && own.FirstOrDefault(k => k.Id == keyId) is { Raw: { } raw }
                ? NSec.Cryptography.PublicKey.Import(
                    NSec.Cryptography.SignatureAlgorithm.Ed25519,
                    raw,
                    NSec.Cryptography.KeyBlobFormat.RawPublicKey
                )
                : null
        );
        return $"signature holds (this intake's key {signed.Header.KeyId}); the records are sealed to casework and "
            + $"cannot be opened here";
    }

    private static async Task<string> VerifyStatusAsync(
        JeboSettings settings,
        byte[] bytes,
        CancellationToken cancellationToken
    )
    {
        if (ZoneServices.IsInitialised(settings, ZoneName.Intake) && IntakeReady(settings))
        {
            await using var intake = ZoneServices.Intake(settings);
            var (bundle, opened, place) = await intake.Get<StatusInbox>().CheckAsync(bytes, cancellationToken);
            return F($"signature holds (casework key {bundle.Header.KeyId}); {opened.Statuses.Count} status record(s) ")
                + F($"readable; acknowledges report bundles through {opened.Acknowledgement.Through}")
                + LostAtCasework([.. opened.Acknowledgement.Lost.Select(r => new SequenceRange(r.From, r.Through))])
                + F($"; here: {place.Message}");
        }

        if (ZoneServices.IsInitialised(settings, ZoneName.Casework))
        {
            using var keys = CaseworkKeys.Load(settings.Casework.KeysFolder);
            var signed = BundleFormat.Read(bytes, (sender, keyId) =>
                sender == StatusOutbox.Sender ? keys.OwnSigning.GetValueOrDefault(keyId) : null
            );
            return $"signature holds (this casework's key {signed.Header.KeyId})";
        }

        throw new CommandFailedException($"no zone in {settings.DataFolder} holds keys to check a status bundle");
    }

    private static bool IntakeReady(JeboSettings settings)
    {
        try
        {
            using var keys = IntakeKeys.Load(settings.Intake.KeysFolder);
            return true;
        }
        catch (Transfer.Keys.KeyFileException)
        {
            return false;
        }
    }

    /// <summary>Records that bundles are lost for good, so the later ones held behind them are applied. Audited in
    /// casework; logged in intake. A lost bundle that turns up later is still applied.</summary>
    private static async Task<int> AcknowledgeGapAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        arguments.AllowOnly("through", "reason", "zone");
        var through = arguments.WholeNumber("through", 0, 1, long.MaxValue);
        if (through == 0)
        {
            throw new UsageException("--through N is required: the last bundle number to acknowledge as lost");
        }

        var reason = arguments.Require("reason");
        var zone = ZoneServices.Choose(settings, arguments, preferred: ZoneName.Casework);
        var by = "cli:" + Environment.UserName;
        SequenceRange range;
        if (zone == ZoneName.Casework)
        {
            await using var casework = ZoneServices.Casework(settings);
            range = await InboundLedger.AcknowledgeGapAsync(
                casework.Get<CaseworkDb>(),
                casework.Get<AuditLog>(),
                through,
                reason,
                by,
                TimeProvider.System,
                cancellationToken
            );
            await output.WriteLineAsync(
                F($"report bundles {range.From}–{range.Through} acknowledged as lost (audited); held bundles ")
                    + "after them are imported at the next transfer round, or now with `jebo transfer import "
                    + "--from DIR --zone casework` (DIR: a medium with bundles to carry, or the inbound spool "
                    + F($"{settings.Casework.InboundSpool})")
            );
            await output.WriteLineAsync(
                "the next status bundle tells intake, which then stops waiting for them but keeps their sealed "
                    + "copies for its retention period; if they turn up, import them and they are applied"
            );
        }
        else
        {
            await using var intake = ZoneServices.Intake(settings);
            range = await intake.Get<StatusInbox>().AcknowledgeGapAsync(through, reason, by, cancellationToken);
            await output.WriteLineAsync(
                F($"status bundles {range.From}–{range.Through} acknowledged as lost; held bundles after them are ")
                    + "applied at the next transfer round, or now with `jebo transfer import --from DIR --zone "
                    + "intake` (DIR: a medium with bundles to carry, or the inbound spool "
                    + F($"{settings.Intake.InboundSpool})")
            );
        }

        return 0;
    }

    /// <summary><c>quarantine list</c> shows the bundles a zone refused, with the id to resolve them by; <c>quarantine
    /// resolve</c> closes one, saying why: audited on casework (as in the staff application), logged and written beside
    /// the file on intake, which keeps no audit log.</summary>
    private static async Task<int> QuarantineAsync(
        JeboSettings settings,
        Arguments arguments,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        var step = arguments.Words.Count > 2 ? arguments.Words[2] : throw new UsageException(Usage);
        // Bad usage is said before the data folder is looked at, so a mistyped command is named as such on any machine.
        arguments.AllowOnly(
            step switch
            {
                "list" => ["zone", "all"],
                "resolve" => ["zone", "id", "reason"],
                _ => throw new UsageException($"unknown quarantine step '{step}'; {Usage}"),
            }
        );
        var zone = ZoneServices.Choose(settings, arguments, preferred: ZoneName.Casework);
        switch (step)
        {
            case "list":
                var all = arguments.Has("all");
                var lines =
                    zone == ZoneName.Casework
                        ? await CaseworkQuarantineAsync(settings, all, cancellationToken)
                        :
                        [
                            .. BundleSpool
                                .Quarantined(settings.Intake.QuarantineFolder, all)
                                .OrderBy(q => q.At)
                                .Select(q =>
                                    F($"{q.Id}  {q.At:u}  {q.Reason}")
                                    + (q.Resolution is null ? "" : $"  RESOLVED: {q.Resolution}")
                                ),
                        ];
                foreach (var line in lines)
                {
                    await output.WriteLineAsync(line);
                }

                var next =
                    lines.Count == 0
                        ? ""
                        : $"; the files are under {settings.ZoneFolder(zone)}/quarantine; resolve one with `jebo "
                            + $"transfer quarantine resolve --id ID --reason TEXT`";
                await output.WriteLineAsync(
                    F($"{zone}: {lines.Count} {(all ? "" : "open ")}quarantined bundle(s){next}")
                );
                return 0;
            case "resolve":
                var id = arguments.Require("id");
                var reason = arguments.Require("reason").Trim();
                if (reason.Length is 0 or > QuarantineAlerts.MaxReason)
                {
                    throw new UsageException(
                        F($"--reason says in 1 to {QuarantineAlerts.MaxReason} characters why the quarantine is ")
                            + "resolved"
                    );
                }

                var by = "cli:" + Environment.UserName;
                if (zone == ZoneName.Casework)
                {
                    await using var casework = ZoneServices.Casework(settings);
                    // The id `quarantine list` prints, or the quarantine folder's name an import of the same file
                    // names.
                    var alert = Guid.TryParse(id, out var listed)
                        ? listed
                        : await casework.Get<QuarantineAlerts>().OpenIdOfFolderAsync(id, cancellationToken);
                    if (
                        alert is null
                        || await casework
                            .Get<QuarantineAlerts>()
                            .ResolveAsync(alert.Value, reason, by, null, cancellationToken)
                            is null
                    )
                    {
                        throw new CommandFailedException(
                            $"no open quarantine with id {id} on casework; `jebo transfer quarantine list --zone "
                                + $"casework` shows them"
                        );
                    }
                }
                else if (
                    !BundleSpool.Resolve(
                        settings.Intake.QuarantineFolder,
                        id,
                        F($"{DateTimeOffset.UtcNow:u} by {by}: {reason}")
                    )
                )
                {
                    throw new CommandFailedException(
                        $"no open quarantine with id {id} on intake; `jebo transfer quarantine list --zone intake` "
                            + $"shows them"
                    );
                }

                await output.WriteLineAsync(
                    $"{zone}: quarantine {id} resolved{(zone == ZoneName.Casework ? " (audited)" : "")}; the file "
                        + $"stays in the quarantine folder for reference"
                );
                return 0;
            default:
                throw new InvalidOperationException($"quarantine step '{step}' passed the usage check");
        }
    }

    private static async Task<IReadOnlyList<string>> CaseworkQuarantineAsync(
        JeboSettings settings,
        bool all,
        CancellationToken cancellationToken
    )
    {
        await using var casework = ZoneServices.Casework(settings);
        return
        [
            .. (await casework.Get<QuarantineAlerts>().ListAsync(all, cancellationToken)).Select(q =>
                F($"{q.Id}  {q.At:u}  {q.FileName}: {q.Reason}")
                + (q.Resolution is null ? "" : $"  RESOLVED by {q.ResolvedBy}: {q.Resolution}")
            ),
        ];
    }

    /// <summary>The report bundles an operator at casework acknowledged as lost, which intake no longer waits for but
    /// keeps sealed.</summary>
    private static string LostAtCasework(IReadOnlyList<SequenceRange> lost) =>
        lost.Count == 0
            ? ""
            : F($"; {lost.Sum(r => r.Through - r.From + 1)} acknowledged as lost at casework (")
                + string.Join(", ", lost.Select(Show))
                + ")";

    private static string AcknowledgedGaps(IEnumerable<(long From, long Through, string Reason)> gaps)
    {
        var list = gaps.ToList();
        var ranges = string.Join(
            ", ",
            list.Select(g => g.From == g.Through ? F($"{g.From}") : F($"{g.From}–{g.Through}"))
        );
        return list.Count == 0 ? "" : F($"; {list.Count} gap(s) acknowledged as lost ({ranges})");
    }

    /// <summary>"1–3, 7, 9–10".</summary>
    private static string Ranges(IReadOnlyList<long> sequences) => string.Join(", ", RangesOf(sequences).Select(Show));

    private static IEnumerable<SequenceRange> RangesOf(IReadOnlyList<long> sequences) =>
        Acknowledgement.Of(sequences) is var a && a.Through > 0
            ? a.Also.Prepend(new SequenceRange(1, a.Through))
            : a.Also;

    private static string Show(SequenceRange r) => r.From == r.Through ? F($"{r.From}") : F($"{r.From}–{r.Through}");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
