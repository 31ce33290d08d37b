using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Feedback;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Transfer;

/// <summary>What a reporter asks besides words, as their follow-ups bring it in: protection marks the case urgent and
/// starts its deadline in hours (<see cref="CaseClock.StartProtection"/>); contact details given after an anonymous
/// report are kept apart like any identity (<see cref="ReporterIdentity"/>), and the case gains the contact deadline,
/// counted from that day, and with it callback eligibility. A reward claim is kept apart too
/// (<see cref="RewardClaimRecord"/>), and the case shows a claim waiting for <c>decide-reward</c>.</summary>
/// <remarks>Security: only follow-ups whose receipt MAC held come here (version 3 covers the request and the details,
/// version 5 the reward claim), so a compromised intake can neither raise a false alarm, plant a phone number in a
/// reporter's name nor send a reporter's reward to its own account; the trail records that details were given, never
/// the details.</remarks>
public sealed class ReporterRequests(
    CaseworkDb db,
    CaseClock clock,
    ReporterContacts contacts,
    StatusPublication publication
)
{
    /// <summary>Applies the requests of new, checked follow-ups inside the import's transaction; returns their audit
    /// events.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ApplyAsync(
        IReadOnlyList<SealedFollowUpPlaintext> followUps,
        long bundle,
        CancellationToken cancellationToken
    )
    {
        var asking = followUps
            .Where(f => f.Protection || f.Contact is not null || f.Reward is not null)
            .OrderBy(f => f.ReceivedAt)
            .ToList();
        if (asking.Count == 0)
        {
            return [];
        }

        var reportIds = asking.Select(f => f.ReportId).Distinct().ToList();
        var reports = await db
            .Reports.Where(r => reportIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var caseIds = reports.Values.Select(r => r.CaseId).Distinct().ToList();
        var cases = await db.Cases.Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var events = new List<AuditEvent>();
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var followUp in asking)
        {
            // The MAC check found the report's key, so casework holds the report.
            var report = reports[followUp.ReportId];
            var caseRecord = cases[report.CaseId];
            if (followUp.Protection)
            {
                if (report.ProtectionRequestedAt is not { } before || before < followUp.ReceivedAt)
                {
                    report.ProtectionRequestedAt = followUp.ReceivedAt;
                }

                var started = clock.StartProtection(caseRecord, followUp.ReceivedAt);
                events.Add(
                    new AuditEvent(
                        AuditLog.TransferActor,
                        null,
                        AuditActions.ProtectionRequested,
                        caseRecord.Id,
                        new
                        {
                            followUpId = followUp.FollowUpId,
                            reportId = report.Id,
                            bundle,
                            dueAt = caseRecord.ProtectionDueAt,
                            deadlineStarted = started,
                        }
                    )
                );
            }

            if (followUp.Contact is { } contact)
            {
                await KeepApartAsync(report, contact, followUp.ReceivedAt, cancellationToken);
                reachable.Add(caseRecord.Id);
                events.Add(
                    new AuditEvent(
                        AuditLog.TransferActor,
                        null,
                        AuditActions.ContactGiven,
                        caseRecord.Id,
                        new
                        {
                            followUpId = followUp.FollowUpId,
                            reportId = report.Id,
                            bundle,
                            since = report.ContactSince,
                        }
                    )
                );
            }

            if (followUp.Reward is { } reward)
            {
                KeepClaim(report, caseRecord, followUp, reward);
                events.Add(
                    new AuditEvent(
                        AuditLog.TransferActor,
                        null,
                        AuditActions.RewardClaimed,
                        caseRecord.Id,
                        new
                        {
                            followUpId = followUp.FollowUpId,
                            reportId = report.Id,
                            bundle,
                        }
                    )
                );
            }
        }

        var claimed = asking.Where(f => f.Reward is not null).Select(f => f.ReportId).Distinct().ToList();
        await publication.QueueAsync(claimed, asking[^1].ReceivedAt, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var caseId in reachable)
        {
            var caseRecord = cases[caseId];
            await contacts.RecomputeAsync(
                caseRecord,
                await contacts.IdentifiedReportsAsync(caseId, cancellationToken),
                cancellationToken
            );
            CaseClock.Recompute(caseRecord);
        }

        return events;
    }

    /// <summary>Keeps the claim apart, in its own table, and marks the case as having a claim waiting (the oldest one
    /// sets the time the rewards queue orders by).</summary>
    private void KeepClaim(
        ReportRecord report,
        CaseRecord caseRecord,
        SealedFollowUpPlaintext followUp,
        RewardClaim reward
    )
    {
        db.RewardClaims.Add(
            new RewardClaimRecord
            {
                Id = followUp.FollowUpId,
                ReportId = report.Id,
                CaseId = caseRecord.Id,
                ClaimedAt = followUp.ReceivedAt,
                Name = reward.Name,
                Phone = reward.Phone,
                Bank = reward.Bank,
                Account = reward.Account,
            }
        );
        if (caseRecord.RewardClaimedAt is not { } waiting || followUp.ReceivedAt < waiting)
        {
            caseRecord.RewardClaimedAt = followUp.ReceivedAt;
        }
    }

    /// <summary>Keeps the details in the identity table; a reporter who could not be reached until now is reachable
    /// from <paramref name="at"/>, so their contact deadline runs from then.</summary>
    private async Task KeepApartAsync(
        ReportRecord report,
        LaterContact contact,
        DateTimeOffset at,
        CancellationToken cancellationToken
    )
    {
        var identity = await db.ReporterIdentities.FirstOrDefaultAsync(i => i.ReportId == report.Id, cancellationToken);
        if (identity is null)
        {
            db.ReporterIdentities.Add(
                new ReporterIdentity
                {
                    ReportId = report.Id,
                    Name = contact.Name,
                    Phone = contact.Phone,
                    ContactConsent = true,
                }
            );
        }
        else
        {
            identity.Name = contact.Name ?? identity.Name;
            identity.Phone = contact.Phone;
            identity.ContactConsent = true;
            // Hashed again for the repetition watch (Screening/RepetitionWatch), from the new phone.
            identity.ContactHash = null;
        }

        // The contact deadline and the callback run from the day the reporter became reachable, not from the report.
        if (!report.Contactable)
        {
            (report.Contactable, report.ContactSince) = (true, at);
        }

        report.HasIdentity = true;
    }
}
