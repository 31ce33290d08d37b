using System.Globalization;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Lifecycle;

/// <summary>One field of one case where the stored state and the state replayed from the audit log disagree.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Field">The field (<c>status</c>, <c>office</c>, <c>report 3f2a…</c>, or <c>trail</c> for the log
/// itself).</param>
/// <param name="Stored">What the case row holds, or null.</param>
/// <param name="Replayed">What the log says, or null.</param>
public sealed record CaseDifference(string CaseId, string Field, string? Stored, string? Replayed)
{
    public override string ToString() =>
        Field == Trail
            ? $"case {CaseId}: {Replayed}"
            : $"case {CaseId}: {Field} stored {Quote(Stored)}, log says {Quote(Replayed)}";

    /// <summary>The field name of a difference inside the log: a step that started from another state than the
    /// steps before it left, i.e. the case was changed between two steps without a trace.</summary>
    public const string Trail = "trail";

    private static string Quote(string? value) => value is null ? "nothing" : $"'{value}'";
}

/// <summary>
/// Case state as a projection of the audit log, beside the lifecycle it replays (<see cref="CaseLifecycle"/>): replays
/// every case event in chain order (<c>case.created</c>, every
/// <c>case.&lt;action&gt;</c>, <c>case.escalated</c>, <c>case.merge-received</c>, <c>case.merge-undone</c>) to
/// recompute what each case row and each report's place should be, and compares it with what is stored.
/// <c>jebo audit rebuild</c> runs it; the one place that knows what each event does to a case.
/// </summary>
/// <remarks>
/// Security: a case row changed behind the application's back (a database session, a restored old file) leaves no
/// entry in the chain, so the chain's own check cannot see it; the replay does. A step taken after such a change
/// starts from a state the log never left the case in, which the replay reports as a <c>trail</c> difference even
/// when the changed field was later put back. Times are not compared: a step's own time and its entry's time are read
/// from the clock a moment apart.
/// </remarks>
public sealed class CaseProjection(CaseworkDb db)
{
    private const int Page = 10_000;

    /// <summary>Every difference between the stored cases and reports and the log's replay, case by case.</summary>
    public async Task<IReadOnlyList<CaseDifference>> CompareAsync(CancellationToken cancellationToken)
    {
        var replay = await ReplayAsync(cancellationToken);
        var differences = new List<CaseDifference>(replay.Problems);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (
            var stored in db
                .Cases.AsNoTracking()
                .OrderBy(c => c.Id)
                .AsAsyncEnumerable()
                .WithCancellation(cancellationToken)
        )
        {
            seen.Add(stored.Id);
            if (!replay.Cases.TryGetValue(stored.Id, out var replayed))
            {
                differences.Add(
                    new CaseDifference(stored.Id, CaseDifference.Trail, null, "stored, but the log never created it")
                );
                continue;
            }

            differences.AddRange(replayed.Compare(stored));
        }

        differences.AddRange(
            replay
                .Cases.Keys.Where(id => !seen.Contains(id))
                .Order(StringComparer.Ordinal)
                .Select(id => new CaseDifference(
                    id,
                    CaseDifference.Trail,
                    null,
                    "created in the log, but no longer stored"
                ))
        );

        await foreach (
            var report in db
                .Reports.AsNoTracking()
                .OrderBy(r => r.Id)
                .Select(r => new
                {
                    r.Id,
                    r.CaseId,
                    r.OriginCaseId,
                })
                .AsAsyncEnumerable()
                .WithCancellation(cancellationToken)
        )
        {
            var name = "report " + report.Id.ToString("d", CultureInfo.InvariantCulture);
            if (!replay.Reports.TryGetValue(report.Id, out var place))
            {
                differences.Add(new CaseDifference(report.CaseId, name, "present", null));
                continue;
            }

            if (place.CaseId != report.CaseId)
            {
                differences.Add(
                    new CaseDifference(report.CaseId, name, "in case " + report.CaseId, "in case " + place.CaseId)
                );
            }

            if (place.OriginCaseId != report.OriginCaseId)
            {
                differences.Add(
                    new CaseDifference(report.CaseId, name + " merged from", report.OriginCaseId, place.OriginCaseId)
                );
            }
        }

        return differences;
    }

