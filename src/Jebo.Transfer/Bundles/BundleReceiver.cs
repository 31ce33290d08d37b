using NSec.Cryptography;

namespace Jebo.Transfer.Bundles;

/// <summary>What became of one bundle offered to a receiver.</summary>
public enum InboundOutcome
{
    /// <summary>Checked and applied, in one transaction.</summary>
    Applied,

    /// <summary>Applied before; nothing changed.</summary>
    AlreadyApplied,

    /// <summary>Valid, but an earlier bundle is missing: kept in the inbound spool until the gap is filled or
    /// acknowledged.</summary>
    Held,

    /// <summary>Not checkable yet (a signing key this zone does not trust, a newer format, an unknown record type):
    /// left where it is until an operator installs keys or upgrades.</summary>
    Waiting,

    /// <summary>Failed a check: put in quarantine with the reason; nothing of it was applied.</summary>
    Rejected,
}

/// <summary>The outcome for one bundle file, with a sentence for the operator.</summary>
/// <param name="File">The file's name.</param>
/// <param name="Sequence">The sequence in its header (0 when unreadable).</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Message">Why, in words an operator can act on.</param>
/// <param name="Records">How many records were new, when applied.</param>
/// <param name="FromMedium">It came from a carried medium rather than the inbound spool.</param>
public sealed record InboundResult(
    string File,
    long Sequence,
    InboundOutcome Outcome,
    string Message,
    int Records,
    bool FromMedium
);

/// <summary>Where a receiver finds bundles and puts refused ones.</summary>
/// <param name="Spool">The inbound spool the carrier delivers into; held bundles wait here.</param>
/// <param name="Quarantine">Where refused bundles go, each in a folder of its own with <c>reason.txt</c>.</param>
/// <param name="LockFile">The file whose lock makes this receiver the only one at work.</param>
public sealed record ReceiverFolders(string Spool, string Quarantine, string LockFile);

