using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Reference.Regions;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Retention;

/// <summary>A legal hold as the API and the command line show it.</summary>
public sealed record LegalHoldView(
    string CaseId,
    bool Held,
    DateTimeOffset? HeldAt,
    string? HeldBy,
    string? HeldOffice,
    string? Reason
);

/// <summary>What became of a request to set or lift a hold.</summary>
public abstract record HoldOutcome
{
    public sealed record Done(LegalHoldView Hold) : HoldOutcome;

    /// <summary>No such case in the caller's jurisdiction.</summary>
    public sealed record NotFound : HoldOutcome;

    public sealed record Forbidden(string Why) : HoldOutcome;

    /// <summary>Nothing to do: the case is held already, or not held.</summary>
    public sealed record Unchanged(LegalHoldView Hold) : HoldOutcome;
}

/// <summary>
/// Sets and lifts the legal hold that keeps a case from retention's purges (<see cref="CaseworkRetention"/>); who may
/// is <see cref="CasePermissions.MayHoldCases"/> and <see cref="CasePermissions.HoldLiftRefusal"/>. Each change is an
/// audit entry of the case (<c>retention.hold-set</c>, <c>retention.hold-lifted</c>) with the reason.
/// </summary>
public sealed class LegalHolds(
    CaseworkDb db,
    AuditLog audit,
    Jurisdiction jurisdiction,
    OfficeTree offices,
    TimeProvider time
)
{
    public const int MaxReason = 1000;

    /// <summary>The reason as kept, or null when there is none or it is unfit (too long, control characters): a hold
    /// and its lifting always say why, whether asked for by the API, the case page or the command line.</summary>
    public static string? Reason(string? given) =>
        given?.Trim() is { Length: > 0 and <= MaxReason } reason
        && !reason.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            ? reason
            : null;

    /// <summary>The login recorded for a hold set or lifted on the casework machine itself.</summary>
    public const string MachineActor = "cli";

    /// <summary>Sets (<paramref name="hold"/>) or lifts a case's hold for a member of staff.</summary>
    public async Task<HoldOutcome> ChangeAsync(
        StaffPrincipal staff,
        string caseId,
        bool hold,
        string reason,
        CancellationToken cancellationToken
    )
    {
        if (!CasePermissions.MayHoldCases(staff.Role))
        {
            return new HoldOutcome.Forbidden(
                $"the {staff.Role} role may not set or lift a legal hold; that is for supervisors"
            );
        }

        return await ChangeAsync(staff.Login, staff.OfficeCode, staff, caseId, hold, reason, cancellationToken);
    }

    /// <summary>Sets or lifts a case's hold from the casework machine (<c>jebo retention hold|lift</c>): whoever runs
    /// commands there holds the database already; the hold counts as set by the national office.</summary>
    public Task<HoldOutcome> ChangeOnTheMachineAsync(
        string caseId,
        bool hold,
        string reason,
        CancellationToken cancellationToken
    ) => ChangeAsync(MachineActor, RegionDataset.National, null, caseId, hold, reason, cancellationToken);

    /// <summary>The hold of a case the caller has already found within the reader's jurisdiction (the API and the case
    /// page both look it up first); a case never held reads as not held.</summary>
    public async Task<LegalHoldView> OfAsync(string caseId, CancellationToken cancellationToken) =>
        View(caseId, await db.Retention.AsNoTracking().FirstOrDefaultAsync(r => r.CaseId == caseId, cancellationToken));

    private async Task<HoldOutcome> ChangeAsync(
        string actor,
        string office,
        StaffPrincipal? staff,
        string caseId,
        bool hold,
        string reason,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var caseRecord = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (caseRecord is null || (staff is not null && !jurisdiction.Covers(staff, caseRecord.OfficeCode)))
        {
            return new HoldOutcome.NotFound();
        }

        var row = await db.Retention.FirstOrDefaultAsync(r => r.CaseId == caseId, cancellationToken);
        if ((row?.HeldAt is not null) == hold)
        {
            return new HoldOutcome.Unchanged(View(caseId, row));
        }

        if (
            !hold
            && staff is not null
            && CasePermissions.HoldLiftRefusal(staff, row!.HeldOffice, offices) is { } refusal
        )
        {
            return new HoldOutcome.Forbidden(refusal);
        }

        if (row is null)
        {
            row = new CaseRetention { CaseId = caseId };
            db.Retention.Add(row);
        }

        var lifted = new { row.HeldBy, row.HeldOffice };
        (row.HeldAt, row.HeldBy, row.HeldOffice, row.HoldReason) = hold
            ? (time.GetUtcNow(), actor, office, reason)
            : ((DateTimeOffset?)null, (string?)null, (string?)null, (string?)null);
        await audit.AppendAsync(
            actor,
            office,
            hold ? AuditActions.RetentionHoldSet : AuditActions.RetentionHoldLifted,
            caseId,
            hold
                ? new { reason }
                : new
                {
                    reason,
                    heldBy = lifted.HeldBy,
                    heldOffice = lifted.HeldOffice,
                },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new HoldOutcome.Done(View(caseId, row));
    }

    private static LegalHoldView View(string caseId, CaseRetention? row) =>
        new(caseId, row?.HeldAt is not null, row?.HeldAt, row?.HeldBy, row?.HeldOffice, row?.HoldReason);
}