    /// <summary>Replays the log's case events in chain order, reading it a page at a time.</summary>
    public async Task<Replay> ReplayAsync(CancellationToken cancellationToken)
    {
        var replay = new Replay();
        var after = 0L;
        while (true)
        {
            var entries = await db
                .AuditEntries.AsNoTracking()
                .Where(e =>
                    e.Sequence > after
                    && e.CaseId != null
                    && e.Action.StartsWith(AuditActions.CasePrefix)
                    && e.Action != AuditActions.CaseViewed
                )
                .OrderBy(e => e.Sequence)
                .Take(Page)
                .ToListAsync(cancellationToken);
            foreach (var entry in entries)
            {
                replay.Apply(entry);
            }

            if (entries.Count < Page)
            {
                return replay;
            }

            after = entries[^1].Sequence;
        }
    }

    /// <summary>Where a report sits: the case holding it, and the case it was merged from.</summary>
    public sealed record ReportPlace(string CaseId, string? OriginCaseId);

    /// <summary>The state the log leads to: every case and every report's place, and any step that did not follow
    /// on.</summary>
    public sealed class Replay
    {
        public Dictionary<string, ProjectedCase> Cases { get; } = new(StringComparer.Ordinal);
        public Dictionary<Guid, ReportPlace> Reports { get; } = [];
        public List<CaseDifference> Problems { get; } = [];

        /// <summary>Applies one case event (events of other kinds are ignored).</summary>
        public void Apply(AuditEntry entry)
        {
            var caseId = entry.CaseId!;
            using var document = JsonDocument.Parse(entry.Details);
            var details = document.RootElement;
            if (entry.Action == AuditActions.CaseCreated)
            {
                Cases[caseId] = new ProjectedCase { Office = Text(details, "office") ?? "" };
                if (Guid.TryParse(Text(details, "reportId"), out var reportId))
                {
                    Reports[reportId] = new ReportPlace(caseId, null);
                }

                return;
            }

            if (!Cases.TryGetValue(caseId, out var c))
            {
                Problems.Add(
                    new CaseDifference(
                        caseId,
                        CaseDifference.Trail,
                        null,
                        $"entry {entry.Sequence} ({entry.Action}) concerns a case the log never created"
                    )
                );
                return;
            }

            switch (entry.Action)
            {
                case AuditActions.CaseMergeReceived or AuditActions.CaseMergeUndone:
                    // The target of a merge (or the case an unmerge takes reports from) moves on a version.
                    c.Version++;
                    return;
                case AuditActions.CaseRequested or AuditActions.CaseRequestReturned:
                    // A step asked for, or returned unapplied, changes nothing the replay tracks but the version.
                    Follow(entry, c, details);
                    c.Version++;
                    return;
                case AuditActions.CaseEscalated or AuditActions.CaseScreened:
                    Follow(entry, c, details);
                    return;
            }

            // The lifecycle's steps: the state each leads to is in its entry's "after", as CaseLifecycle decided it.
            var step = AuditActions.CaseStepOf(entry.Action);
            if (!CaseAction.All.Contains(step))
            {
                return;
            }

            Follow(entry, c, details);
            c.Version++;
            var reason = Text(details, "reason");
            switch (step)
            {
                case CaseAction.Accept:
                    (c.Accepted, c.RejectionReason) = (true, null);
                    break;
                case CaseAction.Reject:
                    c.RejectionReason = reason;
                    break;
                case CaseAction.RecordResult:
                    (c.Result, c.ResultBy) = (Text(details, "result"), entry.Actor);
                    break;
                case CaseAction.Review when Text(details, "decision") == CaseAction.ReviewReturn:
                    (c.Result, c.ResultBy) = (null, null);
                    break;
                case CaseAction.Review:
                    (c.ReviewedBy, c.ReviewerOffice) = (entry.Actor, entry.ActorOffice);
                    break;
                case CaseAction.Refer:
                    // Asked for by one person, confirmed (and so reviewed) by the one who took the step.
                    (c.Result, c.ResultBy) = (Text(details, "result"), Text(details, "requestedBy") ?? entry.Actor);
                    (c.ReviewedBy, c.ReviewerOffice) = (entry.Actor, entry.ActorOffice);
                    break;
                case CaseAction.Merge:
                    Merge(caseId, Text(details, "into") ?? "");
                    break;
                case CaseAction.Unmerge:
                    Unmerge(caseId);
                    break;
                case CaseAction.Close:
                    c.Closed = true;
                    break;
                case CaseAction.Reopen when c.Status == CaseStatus.Received:
                    (c.Closed, c.RejectionReason) = (false, null);
                    break;
                case CaseAction.Reopen:
                    c.Closed = false;
                    (c.Result, c.ResultBy, c.ReviewedBy, c.ReviewerOffice) = (null, null, null, null);
                    break;
                case CaseAction.Revert:
                    Revert(caseId, c, Text(details, "reverts"));
                    break;
            }
        }

