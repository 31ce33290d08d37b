using System.Globalization;
using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Transfer;

/// <summary>Something about the transfer an administrator or auditor must look at.</summary>
/// <param name="Kind"><c>quarantined</c> (a refused bundle), <c>gap</c> (bundles missing, later ones held) or
/// <c>waiting</c> (a bundle this zone cannot check yet: unknown key, newer format).</param>
/// <param name="At">Since when.</param>
/// <param name="Message">What happened and what to do, in one or two sentences.</param>
/// <param name="Id">For <c>quarantined</c>: the id to resolve it by.</param>
/// <param name="Sequence">The bundle number concerned, when known.</param>
/// <param name="File">The bundle file concerned.</param>
/// <param name="Folder">For <c>quarantined</c>: where the file and its reason are, under the casework folder.</param>
public sealed record TransferAlert(
    string Kind,
    DateTimeOffset At,
    string Message,
    Guid? Id = null,
    long? Sequence = null,
    string? File = null,
    string? Folder = null
);

/// <summary>Where casework's side of the transfer stands.</summary>
/// <param name="ImportedThrough">Every report bundle up to here is imported.</param>
/// <param name="HighestImported">The highest report bundle imported.</param>
/// <param name="Through">The highest imported or acknowledged as lost: the next one expected is one more.</param>
/// <param name="Received">Report bundles in the inbound spool waiting (by number).</param>
/// <param name="Gaps">Acknowledged gaps, oldest first.</param>
/// <param name="StatusWrittenThrough">The last status bundle written.</param>
/// <param name="StatusKept">How many recent status bundles can still be exported by hand.</param>
/// <param name="StatusReturn">Whether status bundles are written at all.</param>
/// <param name="Alerts">What needs a person.</param>
public sealed record CaseworkTransferState(
    long ImportedThrough,
    long HighestImported,
    long Through,
    IReadOnlyList<long> Received,
    IReadOnlyList<AcknowledgedGap> Gaps,
    long StatusWrittenThrough,
    int StatusKept,
    bool StatusReturn,
    IReadOnlyList<TransferAlert> Alerts
);

/// <summary>Reads the state of casework's transfer for <c>jebo transfer status</c> and the staff alerts; changes
/// nothing.</summary>
public sealed class TransferMonitor(CaseworkDb db, CaseworkKeys keys, CaseworkOptions options)
{
    public async Task<CaseworkTransferState> StateAsync(CancellationToken cancellationToken)
    {
        var (acknowledgement, _) = await InboundLedger.AcknowledgementAsync(db, cancellationToken);
        var through = await InboundLedger.ThroughAsync(db, cancellationToken);
        var gaps = await db.AcknowledgedGaps.AsNoTracking().OrderBy(g => g.From).ToListAsync(cancellationToken);
        var statusWritten = await db.OutboundStatusBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
        var statusKept = await db.OutboundStatusBundles.CountAsync(b => b.Content != null, cancellationToken);

        var alerts = new List<TransferAlert>();
        foreach (
            var q in await db
                .QuarantinedBundles.AsNoTracking()
                .Where(q => q.ResolvedAt == null)
                .OrderBy(q => q.At)
                .ToListAsync(cancellationToken)
        )
        {
            alerts.Add(
                new TransferAlert(
                    "quarantined",
                    q.At,
                    $"{q.FileName} was refused: {q.Reason}",
                    q.Id,
                    q.Sequence,
                    q.FileName,
                    q.Folder
                )
            );
        }

        var spool = BundleSpool.List(options.InboundSpool, BundleKind.Reports);
        var received = new List<long>();
        var held = new List<(SpoolEntry Entry, DateTimeOffset Since)>();
        foreach (var entry in spool)
        {
            var since = new DateTimeOffset(File.GetLastWriteTimeUtc(entry.Path), TimeSpan.Zero);
            if (entry.Header is null)
            {
                alerts.Add(
                    new TransferAlert(
                        "waiting",
                        since,
                        $"{entry.Name} cannot be read yet: {entry.Problem}",
                        File: entry.Name
                    )
                );
                continue;
            }

            if (!keys.IntakeSigning.ContainsKey(entry.Header.KeyId))
            {
                alerts.Add(
                    new TransferAlert(
                        "waiting",
                        since,
                        $"{entry.Name} is signed by intake key {entry.Header.KeyId}, which casework does not trust: "
                            + $"if intake rotated its key, install its new public key (`jebo keys install`); otherwise "
                            + $"remove the file",
                        Sequence: entry.Sequence,
                        File: entry.Name
                    )
                );
                continue;
            }

            received.Add(entry.Sequence);
            if (entry.Sequence > through + 1)
            {
                held.Add((entry, since));
            }
        }

        if (held.Count > 0 && !received.Contains(through + 1))
        {
            var first = held.Min(h => h.Entry.Sequence);
            var missing =
                first - 1 == through + 1
                    ? string.Create(CultureInfo.InvariantCulture, $"report bundle {through + 1} is missing")
                    : string.Create(
                        CultureInfo.InvariantCulture,
                        $"report bundles {through + 1}–{first - 1} are missing"
                    );
            alerts.Add(
                new TransferAlert(
                    "gap",
                    held.Min(h => h.Since),
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{missing}; {held.Count} later bundle(s) are held. Carry the missing ones again (`jebo "
                            + $"transfer export` on intake), or, if they are lost for good, `jebo transfer "
                            + $"acknowledge-gap --through {first - 1} --reason ...`"
                    ),
                    Sequence: through + 1
                )
            );
        }

        return new CaseworkTransferState(
            acknowledgement.Through,
            acknowledgement.Highest,
            through,
            received.Distinct().Order().ToList(),
            gaps,
            statusWritten,
            statusKept,
            options.StatusReturn,
            alerts
        );
    }
}
