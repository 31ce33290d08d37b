using System.Text.Json;
using System.Text.Json.Serialization;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Staff;

namespace Jebo.Casework.Cases;

/// <summary>A line of a case list or queue.</summary>
public sealed record CaseSummary(
    string Id,
    string Status,
    string Office,
    string Category,
    string Region,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    bool Supervised,
    DateTimeOffset? ContactDueAt,
    DateTimeOffset? NextDueAt,
    string? NextDueKind,
    string? EscalatedTo,
    int? Score = null,
    string? Match = null,
    string? Assignee = null
)
{
    /// <summary>The screening priority, 0–7 (in scope 4, urgent 2, complete 1), or -1 before screening judged the
    /// case's reports (<c>Screening/ScreeningPriorities</c>).</summary>
    public int Priority { get; init; } = -1;

    /// <summary>The parts of <see cref="Priority"/>: <c>in-scope</c>, <c>urgent</c>, <c>complete</c>.</summary>
    public IReadOnlyList<string> PriorityParts => Screening.TriageText.Parts(Priority);

    /// <summary><see cref="PriorityParts"/> in the reader's language.</summary>
    public string PriorityText => Screening.TriageText.PartsText(Priority);

    /// <summary>The acceptance deadline, by which the screening queue orders cases of one priority.</summary>
    public DateTimeOffset? AcceptanceDueAt { get; init; }

    /// <summary>Screening suggests not accepting the case as out of scope; a person confirms or overrides it.</summary>
    public bool OutOfScopeSuggested { get; init; }

    /// <summary>The kind of repetition the case is flagged for (<c>contact</c>, <c>follow-ups</c>); null when
    /// none.</summary>
    public string? Repetition { get; init; }
}

/// <summary>A page of a case list; <see cref="Next"/> is what <c>after</c> takes for the page that follows (null on the
/// last).</summary>
public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize, string? Next = null)
{
    /// <summary>False when <see cref="Total"/> is only a lower bound: more cases answer than a list counts
    /// (<see cref="CaseQueries.CountLimit"/>) or than a search reads
    /// (<see cref="Search.CaseSearch.Window"/>).</summary>
    public bool TotalExact { get; init; } = true;

    /// <summary>The <c>cross-province</c> queue's pairs (then <see cref="Total"/> counts pairs and
    /// <see cref="Items"/> holds the cases of this page's pairs); absent for the other queues.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RelationPairView>? Relations { get; init; }
}

/// <summary>A pair of related cases, as the national office's <c>cross-province</c> queue and the
/// <c>merge-proposals</c> queue list it; <paramref name="JoinAsked"/> when an office asked to join them.</summary>
public sealed record RelationPairView(
    Guid Relation,
    string CaseId,
    string CaseOffice,
    string RelatedCaseId,
    string RelatedOffice,
    double Similarity,
    DateTimeOffset FoundAt,
    JoinRequestView? JoinAsked
)
{
    /// <summary>Screening calls the two near-duplicates: proposed for merging.</summary>
    public bool NearDuplicate { get; init; }

    /// <summary>Why screening related them, as codes and values (empty for pairs found before issue 17).</summary>
    public IReadOnlyList<Jebo.Screening.Similarity.MatchReason> Reasons { get; init; } = [];
}

/// <summary>The reasons stored with a pair (<see cref="Data.CaseRelation.Reasons"/>), read back.</summary>
public static class RelationReasons
{
    public static IReadOnlyList<Jebo.Screening.Similarity.MatchReason> Read(string? stored) =>
        stored is null
            ? []
            : System.Text.Json.JsonSerializer.Deserialize<List<Jebo.Screening.Similarity.MatchReason>>(
                stored,
                System.Text.Json.JsonSerializerOptions.Web
            ) ?? [];
}

public sealed record JoinRequestView(DateTimeOffset At, string? By, string? Office, string? Reason);

