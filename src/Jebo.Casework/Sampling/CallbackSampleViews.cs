namespace Jebo.Casework.Sampling;

/// <summary>A month's callback sample as the caller may see it (<c>GET /api/v1/samples/{month}</c>): only the items
/// whose case lies within the caller's jurisdiction.</summary>
public sealed record CallbackSampleView(
    string Month,
    DateTimeOffset DrawnAt,
    string Seed,
    int Candidates,
    IReadOnlyList<CallbackSampleItem> Items
);

/// <summary>One sampled case and, once recorded, its callback.</summary>
public sealed record CallbackSampleItem(int Position, string CaseId, string Office, CallbackView? Callback);

/// <summary>What a callback heard (<c>record-callback</c>).</summary>
public sealed record CallbackView(
    DateTimeOffset At,
    string? By,
    bool Reached,
    string? Channel,
    int? Satisfaction,
    bool Disputes,
    string? Comment
);