        /// <summary>Checks that the step started where the log left the case, then takes the state it left
        /// behind.</summary>
        private void Follow(AuditEntry entry, ProjectedCase c, JsonElement details)
        {
            var before = Snapshot(details, "before");
            if (before is not null && c.Snapshot() is var expected && expected != before)
            {
                var field = Fields.First(f => f.Value(expected) != f.Value(before));
                Problems.Add(
                    new CaseDifference(
                        entry.CaseId!,
                        CaseDifference.Trail,
                        null,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"entry {entry.Sequence} ({entry.Action}) started from {field.Name} "
                                + $"{Show(field.Value(before))}, but the log had left it at "
                                + $"{Show(field.Value(expected))}: the case was changed between two steps without a "
                                + $"trace"
                        )
                    )
                );
            }

            if (Snapshot(details, "after") is { } after)
            {
                c.Take(after);
            }
        }

        private void Revert(string caseId, ProjectedCase c, string? reverts)
        {
            switch (reverts)
            {
                case AuditActions.CaseAccept:
                    c.Accepted = false;
                    break;
                case AuditActions.CaseReject:
                    c.RejectionReason = null;
                    break;
                case AuditActions.CaseClose:
                    c.Closed = false;
                    break;
                case AuditActions.CaseMerge:
                    Unmerge(caseId);
                    break;
            }
        }

        /// <summary>As <c>Cases/CaseMerging.MergeAsync</c>: the case's reports move into the target, remembering where
        /// they arrived.</summary>
        private void Merge(string source, string target)
        {
            foreach (var (id, place) in Reports.Where(r => r.Value.CaseId == source).ToList())
            {
                Reports[id] = new ReportPlace(target, place.OriginCaseId ?? source);
            }
        }

        /// <summary>As <c>Cases/CaseMerging.UnmergeAsync</c>: the reports that arrived in the case or in a case merged
        /// into it come back, wherever they are.</summary>
        private void Unmerge(string caseId)
        {
            var members = new HashSet<string>(StringComparer.Ordinal) { caseId };
            var frontier = new List<string> { caseId };
            while (frontier.Count > 0)
            {
                frontier =
                [
                    .. Cases
                        .Where(x => x.Value.MergedInto is { } into && frontier.Contains(into))
                        .Select(x => x.Key)
                        .Where(members.Add),
                ];
            }

            foreach (
                var (id, place) in Reports
                    .Where(r =>
                        r.Value.OriginCaseId is { } origin && members.Contains(origin) && r.Value.CaseId != caseId
                    )
                    .ToList()
            )
            {
                Reports[id] = new ReportPlace(caseId, place.OriginCaseId == caseId ? null : place.OriginCaseId);
            }
        }

