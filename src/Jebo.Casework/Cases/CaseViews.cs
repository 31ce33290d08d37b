using System.Text.Json;

namespace Jebo.Casework.Cases;

/// <summary>A line of a case list.</summary>
public sealed record CaseSummary(string Id, string Status, string Office, string Category, string Region, DateTimeOffset ReceivedAt, DateTimeOffset UpdatedAt, bool Supervised, DateTimeOffset? ContactDueAt);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, int Total, int Page, int PageSize);

/// <summary>A case in full, as the case page and <c>GET /api/v1/cases/{id}</c> show it.</summary>
public sealed record CaseDetail(
    string Id,
    string Status,
    string Office,
    string Category,
    string Region,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    bool Supervised,
    string? Result,
    string? ResultSummary,
    string? ReviewedBy,
    string? MergedInto,
    string PublicStatus,
    CaseDeadlines Deadlines,
    IReadOnlyList<CaseReportView> Reports,
    IReadOnlyList<FollowUpView> FollowUps,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<RelatedCase> Related,
    IReadOnlyList<ScreeningView> Screening,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<AttachmentView> Attachments);

/// <summary>A file sent with one of the case's reports; <c>Download</c> is its (audited) address.</summary>
public sealed record AttachmentView(Guid Id, Guid ReportId, string FileName, string ContentType, long Length, string Sha256, string Cleaning, string Download);

public sealed record CaseDeadlines(DateTimeOffset? ContactDueAt, DateTimeOffset? ContactedAt);

public sealed record CaseReportView(Guid Id, DateTimeOffset ReceivedAt, JsonElement Content, IReadOnlyList<string> Marks, bool HasIdentity, IdentityView? Identity);

public sealed record IdentityView(string? Name, string? Phone, bool ContactConsent);

public sealed record FollowUpView(Guid Id, Guid ReportId, DateTimeOffset ReceivedAt, string Text);

public sealed record MessageView(DateTimeOffset At, string Text, string Author);

public sealed record RelatedCase(string Id, double Similarity, IReadOnlyList<string> SharedEntities);

public sealed record ScreeningView(Guid ReportId, int Scope, int Completeness, IReadOnlyList<string> Reasons, IReadOnlyList<string> Entities);

public sealed record HistoryEntry(long Sequence, DateTimeOffset At, string Actor, string Action, JsonElement Details);