/// <summary>A case in full, as the case page and <c>GET /api/v1/cases/{id}</c> show it, and as every action
/// answers.</summary>
public sealed record CaseDetail(
    string Id,
    string Status,
    string Office,
    string Category,
    string Region,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    int Version,
    bool Supervised,
    SupervisionView? Supervision,
    EscalationView? Escalation,
    string? RejectionReason,
    string? Result,
    string? ResultAgency,
    string? ResultSummary,
    DateTimeOffset? ResultAt,
    string? ReviewedBy,
    string? ReviewerOffice,
    DateTimeOffset? ReviewedAt,
    string? MergedInto,
    string PublicStatus,
    DateTimeOffset PublicStatusAt,
    CaseDeadlines Deadlines,
    IReadOnlyList<string> AllowedActions,
    IReadOnlyList<CaseReportView> Reports,
    IReadOnlyList<FollowUpView> FollowUps,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<ContactView> Contacts,
    IReadOnlyList<RelatedCase> Related,
    IReadOnlyList<ScreeningView> Screening,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<AttachmentView> Attachments,
    PendingView? Pending,
    bool ContentWithheld,
    CaseWorkView Work,
    ProtectionView? Protection = null
)
{
    /// <summary>Set when the reporter, called back in the monthly sample, disputed the result.</summary>
    public DisputeView? Dispute { get; init; }

    /// <summary>For a case passed on with <c>refer</c>, the name of the body it went to (the kind is
    /// <c>resultAgency</c>).</summary>
    public string? ReferredTo { get; init; }

    /// <summary>Since when a reporter's follow-up waits unread by the office holding the case; null when none does
    /// (the <c>follow-ups</c> queue).</summary>
    public DateTimeOffset? FollowUpsUnreadSince { get; init; }

    /// <summary>The reporters' reward claims on the case and what was decided; where to pay each only when asked for
    /// with the identities (<c>include=identity</c> with a purpose, roles that may see identities, audited).</summary>
    public IReadOnlyList<RewardClaimView> Rewards { get; init; } = [];

    /// <summary>Related cases held in other provinces, shown only as the office holding each, the score and when it
    /// was found (<c>Staff/RelatedCaseDisclosure</c>); <c>relation</c> is what <c>ask-join</c> names.</summary>
    public IReadOnlyList<RelatedOfficeHint> RelatedElsewhere { get; init; } = [];

    /// <summary>Where the case stands in the screening queue, and whether screening suggests not accepting it as out of
    /// scope (<c>Screening/ScreeningPriorities</c>).</summary>
    public TriageView? Triage { get; init; }

    /// <summary>Set while the case is flagged as possible malicious repetition, for a person to judge
    /// (<c>Screening/RepetitionWatch</c>); never the contact itself.</summary>
    public RepetitionView? Repetition { get; init; }
}

/// <summary>The case's screening priority (0–7, or -1 before screening judged it), its parts and their text in the
/// reader's language, the out-of-scope suggestion while the case waits to be accepted, and each report's reasons (with
/// content only).</summary>
public sealed record TriageView(
    int Priority,
    IReadOnlyList<string> Parts,
    string Text,
    SuggestionView? Suggestion,
    IReadOnlyList<TriageReasonView> Reasons
);

/// <summary>A step screening suggests and a person confirms or overrides: <c>reject</c> with the reason
/// <c>out-of-scope</c>.</summary>
public sealed record SuggestionView(string Action, string Reason, string Text);

/// <summary>One reason of a report's triage: its code, values and the sentence in the reader's language.</summary>
public sealed record TriageReasonView(Guid ReportId, string Code, IReadOnlyList<string> Values, string Text);

/// <summary>A repetition flag: <c>contact</c> (reports from one contact to this office) or <c>follow-ups</c> (one
/// receipt), how many, since when, and the sentence in the reader's language.</summary>
public sealed record RepetitionView(string Kind, int Count, DateTimeOffset FlaggedAt, string Text);

/// <summary>A reward claim: <c>claimed</c>, <c>granted</c> with the amount or <c>refused</c> with the reason, who
/// proposed and who confirmed the decision; <paramref name="Payee"/> only when shown.</summary>
public sealed record RewardClaimView(
    Guid Id,
    Guid ReportId,
    DateTimeOffset ClaimedAt,
    string State,
    long? Amount,
    string? Reason,
    string? ProposedBy,
    string? DecidedBy,
    string? DecidedOffice,
    DateTimeOffset? DecidedAt,
    PayeeView? Payee
);

/// <summary>Where a reward is paid: kept apart like an identity.</summary>
public sealed record PayeeView(string Name, string Phone, string Bank, string Account);

/// <summary>A disputed result: when the reporter disputed it, and the office above that re-verifies it (null once it
/// has recorded a result again).</summary>
public sealed record DisputeView(DateTimeOffset DisputedAt, string? ReverifyOffice);

/// <summary>An urgent case's request for protection: when the one waiting (or the last one) was made, by when staff
/// must act on it, and when they did (null while it waits).</summary>
public sealed record ProtectionView(DateTimeOffset? RequestedAt, DateTimeOffset? DueAt, DateTimeOffset? AcknowledgedAt);

