using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Storage.Background;
using Jebo.Transfer.Bundles;
using NSec.Cryptography;

namespace Jebo.Casework.Transfer;

/// <summary>
/// Receives report bundles from intake (the checks are <see cref="BundleReceiver{TOpened}"/>'s, shared with intake's
/// status inbox, against casework's ledger, <see cref="InboundLedger"/>), then has them opened
/// (<see cref="ReportBundleOpener"/>) and written (<see cref="ReportBundleWriter"/>), the two overlapped; what became
/// of each bundle is told by <see cref="ImportJournal"/>.
/// </summary>
/// <remarks>
/// Security: nothing is committed for a bundle that fails any check; it is quarantined with the reason, recorded as an
/// alert for administrators and auditors, and audited. A report or follow-up seen before (by id) is skipped, so a
/// bundle carried twice, or a late bundle overlapping a later one, changes nothing.
/// </remarks>
public sealed class ReportImporter(
    CaseworkDb db,
    CaseworkKeys keys,
    ReportBundleOpener opener,
    ReportBundleWriter writer,
    ImportJournal journal,
    CaseworkOptions options,
    TimeProvider time,
    ProcessorShare share
)
    : BundleReceiver<OpenedBundle>(
        BundleKind.Reports,
        Sender,
        new ReceiverFolders(options.InboundSpool, options.QuarantineFolder, options.InboxLockFile),
        time
    )
{
    public const string Sender = "intake";

    protected override PublicKey? TrustedKey(string keyId) => keys.IntakeSigning.GetValueOrDefault(keyId);

    protected override Task<Neighbourhood> NeighbourhoodAsync(long sequence, CancellationToken cancellationToken) =>
        InboundLedger.NeighbourhoodAsync(db, sequence, cancellationToken);

    /// <summary>Opens every record (for <c>jebo transfer verify</c> and the check before an import), on every
    /// core.</summary>
    protected override OpenedBundle Open(Bundle bundle) => opener.Open(bundle);

    /// <summary>Opens and writes a bundle with the two overlapped: the records open in batches on every core while
    /// the batches already open are written, in record order, in the import's one transaction. A record that does not
    /// open stops the import before the commit, so the transaction rolls back and nothing of the bundle is
    /// kept. Beside the public zone (<see cref="ProcessorShare.OpensBeforeWriting"/>) every batch opens first and the
    /// transaction then holds the write lock only while it writes.</summary>
    protected override async Task<int> OpenAndApplyAsync(
        Bundle bundle,
        Placement placement,
        CancellationToken cancellationToken
    )
    {
        await using var opening = opener.OpenInBatches(bundle.Records);
        var batches = share.OpensBeforeWriting
            ? (await opening.AllAsync(cancellationToken)).ToAsyncEnumerable()
            : opening.InOrderAsync(cancellationToken);
        return await writer.WriteAsync(bundle, batches, placement, cancellationToken);
    }

    protected override Task OnQuarantinedAsync(
        string name,
        string folder,
        string hash,
        long? sequence,
        string reason,
        CancellationToken cancellationToken
    ) => journal.QuarantinedAsync(name, folder, hash, sequence, reason, cancellationToken);
}