        private static CaseSnapshot? Snapshot(JsonElement details, string name) =>
            details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.Object
                ? element.Deserialize<CaseSnapshot>(SnapshotJson)
                : null;

        private static string? Text(JsonElement details, string name) =>
            details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }

    /// <summary>The fields of a case the log determines, as the replay computes them.</summary>
    public sealed class ProjectedCase
    {
        public string Status { get; set; } = CaseStatus.Received;
        public required string Office { get; set; }
        public bool Supervised { get; set; }
        public string? SupervisedBy { get; set; }
        public DateTimeOffset? ProgressDueAt { get; set; }
        public string? MergedInto { get; set; }
        public string? EscalatedTo { get; set; }
        public string PublicStatus { get; set; } = "received";
        public bool Accepted { get; set; }
        public string? RejectionReason { get; set; }
        public string? Result { get; set; }
        public string? ResultBy { get; set; }
        public string? ReviewedBy { get; set; }
        public string? ReviewerOffice { get; set; }
        public bool Closed { get; set; }
        public int Version { get; set; }

        public CaseSnapshot Snapshot() =>
            new(Status, Office, Supervised, SupervisedBy, ProgressDueAt, MergedInto, EscalatedTo, PublicStatus);

        public void Take(CaseSnapshot s) =>
            (Status, Office, Supervised, SupervisedBy, ProgressDueAt, MergedInto, EscalatedTo, PublicStatus) = (
                s.Status,
                s.Office,
                s.Supervised,
                s.SupervisedBy,
                s.ProgressDueAt,
                s.MergedInto,
                s.EscalatedTo,
                s.PublicStatus
            );

        /// <summary>Each field where <paramref name="stored"/> differs from this replay.</summary>
        public IEnumerable<CaseDifference> Compare(CaseRecord stored)
        {
            var replayed = Snapshot();
            var held = CaseSnapshot.Of(stored);
            foreach (var field in Fields.Where(f => f.Value(held) != f.Value(replayed)))
            {
                yield return new CaseDifference(stored.Id, field.Name, field.Value(held), field.Value(replayed));
            }

            foreach (
                var (name, was, now) in new (string, string?, string?)[]
                {
                    ("accepted", Flag(stored.AcceptedAt is not null), Flag(Accepted)),
                    ("rejectionReason", stored.RejectionReason, RejectionReason),
                    ("result", stored.Result, Result),
                    ("resultBy", stored.ResultBy, ResultBy),
                    ("reviewedBy", stored.ReviewedBy, ReviewedBy),
                    ("reviewerOffice", stored.ReviewerOffice, ReviewerOffice),
                    ("closed", Flag(stored.ClosedAt is not null), Flag(Closed)),
                    (
                        "version",
                        stored.Version.ToString(CultureInfo.InvariantCulture),
                        Version.ToString(CultureInfo.InvariantCulture)
                    ),
                }.Where(f => f.Item2 != f.Item3)
            )
            {
                yield return new CaseDifference(stored.Id, name, was, now);
            }
        }

        private static string Flag(bool value) => value ? "yes" : "no";
    }

    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    /// <summary>The snapshot's fields by name, as text, for comparing and for saying which one differs.</summary>
    private static readonly (string Name, Func<CaseSnapshot, string?> Value)[] Fields =
    [
        ("status", s => s.Status),
        ("office", s => s.Office),
        ("supervised", s => s.Supervised ? "yes" : "no"),
        ("supervisedBy", s => s.SupervisedBy),
        ("progressDueAt", s => s.ProgressDueAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        ("mergedInto", s => s.MergedInto),
        ("escalatedTo", s => s.EscalatedTo),
        ("publicStatus", s => s.PublicStatus),
    ];

    private static string Show(string? value) => value is null ? "(none)" : $"'{value}'";
}
