using System.Runtime.InteropServices;
using System.Threading.Channels;
using Jebo.Casework.Data;
using Jebo.Screening.Similarity;
using Jebo.Storage.Background;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Screening;

/// <summary>A case related to another: the related-clue score (0–1), whether the two are near-duplicates, and why
/// (<see cref="MatchReason"/>: a code and its values, worded in the reader's language by the pages).</summary>
public sealed record RelatedClue(string CaseId, double Score, bool NearDuplicate, IReadOnlyList<MatchReason> Reasons);

/// <summary>A report's stored screening as <see cref="ClueIndex.StoredReports"/> reads it
/// (<see cref="StoredClueFeatures"/>: no keys or terms for a report screened before they were kept, no signature once
/// retention purged it).</summary>
public sealed record StoredReport(
    Guid ReportId,
    string CaseId,
    byte[] Signature,
    string? Keys,
    byte[]? Terms,
    string? Script
);

/// <summary>The zone's in-memory related-clue index (<see cref="RelatedClueIndex"/>), one document per report and per
/// follow-up, each naming the case that holds its report; loaded from the stored features
/// (<see cref="StoredClueFeatures"/>) on first use.</summary>
public sealed class ClueIndex : IDisposable
{
    private readonly SemaphoreSlim loading = new(1, 1);

    /// <summary>The processors a restart's parallel work may take (the zone's <see cref="ProcessorShare"/>).</summary>
    public ProcessorShare Share { get; init; } = ProcessorShare.Whole;

    /// <summary>One screening round at a time in the zone (<see cref="ClueScreening.ScreenPendingAsync"/>): the
    /// transfer pump's and a hand entry's would otherwise screen the same pending reports, add them to the index twice
    /// and fail one transaction, which discards the index.</summary>
    public SemaphoreSlim ScreeningTurn { get; } = new(1, 1);

    /// <summary>The index and what its documents name; replaced whole by <see cref="Discard"/>.</summary>
    private volatile Generation current = new();

    /// <summary>Stored screenings read and parsed together while the batch before is added.</summary>
    private const int LoadBatch = 4_096;
    private bool loaded;

    public MinHasher Hasher => current.Index.Hasher;

    /// <summary>Set once screening has stored the features of every report screened before they were kept: rows
    /// without them come only from before the migration, so the search for them runs once per process.</summary>
    public bool MissingFeaturesStored { get; set; }

    /// <summary>Documents in the index (reports and follow-ups, forgotten ones too).</summary>
    public int Count => current.Index.Count;

