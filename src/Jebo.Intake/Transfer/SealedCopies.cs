using Jebo.Intake.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Transfer;

/// <summary>Removes intake's sealed copies of what report bundles carried — reports, follow-ups, attachments — once
/// they are no longer kept: casework holds them (<see cref="StatusInbox"/>), or they were declared lost and their
/// retention period ran out (<c>Retention/IntakeRetention</c>). Status rows and the reporters' own copies
/// stay.</summary>
public static class SealedCopies
{
    /// <summary>Removes the sealed copies of the bundles <paramref name="sequences"/> and marks the bundles as no
    /// longer kept from <paramref name="now"/>; inside the caller's transaction.</summary>
    public static async Task ForgetAsync(
        IntakeDb db,
        IReadOnlyList<long> sequences,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        await db
            .Reports.Where(r =>
                r.BundleSequence != null && sequences.Contains(r.BundleSequence.Value) && r.Sealed != null
            )
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Sealed, (byte[]?)null), cancellationToken);
        await db
            .FollowUps.Where(f =>
                f.BundleSequence != null && sequences.Contains(f.BundleSequence.Value) && f.Sealed != null
            )
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Sealed, (byte[]?)null), cancellationToken);
        var carried = db
            .Attachments.Where(a => a.BundleSequence != null && sequences.Contains(a.BundleSequence.Value))
            .Select(a => a.Id);
        await db.AttachmentChunks.Where(c => carried.Contains(c.AttachmentId)).ExecuteDeleteAsync(cancellationToken);
        await db
            .Attachments.Where(a => a.BundleSequence != null && sequences.Contains(a.BundleSequence.Value))
            .ExecuteDeleteAsync(cancellationToken);
        await db
            .OutboundBundles.Where(b => sequences.Contains(b.Sequence))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.AcknowledgedAt, now), cancellationToken);
    }
}