/// <summary>
/// How both zones receive bundles — casework its report bundles, intake its status bundles — so the checks cannot
/// drift apart: verify (layout, sender, trusted key, signature, kind) before believing anything, place the bundle in
/// the stream (<see cref="InboundPlacement"/>), open every record, and only then apply it in one transaction. A refused
/// bundle is quarantined with its reason and the receiver goes on with the next; one that runs ahead of a gap is held.
/// </summary>
/// <remarks>Security: the order of checks is the security argument. Nothing from a bundle reaches the database before
/// its signature verifies with a key an operator installed and before every record opens; a bundle that could become
/// valid later (unknown key, newer version) is left waiting rather than believed.</remarks>
/// <typeparam name="TOpened">The zone's view of a bundle whose every record has been opened and checked.</typeparam>
public abstract class BundleReceiver<TOpened>(
    BundleKind kind,
    string sender,
    ReceiverFolders folders,
    TimeProvider time
)
{
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);

    public BundleKind Kind => kind;

    public ReceiverFolders Folders => folders;

    protected TimeProvider Time => time;

    /// <summary>The public key the sender signs with under this id, or null when it is not trusted here.</summary>
    protected abstract PublicKey? TrustedKey(string keyId);

    /// <summary>What the receiver's database knows around a sequence number.</summary>
    protected abstract Task<Neighbourhood> NeighbourhoodAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>Opens and checks every record; throws <see cref="BundleRejectedException"/> (or
    /// <see cref="BundleNotYetReadableException"/> for a record type this build does not know) without
    /// writing.</summary>
    protected abstract TOpened Open(Bundle bundle);

    /// <summary>Opens every record (as <see cref="Open"/> does) and writes the bundle and its place in the stream in
    /// one transaction; returns the new records. A receiver may overlap opening and writing, provided a record that
    /// does not open throws <see cref="BundleRejectedException"/> (or <see cref="BundleNotYetReadableException"/>)
    /// before anything is committed, so that the bundle is quarantined (or waits) exactly as if <see cref="Open"/> had
    /// refused it.</summary>
    protected abstract Task<int> OpenAndApplyAsync(
        Bundle bundle,
        Placement placement,
        CancellationToken cancellationToken
    );

    /// <summary>Records that a bundle was quarantined (an alert, an audit entry, a log line).</summary>
    protected abstract Task OnQuarantinedAsync(
        string name,
        string folder,
        string hash,
        long? sequence,
        string reason,
        CancellationToken cancellationToken
    );

    /// <summary>Checks layout, sender, trusted key, signature and kind; changes nothing.</summary>
    public Bundle Verify(ReadOnlySpan<byte> file)
    {
        // Sender and kind first: a bundle meant for the other zone is misdelivered, not waiting for a key.
        var header = BundleFormat.ReadHeaderUnverified(file);
        if (header.Sender != sender)
        {
            throw new BundleRejectedException(
                $"{BundleFormat.Describe(header)}: this zone takes {BundleFormat.Prefix(kind)} bundles from {sender} "
                    + $"only"
            );
        }

        if (header.Kind != kind)
        {
            throw new BundleRejectedException(
                $"{BundleFormat.Describe(header)} is not a {BundleFormat.Prefix(kind)} bundle"
            );
        }

        return BundleFormat.Read(file, (from, keyId) => from == sender ? TrustedKey(keyId) : null);
    }

    /// <summary>Checks a bundle completely — signature, every record, its place in the stream — and changes
    /// nothing.</summary>
    public async Task<(Bundle Bundle, TOpened Opened, PlacementResult Place)> CheckAsync(
        byte[] file,
        CancellationToken cancellationToken
    )
    {
        var bundle = Verify(file);
        var opened = Open(bundle);
        var place = InboundPlacement.Place(
            bundle.Header,
            bundle.Hash,
            await NeighbourhoodAsync(bundle.Header.Sequence, cancellationToken)
        );
        return (bundle, opened, place);
    }

    /// <summary>
    /// Receives bundles in sequence order: those in the inbound spool (the transfer round), or those on a carried
    /// medium (a hand-run import). A hand-run import touches the spool only to leave there the medium's bundles that
    /// must wait for a gap, and — once it has applied something — to let bundles held there behind that gap follow.
    /// </summary>
    /// <param name="medium">A folder on removable media, or null for the spool; a medium's files are read, never
    /// changed.</param>
    /// <param name="cancellationToken">Stops between bundles.</param>
    public async Task<IReadOnlyList<InboundResult>> ReceiveAsync(string? medium, CancellationToken cancellationToken)
    {
        using var exclusive = await SpoolLock.AcquireAsync(folders.LockFile, LockWait, cancellationToken);
        var results = new List<InboundResult>();
        var fromMedium = medium is not null && !SameFolder(medium, folders.Spool);
        await ReceiveFolderAsync(fromMedium ? medium! : folders.Spool, fromMedium, results, cancellationToken);
        if (fromMedium && results.Exists(r => r.Outcome == InboundOutcome.Applied))
        {
            await ReceiveFolderAsync(folders.Spool, fromMedium: false, results, cancellationToken);
        }

        return results;
    }

    private async Task ReceiveFolderAsync(
        string folder,
        bool fromMedium,
        List<InboundResult> results,
        CancellationToken cancellationToken
    )
    {
        foreach (var entry in BundleSpool.List(folder, kind))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ReceiveOneAsync(entry, fromMedium, cancellationToken) is { } result)
            {
                results.Add(result);
            }
        }
    }

    private async Task<InboundResult?> ReceiveOneAsync(
        SpoolEntry entry,
        bool fromMedium,
        CancellationToken cancellationToken
    )
    {
        byte[] bytes;
        try
        {
            bytes = await SpoolFile.ReadAsync(entry.Path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null; // the carrier took it back, or another round handled it
        }
        catch (SpoolFileRefusedException e)
        {
            // A FIFO, device, link or oversized file: nothing of it is read; the reason goes to quarantine.
            return await RejectAsync(entry, [], e.Message, null, fromMedium, cancellationToken);
        }

        if (entry.Header is null)
        {
            return entry.NotYetReadable
                ? Result(entry, InboundOutcome.Waiting, entry.Problem!, fromMedium)
                : await RejectAsync(entry, bytes, entry.Problem!, null, fromMedium, cancellationToken);
        }

        Bundle bundle;
        try
        {
            bundle = Verify(bytes);
        }
        catch (BundleNotYetReadableException e)
        {
            // An unknown key may be a rotation not yet installed; but under a number already applied it can only be
            // junk.
            var here = await NeighbourhoodAsync(entry.Sequence, cancellationToken);
            return here.Applied is not null
                ? await RejectAsync(
                    entry,
                    bytes,
                    $"{e.Message}, and bundle {entry.Sequence} has been applied already",
                    entry.Sequence,
                    fromMedium,
                    cancellationToken
                )
                : Result(entry, InboundOutcome.Waiting, WaitingAdvice(e.Message), fromMedium);
        }
        catch (BundleRejectedException e)
        {
            return await RejectAsync(entry, bytes, e.Message, entry.Sequence, fromMedium, cancellationToken);
        }

        var place = InboundPlacement.Place(
            bundle.Header,
            bundle.Hash,
            await NeighbourhoodAsync(bundle.Header.Sequence, cancellationToken)
        );
        switch (place.Placement)
        {
            case Placement.AlreadyApplied:
                Handled(entry, fromMedium);
                return Result(entry, InboundOutcome.AlreadyApplied, place.Message, fromMedium);
            case Placement.Conflict or Placement.ChainBroken:
                return await RejectAsync(
                    entry,
                    bytes,
                    place.Message,
                    bundle.Header.Sequence,
                    fromMedium,
                    cancellationToken
                );
            case Placement.Ahead:
                if (fromMedium)
                {
                    BundleSpool.Hold(folders.Spool, bundle.Header, bytes);
                }

                return Result(
                    entry,
                    InboundOutcome.Held,
                    $"{place.Message}; kept in the inbound spool until it does or an operator acknowledges the gap",
                    fromMedium
                );
        }

        int records;
        try
        {
            records = await OpenAndApplyAsync(bundle, place.Placement, cancellationToken);
        }
        catch (BundleNotYetReadableException e)
        {
            return Result(
                entry,
                InboundOutcome.Waiting,
                WaitingAdvice($"{BundleFormat.Describe(bundle.Header)}: {e.Message}"),
                fromMedium
            );
        }
        catch (BundleRejectedException e)
        {
            return await RejectAsync(
                entry,
                bytes,
                $"{BundleFormat.Describe(bundle.Header)}: {e.Message}",
                bundle.Header.Sequence,
                fromMedium,
                cancellationToken
            );
        }

        Handled(entry, fromMedium);
        var applied = place.Placement == Placement.Late ? "applied (it had been acknowledged as lost)" : "applied";
        return Result(
            entry,
            InboundOutcome.Applied,
            $"{BundleFormat.Describe(bundle.Header)} {applied}: {records} new record(s)",
            fromMedium,
            records
        );
    }

    private async Task<InboundResult> RejectAsync(
        SpoolEntry entry,
        byte[] bytes,
        string reason,
        long? sequence,
        bool fromMedium,
        CancellationToken cancellationToken
    )
    {
        // The same bad file carried again is one quarantine, not one per trip: it is recognised by its hash.
        if (BundleSpool.QuarantinedAs(folders.Quarantine, BundleFormat.Hash(bytes)) is { } earlier)
        {
            Handled(entry, fromMedium);
            return Result(
                entry,
                InboundOutcome.Rejected,
                $"{reason} (this very file is in quarantine already as {Path.GetFileName(earlier)}; not recorded "
                    + $"again)",
                fromMedium
            );
        }

        var folder = BundleSpool.Quarantine(folders.Quarantine, entry.Name, bytes, reason, time.GetUtcNow());
        await OnQuarantinedAsync(entry.Name, folder, BundleFormat.Hash(bytes), sequence, reason, cancellationToken);
        Handled(entry, fromMedium);
        return Result(entry, InboundOutcome.Rejected, reason, fromMedium);
    }

    /// <summary>A handled file leaves the spool; a carried medium is never changed.</summary>
    private static void Handled(SpoolEntry entry, bool fromMedium)
    {
        if (!fromMedium)
        {
            BundleSpool.Remove(entry.Path);
        }
    }

    private static InboundResult Result(
        SpoolEntry entry,
        InboundOutcome outcome,
        string message,
        bool fromMedium,
        int records = 0
    ) => new(entry.Name, entry.Sequence, outcome, message, records, fromMedium);

    private static string WaitingAdvice(string reason) =>
        $"{reason}; it waits: install the sender's new public keys (`jebo keys install`) or upgrade this zone, or "
        + $"remove the file if it is not genuine";

    private static bool SameFolder(string a, string b) =>
        string.Equals(
            Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar),
            Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar),
            StringComparison.Ordinal
        );
}