    /// <summary>Loads every stored screening once: reports in the order they were screened, then follow-ups. A report
    /// screened before the features were stored (issue 17) has them computed from its content here;
    /// <see cref="ClueScreening"/> stores them, so it happens once.</summary>
    public async Task EnsureLoadedAsync(CaseworkDb db, CancellationToken cancellationToken)
    {
        if (loaded)
        {
            return;
        }

        await loading.WaitAsync(cancellationToken);
        try
        {
            if (loaded)
            {
                return;
            }

            var legacy = new List<(Guid Report, string Case)>();
            await AddStoredAsync(db, legacy, cancellationToken);

            // Read after the stream above ends (one query at a time on a context), a thousand reports a query.
            foreach (var chunk in legacy.Chunk(1_000))
            {
                var ids = chunk.Select(c => c.Report).ToList();
                var contents = await db
                    .Reports.AsNoTracking()
                    .Where(r => EF.Parameter(ids).Contains(r.Id))
                    .ToDictionaryAsync(r => r.Id, r => r.Content, cancellationToken);
                var features = new ClueFeatures?[chunk.Length];
                Parallel.For(0, chunk.Length, Share.Options(cancellationToken), i =>
                    features[i] = contents.TryGetValue(chunk[i].Report, out var content) ? Features(content) : null
                );
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (features[i] is { } computed)
                    {
                        Add(chunk[i].Report, chunk[i].Case, computed);
                    }
                }
            }

            await foreach (
                var row in (
                    from s in db.FollowUpScreenings.AsNoTracking()
                    join r in db.Reports.AsNoTracking() on s.ReportId equals r.Id
                    orderby s.ScreenedAt, s.FollowUpId
                    select new
                    {
                        s.ReportId,
                        r.CaseId,
                        s.Signature,
                        s.Keys,
                        s.Terms,
                        s.Script,
                    }
                )
                    .AsAsyncEnumerable()
                    .WithCancellation(cancellationToken)
            )
            {
                if (row.Signature.Length > 0)
                {
                    Add(
                        row.ReportId,
                        row.CaseId,
                        StoredClueFeatures.Read(row.Signature, row.Keys, row.Terms, row.Script)
                    );
                }
            }

            current.Index.Compact();
            loaded = true;
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>Adds every report's stored features, in the order screened, and lists those stored without them. Two
    /// steps overlap, as a restart at a million reports needs: one task reads rows and parses their features
    /// (<see cref="StoredClueFeatures.Read"/>) a batch at a time, while this one adds the batch before to the index,
    /// which takes one writer.</summary>
    private async Task AddStoredAsync(
        CaseworkDb db,
        List<(Guid Report, string Case)> legacy,
        CancellationToken cancellationToken
    )
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<List<(Guid Report, string Case, ClueFeatures Features)>>(2);
        var reading = Task.Run(
            async () =>
            {
                try
                {
                    var batch = new List<(Guid, string, ClueFeatures)>(LoadBatch);
                    await foreach (var row in StoredReports(db).AsAsyncEnumerable().WithCancellation(stop.Token))
                    {
                        // A report whose content retention purged keeps its screening row without features.
                        if (row.Signature.Length == 0)
                        {
                            continue;
                        }

                        if (row.Keys is null || row.Terms is null)
                        {
                            legacy.Add((row.ReportId, row.CaseId));
                            continue;
                        }

                        batch.Add(
                            (
                                row.ReportId,
                                row.CaseId,
                                StoredClueFeatures.Read(row.Signature, row.Keys, row.Terms, row.Script)
                            )
                        );
                        if (batch.Count == LoadBatch)
                        {
                            await batches.Writer.WriteAsync(batch, stop.Token);
                            batch = new List<(Guid, string, ClueFeatures)>(LoadBatch);
                        }
                    }

                    await batches.Writer.WriteAsync(batch, stop.Token);
                    batches.Writer.Complete();
                }
                catch (Exception exception)
                {
                    batches.Writer.Complete(exception);
                }
            },
            stop.Token
        );
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
            {
                foreach (var (report, caseId, features) in batch)
                {
                    Add(report, caseId, features);
                }
            }
        }
        finally
        {
            // Whatever ended the adding, the reader stops before the context it reads through is used again.
            await stop.CancelAsync();
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Every report's stored screening as the index loads it: in the order screened, with its features'
    /// columns only.</summary>
    public static IQueryable<StoredReport> StoredReports(CaseworkDb db) =>
        db
            .ReportScreenings.AsNoTracking()
            .OrderBy(s => s.ScreenedAt)
            .ThenBy(s => s.ReportId)
            .Select(s => new StoredReport(s.ReportId, s.CaseId, s.Signature, s.Keys, s.Terms, s.Script));

    /// <summary>The features of a report screened before they were stored, from its content.</summary>
    private async Task<ClueFeatures?> ComputeAsync(CaseworkDb db, Guid report, CancellationToken cancellationToken)
    {
        var content = await db
            .Reports.AsNoTracking()
            .Where(r => r.Id == report)
            .Select(r => r.Content)
            .FirstOrDefaultAsync(cancellationToken);
        return content is null ? null : Features(content);
    }

    /// <summary>A report's features from its stored JSON content.</summary>
    public ClueFeatures Features(string content) =>
        StoredClueFeatures.Of(
            Hasher,
            System.Text.Json.JsonSerializer.Deserialize<ReportContent>(content, TransferJson.Options)
                ?? new ReportContent()
        );

    /// <summary>Adds a report's or a follow-up's features, under the report and the case holding it; returns its
    /// document number.</summary>
    public int Add(Guid report, string caseId, ClueFeatures features)
    {
        var generation = current;
        lock (generation)
        {
            var document = generation.Index.Add(features);
            generation.Documents.Add((report, caseId));
            ref var newest = ref CollectionsMarshal.GetValueRefOrAddDefault(
                generation.ByReport,
                report,
                out var exists
            );
            generation.Earlier.Add(exists ? newest : -1);
            newest = document;
            return document;
        }
    }

    /// <summary>Forgets everything added, to be loaded again from the database on next use: what screening added for a
    /// batch whose transaction did not commit must not stay.</summary>
    public void Discard()
    {
        current = new Generation();
        loaded = false;
    }

    /// <summary>Reports moved to another case (merge, unmerge): their matches, and their follow-ups', now name that
    /// case.</summary>
    public void Move(IEnumerable<Guid> reports, string caseId)
    {
        var generation = current;
        lock (generation)
        {
            foreach (var report in reports)
            {
                for (
                    var document = generation.ByReport.GetValueOrDefault(report, -1);
                    document >= 0;
                    document = generation.Earlier[document]
                )
                {
                    generation.Documents[document] = (report, caseId);
                }
            }
        }
    }

    /// <summary>Reports whose content retention purged: they and their follow-ups no longer match anything (the index
    /// keeps their slots, as it keeps every document, until the zone restarts and loads it without them).</summary>
    public void Forget(IEnumerable<Guid> reports)
    {
        var generation = current;
        lock (generation)
        {
            foreach (var report in reports)
            {
                if (generation.ByReport.Remove(report, out var newest))
                {
                    for (var document = newest; document >= 0; document = generation.Earlier[document])
                    {
                        generation.Documents[document] = (report, "");
                    }
                }
            }
        }
    }

    /// <summary>Other cases related to a clue's features, best first, at most one line per case (its best
    /// match).</summary>
    /// <param name="features">The clue's features.</param>
    /// <param name="ownCase">The case holding the clue, never answered.</param>
    /// <param name="limit">At most this many cases.</param>
    /// <param name="before">Only documents added before this one (screening relates each report of a batch to those
    /// before it in the batch, all added first); every document when not given.</param>
    public IReadOnlyList<RelatedClue> Related(
        ClueFeatures features,
        string ownCase,
        int limit = 10,
        int before = int.MaxValue
    )
    {
        var generation = current;
        // More matches than lines: several may name one case, or the clue's own.
        var matches = generation.Index.Relate(features, limit: limit * 3, before: before);
        var related = new List<RelatedClue>();
        lock (generation)
        {
            foreach (var match in matches)
            {
                var caseId = generation.Documents[match.Document].Case;
                if (caseId != ownCase && caseId.Length > 0 && related.TrueForAll(r => r.CaseId != caseId))
                {
                    related.Add(
                        new RelatedClue(caseId, Math.Round(match.Score, 3), match.NearDuplicate, match.Reasons)
                    );
                }
            }
        }

        return [.. related.Take(limit)];
    }

    /// <summary>Cases related to any report or follow-up of the given case, each once with its best match, best
    /// first.</summary>
    public async Task<IReadOnlyList<RelatedClue>> RelatedToCaseAsync(
        CaseworkDb db,
        string caseId,
        CancellationToken cancellationToken
    )
    {
        await EnsureLoadedAsync(db, cancellationToken);
        var reports = await db
            .ReportScreenings.AsNoTracking()
            .Where(s => s.CaseId == caseId)
            .Select(s => new
            {
                s.ReportId,
                s.Signature,
                s.Keys,
                s.Terms,
                s.Script,
            })
            .ToListAsync(cancellationToken);
        var features = new List<ClueFeatures>();
        // A report whose content retention purged keeps its row without features.
        foreach (var row in reports.Where(r => r.Signature.Length > 0))
        {
            if (row.Keys is null || row.Terms is null)
            {
                if (await ComputeAsync(db, row.ReportId, cancellationToken) is { } computed)
                {
                    features.Add(computed);
                }
            }
            else
            {
                features.Add(StoredClueFeatures.Read(row.Signature, row.Keys, row.Terms, row.Script));
            }
        }

        var followUps = await (
            from s in db.FollowUpScreenings.AsNoTracking()
            join r in db.Reports.AsNoTracking() on s.ReportId equals r.Id
            where r.CaseId == caseId
            select new
            {
                s.Signature,
                s.Keys,
                s.Terms,
                s.Script,
            }
        ).ToListAsync(cancellationToken);
        features.AddRange(followUps.Select(f => StoredClueFeatures.Read(f.Signature, f.Keys, f.Terms, f.Script)));
        return
        [
            .. features
                .SelectMany(f => Related(f, caseId))
                .GroupBy(r => r.CaseId)
                .Select(g => g.OrderByDescending(r => r.Score).ThenByDescending(r => r.NearDuplicate).First())
                .OrderByDescending(r => r.Score)
                .ThenBy(r => r.CaseId, StringComparer.Ordinal),
        ];
    }

    public void Dispose()
    {
        current.Index.Dispose();
        loading.Dispose();
        ScreeningTurn.Dispose();
    }

    /// <summary>One loading of the index: the documents, the report and case each names, and each report's documents
    /// (the newest in <see cref="ByReport"/>, each chained to the report's one before it in <see cref="Earlier"/>, -1
    /// for none: a list per report cost a million objects at a million reports).</summary>
    private sealed class Generation
    {
        public RelatedClueIndex Index { get; } = new();
        public List<(Guid Report, string Case)> Documents { get; } = [];
        public Dictionary<Guid, int> ByReport { get; } = [];
        public List<int> Earlier { get; } = [];
    }
}
