using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Search;
using Jebo.Storage;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Transfer;

/// <summary>
/// Writes an opened report bundle into casework's database in one transaction: a case per new report routed to its
/// province, with one audit entry per case, the reporter's identity apart, the attachments still sealed, the
/// follow-ups, and the bundle's place in the ledger (<see cref="InboundBundle"/>).
/// </summary>
/// <remarks>
/// Security: nothing is committed unless every batch opened and every check held, the follow-ups' receipt MACs among
/// them; a report or follow-up seen before (by id) is skipped, so a bundle carried twice, or a late bundle overlapping
/// a later one, changes nothing.
/// </remarks>
public sealed class ReportBundleWriter(
    CaseworkDb db,
    AuditLog audit,
    CaseRouting routing,
    CaseClock clock,
    ReporterRequests requests,
    ImportJournal journal,
    TimeProvider time
)
{
    /// <summary>Writes a bundle whose records arrive opened, batch by batch (<see cref="RecordOpening"/>), in one
    /// transaction; a batch that fails to open throws before the commit, so the transaction rolls back. Returns the new
    /// records.</summary>
    public async Task<int> WriteAsync(
        Bundle bundle,
        IAsyncEnumerable<IReadOnlyList<object>> batches,
        Placement placement,
        CancellationToken cancellationToken
    )
    {
        var header = bundle.Header;
        var now = time.GetUtcNow();
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);

        // What casework holds already (a bundle carried twice, or a late one overlapping a later one), known from the
        // records' ids before they open: opening checks that each is the id of the report or follow-up it carries. The
        // ids go as one array parameter (EF.Parameter), not EF Core 10's default of one parameter each: ten thousand
        // named parameters cost SQLite a linear name search per binding, which dominated the import.
        var reportIds = bundle.Records.Where(r => r.Type == RecordType.SealedReport).Select(r => r.Id).ToList();
        var seenReports = (
            await db
                .Reports.Where(r => EF.Parameter(reportIds).Contains(r.Id))
                .Select(r => r.Id)
                .ToListAsync(cancellationToken)
        ).ToHashSet();
        var followUpIds = bundle.Records.Where(r => r.Type == RecordType.SealedFollowUp).Select(r => r.Id).ToList();
        var seenFollowUps = (
            await db
                .FollowUps.Where(f => EF.Parameter(followUpIds).Contains(f.Id))
                .Select(f => f.Id)
                .ToListAsync(cancellationToken)
        ).ToHashSet();

        var allReports = new List<OpenedReport>();
        var allAttachments = new List<OpenedAttachment>();
        var allFollowUps = new List<SealedFollowUpPlaintext>();
        var caseOf = new Dictionary<Guid, string>();
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            var cases = new List<CaseRecord>();
            var reports = new List<ReportRecord>();
            var identities = new List<ReporterIdentity>();
            var events = new List<AuditEvent>();
            var searchable = new List<(Guid, string)>();
            foreach (var record in batch)
            {
                switch (record)
                {
                    case OpenedReport openedReport:
                        allReports.Add(openedReport);
                        if (seenReports.Contains(openedReport.ReportId))
                        {
                            break;
                        }

                        var (caseRecord, report, identity) = NewCase(openedReport, header.Sequence, now);
                        cases.Add(caseRecord);
                        reports.Add(report);
                        if (identity is not null)
                        {
                            identities.Add(identity);
                        }

                        caseOf[report.Id] = caseRecord.Id;
                        searchable.Add((report.Id, openedReport.SearchTerms));
                        // The files a report names are those the bundle carries for it (checked below, before the
                        // commit).
                        events.Add(
                            new AuditEvent(
                                AuditLog.TransferActor,
                                null,
                                AuditActions.CaseCreated,
                                caseRecord.Id,
                                new
                                {
                                    reportId = report.Id,
                                    office = caseRecord.OfficeCode,
                                    bundle = header.Sequence,
                                    marks = openedReport.Sealed.Marks,
                                    attachments = (openedReport.Sealed.Attachments ?? []).Distinct().Count(),
                                }
                            )
                        );
                        if (caseRecord.Urgent)
                        {
                            events.Add(
                                new AuditEvent(
                                    AuditLog.TransferActor,
                                    null,
                                    AuditActions.ProtectionRequested,
                                    caseRecord.Id,
                                    new
                                    {
                                        reportId = report.Id,
                                        bundle = header.Sequence,
                                        dueAt = caseRecord.ProtectionDueAt,
                                        deadlineStarted = true,
                                    }
                                )
                            );
                        }

                        break;
                    case OpenedAttachment attachment:
                        allAttachments.Add(attachment);
                        break;
                    case SealedFollowUpPlaintext followUp:
                        allFollowUps.Add(followUp);
                        break;
                }
            }

            BulkInsert.Insert(db, cases);
            BulkInsert.Insert(db, reports);
            BulkInsert.Insert(db, identities);
            BulkInsert.Insert(db, await audit.ChainAsync(events, cancellationToken));
            await SearchIndexing.AddAsync(db, searchable, cancellationToken);
        }

        ReportBundleOpener.CheckAttachmentsMatch(allReports, allFollowUps, allAttachments);
        void Store(OpenedAttachment file, Guid reportId, string caseId)
        {
            db.Attachments.Add(
                new AttachmentRecord
                {
                    Id = file.Id,
                    ReportId = reportId,
                    FollowUpId = file.FollowUpId,
                    CaseId = caseId,
                    FileName = file.Metadata.Name,
                    ContentType = file.Metadata.ContentType,
                    Cleaning = file.Metadata.Cleaning,
                    Length = file.Length,
                    Sha256 = file.Sha256,
                    Header = file.Header,
                    ChunkCount = file.Chunks.Count,
                    ImportedAt = now,
                }
            );
            db.AttachmentChunks.AddRange(
                file.Chunks.Select(
                    (data, index) =>
                        new AttachmentChunkRecord
                        {
                            AttachmentId = file.Id,
                            Index = index,
                            Data = data,
                        }
                )
            );
        }

        foreach (var file in allAttachments.Where(a => a.FollowUpId is null))
        {
            if (caseOf.TryGetValue(file.ReportId, out var caseId))
            {
                Store(file, file.ReportId, caseId);
            }

            // else its report was imported before, with it
        }

        var newReports = caseOf.Count;
        var newFollowUps = allFollowUps.Where(f => !seenFollowUps.Contains(f.FollowUpId)).ToList();
        // A report new with this bundle vouches with the key it brings; any other with the key casework already holds,
        // never with one a bundle repeats (a repeated report is skipped, and its key could be anyone's choice).
        var feedbackKeys = new Dictionary<Guid, byte[]>();
        foreach (var report in allReports.Where(r => caseOf.ContainsKey(r.ReportId)))
        {
            feedbackKeys[report.ReportId] = report.Sealed.FeedbackKey;
        }

        var otherReports = newFollowUps
            .Select(f => f.ReportId)
            .Where(id => !feedbackKeys.ContainsKey(id))
            .Distinct()
            .ToList();
        foreach (
            var known in await db
                .Reports.Where(r => EF.Parameter(otherReports).Contains(r.Id))
                .Select(r => new
                {
                    r.Id,
                    r.CaseId,
                    r.FeedbackKey,
                })
                .ToListAsync(cancellationToken)
        )
        {
            caseOf[known.Id] = known.CaseId;
            feedbackKeys[known.Id] = known.FeedbackKey;
        }

        CheckFollowUpsBound(newFollowUps, feedbackKeys);
        // A follow-up's files join the case of its report, once its MAC (which covers them) has held; those of a
        // follow-up imported before came with it.
        var newFollowUpsById = newFollowUps.ToDictionary(f => f.FollowUpId);
        foreach (var file in allAttachments.Where(a => a.FollowUpId is not null))
        {
            if (newFollowUpsById.TryGetValue(file.FollowUpId!.Value, out var followUp))
            {
                Store(file, followUp.ReportId, caseOf[followUp.ReportId]);
            }
        }

        var followUps = new List<FollowUpRecord>();
        var closing = new List<AuditEvent>();
        foreach (var followUp in newFollowUps)
        {
            followUps.Add(
                new FollowUpRecord
                {
                    Id = followUp.FollowUpId,
                    ReportId = followUp.ReportId,
                    ReceivedAt = followUp.ReceivedAt,
                    ImportedAt = now,
                    Text = followUp.Text,
                }
            );
            // A follow-up whose report is in a bundle still missing is kept all the same; it joins its case by report
            // id.
            closing.Add(
                new AuditEvent(
                    AuditLog.TransferActor,
                    null,
                    AuditActions.FollowUpReceived,
                    caseOf.GetValueOrDefault(followUp.ReportId),
                    new
                    {
                        followUpId = followUp.FollowUpId,
                        reportId = followUp.ReportId,
                        bundle = header.Sequence,
                        attachments = followUp.Attachments?.Count ?? 0,
                    }
                )
            );
        }

        closing.AddRange(await requests.ApplyAsync(newFollowUps, header.Sequence, cancellationToken));
        closing.Add(
            await journal.ImportedAsync(
                bundle,
                placement,
                newReports,
                followUps.Count,
                allReports.Count + allFollowUps.Count - newReports - followUps.Count,
                now,
                cancellationToken
            )
        );

        BulkInsert.Insert(db, followUps);
        await MarkUnreadAsync(followUps.Select(f => caseOf.GetValueOrDefault(f.ReportId)), now, cancellationToken);
        await SearchIndexing.AddAsync(
            db,
            followUps.Select(f => (f.ReportId, SearchTerms.Document(f.Text))),
            cancellationToken
        );
        BulkInsert.Insert(db, await audit.ChainAsync(closing, cancellationToken));
        db.InboundBundles.Add(
            new InboundBundle
            {
                Sequence = header.Sequence,
                Hash = bundle.Hash,
                PreviousHash = header.PreviousHash,
                ImportedAt = now,
                RecordCount = bundle.Records.Count,
                Late = placement == Placement.Late,
            }
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        journal.Committed(header.Sequence, newReports, followUps.Count);
        return newReports + followUps.Count;
    }

    /// <summary>Marks the cases that received follow-ups as holding unread ones since <paramref name="now"/>, unless an
    /// earlier one is still unread (the <c>follow-ups</c> queue; <c>CaseQueries.GetAsync</c> clears the mark). A
    /// follow-up whose report has not arrived yet marks nothing: its report opens a new case, read as new.</summary>
    private async Task MarkUnreadAsync(
        IEnumerable<string?> caseIds,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var ids = caseIds.OfType<string>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await db
            .Cases.Where(c => EF.Parameter(ids).Contains(c.Id) && c.FollowUpsUnreadSince == null)
            .ExecuteUpdateAsync(
                u => u.SetProperty(c => c.FollowUpsUnreadSince, (DateTimeOffset?)now),
                cancellationToken
            );
    }

    /// <summary>Every follow-up carries the MAC only its report's receipt can make (<see cref="FollowUpMac"/>); one
    /// that does not, or whose report casework does not hold to check it against, refuses the whole bundle.</summary>
    /// <remarks>Security: intake signs every bundle, so its signature cannot tell a reporter's words from words a
    /// compromised intake made up for someone else's case; the MAC can, and the refusal is quarantined and
    /// alerted.</remarks>
    private static void CheckFollowUpsBound(
        IReadOnlyList<SealedFollowUpPlaintext> followUps,
        Dictionary<Guid, byte[]> feedbackKeys
    )
    {
        foreach (var followUp in followUps)
        {
            if (!feedbackKeys.TryGetValue(followUp.ReportId, out var key))
            {
                throw new BundleRejectedException(
                    $"follow-up {followUp.FollowUpId} is for report {followUp.ReportId}, which casework does not hold, "
                        + $"so its receipt MAC cannot be checked; import the bundle with the report first, then this "
                        + $"one again from the quarantine"
                );
            }

            if (!FollowUpMac.Verifies(key, followUp))
            {
                throw new BundleRejectedException(
                    $"follow-up {followUp.FollowUpId} for report {followUp.ReportId} does not carry the MAC of that "
                        + $"report's receipt: intake could not have received it from the reporter"
                );
            }
        }
    }

    /// <summary>The case, report row and identity apart that one opened report becomes: routed to its region's
    /// province, its clocks started, the contact deadline only for a reporter who gave a phone and consented. Also the
    /// opening of a clue entered by hand (<see cref="ClueEntry"/>).</summary>
    public (CaseRecord Case, ReportRecord Report, ReporterIdentity? Identity) NewCase(
        OpenedReport opened,
        long sequence,
        DateTimeOffset now
    )
    {
        var (sealedReport, named, content, _) = opened;
        var report = sealedReport.Report;
        var reporter = report.Reporter ?? new ReporterContent();
        var caseRecord = new CaseRecord
        {
            Id = CaseId.New(),
            Status = CaseStatus.Received,
            OfficeCode = routing.OfficeFor(report),
            Category = string.IsNullOrEmpty(report.Category) ? "unclear" : report.Category,
            Region = string.IsNullOrEmpty(report.Region) ? "unclear" : report.Region,
            ReceivedAt = sealedReport.ReceivedAt,
            UpdatedAt = now,
            HasContact = opened.Contactable,
            PublicStatusAt = sealedReport.ReceivedAt,
        };
        clock.StartReceived(caseRecord);
        if (reporter.Protection)
        {
            clock.StartProtection(caseRecord, sealedReport.ReceivedAt);
        }

        var record = new ReportRecord
        {
            Id = sealedReport.ReportId,
            CaseId = caseRecord.Id,
            ReceivedAt = sealedReport.ReceivedAt,
            ImportedAt = now,
            BundleSequence = sequence,
            Content = content,
            FeedbackKey = sealedReport.FeedbackKey,
            Marks = string.Join(',', sealedReport.Marks),
            HasIdentity = named,
            ProtectionRequestedAt = reporter.Protection ? sealedReport.ReceivedAt : null,
            Contactable = opened.Contactable,
        };
        var identity = named
            ? new ReporterIdentity
            {
                ReportId = sealedReport.ReportId,
                Name = reporter.Name,
                Phone = reporter.Phone,
                ContactConsent = reporter.ContactConsent,
            }
            : null;
        return (caseRecord, record, identity);
    }
}