/// <summary>How the clue arrived (<c>online</c>, or by hand from a <c>phone</c> call, ...), who in the office works it,
/// the staff's internal notes and the investigation documents: the staff's own, none of it ever sent to the
/// reporter.</summary>
public sealed record CaseWorkView(
    string Source,
    string? Assignee,
    IReadOnlyList<NoteView> Notes,
    IReadOnlyList<DocumentView> Documents
);

public sealed record NoteView(Guid Id, DateTimeOffset At, string Text, string Author, string Office);

/// <summary>An investigation document staff attached to the case; <c>Download</c> is its (audited) address.</summary>
public sealed record DocumentView(
    Guid Id,
    string FileName,
    string ContentType,
    long Length,
    string Sha256,
    DateTimeOffset AddedAt,
    string AddedBy,
    string AddedOffice,
    string Download
);

/// <summary>A step that ends or hides a clue, asked for by <paramref name="By"/> and waiting for a second person above
/// to confirm or return it with <c>review</c>.</summary>
public sealed record PendingView(JsonElement Request, string? By, string? Office, DateTimeOffset? At);

/// <summary>A file sent with one of the case's reports, or with a follow-up (<paramref name="FollowUpId"/>) to one;
/// <c>Download</c> is its (audited) address.</summary>
public sealed record AttachmentView(
    Guid Id,
    Guid ReportId,
    string FileName,
    string ContentType,
    long Length,
    string Sha256,
    string Cleaning,
    string Download,
    Guid? FollowUpId = null
);

/// <summary>The case's clock: the contact deadline as before, the earliest open deadline, and every deadline's
/// standing.</summary>
public sealed record CaseDeadlines(
    DateTimeOffset? ContactDueAt,
    DateTimeOffset? ContactedAt,
    DateTimeOffset? NextDueAt,
    string? NextDueKind,
    IReadOnlyList<DeadlineView> Clock
);

public sealed record SupervisionView(
    string? By,
    DateTimeOffset? At,
    DateTimeOffset? ProgressDueAt,
    DateTimeOffset? ProgressMetAt,
    string? Level = null
);

public sealed record EscalationView(string To, DateTimeOffset? At, string? Deadline);

/// <summary>A report of the case; <paramref name="MergedFrom"/> names the case it arrived in when a merge brought it
/// here.</summary>
public sealed record CaseReportView(
    Guid Id,
    DateTimeOffset ReceivedAt,
    JsonElement Content,
    IReadOnlyList<string> Marks,
    bool HasIdentity,
    IdentityView? Identity,
    string? MergedFrom
);

public sealed record IdentityView(string? Name, string? Phone, bool ContactConsent);

public sealed record FollowUpView(Guid Id, Guid ReportId, DateTimeOffset ReceivedAt, string Text);

public sealed record MessageView(DateTimeOffset At, string Text, string Author);

public sealed record ContactView(
    DateTimeOffset At,
    string Channel,
    string Outcome,
    string By,
    string Office,
    Guid? ReportId,
    string Purpose,
    string? Note
);

/// <summary>A related case the reader sees in full: the related-clue score (<paramref name="Similarity"/>, 0–1), what
/// the two share as the case's clues wrote it (<paramref name="SharedEntities"/>), whether screening calls them
/// near-duplicates (proposed for merging, <c>merge-proposals</c>), and why, as codes and values
/// (<c>same-gang</c> [꼴망파], <c>shared-wording</c> [41], <c>other-place</c> […]) that pages word in the reader's
/// language.</summary>
public sealed record RelatedCase(
    string Id,
    double Similarity,
    IReadOnlyList<string> SharedEntities,
    bool NearDuplicate,
    IReadOnlyList<Jebo.Screening.Similarity.MatchReason> Reasons
)
{
    public static RelatedCase Of(Screening.RelatedClue related)
    {
        ArgumentNullException.ThrowIfNull(related);
        return new(
            related.CaseId,
            Math.Round(related.Score, 2),
            [
                .. related
                    .Reasons.Where(r => r.Code.StartsWith("same-", StringComparison.Ordinal))
                    .SelectMany(r => r.Values)
                    .Distinct(),
            ],
            related.NearDuplicate,
            related.Reasons
        );
    }
}

public sealed record ScreeningView(
    Guid ReportId,
    int Scope,
    int Completeness,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Entities
);

public sealed record HistoryEntry(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string? Office,
    string Action,
    JsonElement Details
);
