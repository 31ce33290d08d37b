using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Jebo.Screening.Entities;

namespace Jebo.Screening.Similarity;

/// <summary>A report found related to another: how similar the texts are and which entities they share.</summary>
public sealed record RelatedMatch(int Document, double Similarity, IReadOnlyList<string> SharedEntities);

/// <summary>
/// Finds earlier clues related to a new one, so the same matter is not investigated twice: locality-sensitive hashing
/// over MinHash signatures (16 bands of 4 rows: texts sharing about half their shingles or more meet in some band), an
/// exact index of entities (phones, plates, accounts, names, organisations, gangs, districts, venues), and an inverted
/// index of wording (<see cref="LexicalTerms"/>). <see cref="Relate"/> combines them into one score with reasons
/// (<see cref="ClueScoring"/>); <see cref="Query"/> is the MinHash-and-entities answer alone.
/// </summary>
/// <remarks>
/// Memory per report, bounded: the 64-value signature (256 bytes), one 8-byte entry per band (128 bytes) in sorted
/// arrays, a 4-byte wording norm and a 2-byte script, a 4-byte posting per term (at most
/// <see cref="LexicalTerms.MaxTerms"/>, so at most 1,024 bytes), a reference to an array of at most
/// <see cref="MaxSpecifics"/> gang, district and venue keys, and a 4-byte posting per entity key: under 1.5 KiB plus
/// its entity keys. A term or key's own entry is shared by every report that has it. New reports go to a small delta
/// map, merged into the sorted arrays in batches, so adding stays cheap and a query is a binary search per band. Safe
/// for one writer and many readers.
/// </remarks>
public sealed class RelatedClueIndex : IDisposable
{
    public const int Bands = 16;
    public const int DeltaLimit = 65_536;

    /// <summary>Entities shared by more reports than this say little (a public hotline number) and are not used to find
    /// candidates.</summary>
    public const int CommonEntityLimit = 2_000;

    /// <summary>Terms more reports than this have (a particle, "the", 的) still weigh in a clue's wording norm but are
    /// not followed to candidates: their postings are long and their weight small.</summary>
    public const int CommonTermLimit = 2_000;

    /// <summary>A band's bucket shared by more reports than this holds a form's wording (a template sent again and
    /// again, each copy about its own gang or market): <see cref="Relate"/> follows only its newest this many, so a
    /// form sent once more is still proposed as a near copy of its latest copies, and a query's candidates stay bounded
    /// as the index grows. At a million varied clues, buckets of up to 41,895 reports gave 17,000 band candidates a
    /// query, and all they added to the answers were near copies sharing nothing but the form
    /// (docs/benchmarks.md).</summary>
    public const int CommonBandLimit = 500;

    /// <summary>How far below the threshold a candidate's bound must be to go unscored: the bound sums the same
    /// numbers as the score in another order, so it may round a little below it.</summary>
    private const double BoundSlack = 1e-9;

    /// <summary>Most gang, district and venue keys kept per report to find conflicting specifics.</summary>
    public const int MaxSpecifics = 8;

    /// <summary>Shared by every index on the thread: a query leaves it cleared, and one larger than the index needs
    /// serves as well.</summary>
    [ThreadStatic]
    private static Scratch? threadScratch;

    private readonly MinHasher hasher;
    private readonly int rows;
    private readonly ReaderWriterLockSlim gate = new();
    private readonly BandDelta delta = new();
    private readonly Dictionary<string, List<int>> entities = new(StringComparer.Ordinal);
    private uint[] signatures = new uint[1024];
    private readonly Dictionary<ulong, List<int>> terms = [];
    private float[] norms = new float[1024];
    private string[]?[] specifics = new string[1024][];
    private char[] scripts = new char[1024];
    private readonly ulong[][] sorted;
    private int deltaDocuments;

    public RelatedClueIndex(MinHasher? hasher = null)
    {
        this.hasher = hasher ?? new MinHasher();
        if (this.hasher.Hashes % Bands != 0)
        {
            throw new ArgumentException(
                $"signature length {this.hasher.Hashes} is not a multiple of {Bands} bands",
                nameof(hasher)
            );
        }

        rows = this.hasher.Hashes / Bands;
        sorted = [.. Enumerable.Range(0, Bands).Select(_ => Array.Empty<ulong>())];
    }

    public MinHasher Hasher => hasher;

    public int Count { get; private set; }

    /// <summary>Adds a report by its signature and entities only; returns its document number (0, 1, 2, ... in order
    /// of adding).</summary>
    public int Add(uint[] signature, IEnumerable<string> entityKeys) =>
        Add(new ClueFeatures(signature, [.. entityKeys], []));

    /// <summary>Adds a report; returns its document number (0, 1, 2, ... in order of adding).</summary>
    public int Add(ClueFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var (signature, entityKeys) = (features.Signature, features.EntityKeys);
        gate.EnterWriteLock();
        try
        {
            var document = Count++;
            if ((document + 1) * hasher.Hashes > signatures.Length)
            {
                Array.Resize(ref signatures, Math.Max(signatures.Length * 2, (document + 1) * hasher.Hashes));
            }

            if (document >= norms.Length)
            {
                Array.Resize(ref norms, norms.Length * 2);
                Array.Resize(ref specifics, specifics.Length * 2);
                Array.Resize(ref scripts, scripts.Length * 2);
            }

            scripts[document] = features.Script;

            AddWording(document, features.Terms);
            string[] kept =
            [
                .. entityKeys
                    .Where(k => ClueScoring.KindOf(k) is EntityKind.Gang or EntityKind.Place or EntityKind.Venue)
                    .Distinct()
                    .Take(MaxSpecifics),
            ];
            specifics[document] = kept.Length == 0 ? null : kept;

            signature.CopyTo(signatures, document * hasher.Hashes);
            for (var band = 0; band < Bands; band++)
            {
                delta.Add(BandKey(band, signature), document);
            }

            foreach (var entity in entityKeys.Distinct())
            {
                if (!entities.TryGetValue(entity, out var postings))
                {
                    entities[entity] = postings = new List<int>(1);
                }

                postings.Add(document);
            }

            if (++deltaDocuments >= DeltaLimit)
            {
                Compact();
            }

            return document;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Reports related to the given signature and entities, most similar first.</summary>
    /// <param name="signature">The new report's signature.</param>
    /// <param name="entityKeys">The new report's entity keys.</param>
    /// <param name="threshold">Least estimated similarity for a text match; an entity match is always returned.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="exclude">A document to leave out (the report itself).</param>
    /// <remarks>Order: entity matches first, then by similarity, then by document number, so the answer does not
    /// depend on the order candidates are found in. A common text meets thousands of earlier reports in every band:
    /// candidates are marked in a bit per document rather than hashed, and only the best <paramref name="limit"/>
    /// are kept, in a heap, rather than all sorted.</remarks>
    public IReadOnlyList<RelatedMatch> Query(
        uint[] signature,
        IReadOnlyCollection<string> entityKeys,
        double threshold = 0.3,
        int limit = 10,
        int exclude = -1
    )
    {
        if (limit <= 0)
        {
            return [];
        }

        gate.EnterReadLock();
        var scratch = RentScratch();
        try
        {
            var (marks, candidates) = (scratch.Marks, scratch.Candidates);
            var postings = 0;
            for (var band = 0; band < Bands; band++)
            {
                var key = BandKey(band, signature);
                var array = sorted[band];
                scratch.Delta[band] = delta.Bucket(key);
                // No entry has document number 0xFFFFFFFF, so the second bound is the end of the key's entries.
                (scratch.From[band], scratch.To[band]) = (
                    LowerBound(array, key << 32),
                    LowerBound(array, (key << 32) | 0xFFFFFFFF)
                );
                postings += scratch.Delta[band].Count + scratch.To[band] - scratch.From[band];
            }

            // Many postings against few documents (a text met in every band by thousands of near-copies): setting bits
            // and reading the candidates from the bit array afterwards costs less than checking each posting's bit.
            var dense = postings >= Count >> 5;
            for (var band = 0; band < Bands; band++)
            {
                MarkNewest(marks, candidates, scratch.Delta[band], int.MaxValue, int.MaxValue, dense);
                MarkAll(marks, candidates, sorted[band].AsSpan(scratch.From[band]..scratch.To[band]), dense);
            }

            var shared = new Dictionary<int, List<string>>();
            foreach (var entity in entityKeys.Distinct())
            {
                if (entities.TryGetValue(entity, out var documents) && documents.Count <= CommonEntityLimit)
                {
                    foreach (var document in documents)
                    {
                        if (!shared.TryGetValue(document, out var names))
                        {
                            shared[document] = names = [];
                        }

                        names.Add(entity);
                    }

                    MarkAll(marks, candidates, CollectionsMarshal.AsSpan(documents), dense);
                }
            }

            if (dense)
            {
                Collect(marks, candidates, Count);
            }

            // The least-ranked of the best so far on top; a rank orders as the answer does (higher first).
            var best = new PriorityQueue<int, ulong>(Math.Min(limit, candidates.Count));
            foreach (var document in CollectionsMarshal.AsSpan(candidates))
            {
                if (document == exclude)
                {
                    continue;
                }

                var agreements = MinHasher.Agreements(
                    signature,
                    signatures.AsSpan(document * hasher.Hashes, hasher.Hashes)
                );
                var isShared = shared.Count > 0 && shared.ContainsKey(document);
                if (!isShared && MinHasher.Similarity(agreements, signature.Length) < threshold)
                {
                    continue;
                }

                var rank = ((isShared ? 1UL : 0UL) << 62) | ((ulong)agreements << 31) | (uint)(int.MaxValue - document);
                if (best.Count < limit)
                {
                    best.Enqueue(document, rank);
                }
                else if (best.TryPeek(out _, out var least) && rank > least)
                {
                    best.EnqueueDequeue(document, rank);
                }
            }

            var answer = new RelatedMatch[best.Count];
            for (var i = answer.Length - 1; best.TryDequeue(out var document, out _); i--)
            {
                answer[i] = new RelatedMatch(
                    document,
                    Similarity(signature, document),
                    shared.GetValueOrDefault(document) ?? []
                );
            }

            return answer;
        }
        finally
        {
            ReturnScratch(scratch);
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Earlier reports related to a new one, best first: every report met through a band (the newest
    /// <see cref="CommonBandLimit"/> of a bucket), a shared entity or a shared uncommon term is scored
    /// (<see cref="ClueScoring"/>), and those at <paramref name="threshold"/> or above, or near-duplicates, are
    /// answered with their reasons.
    /// </summary>
    /// <param name="features">The new report's features.</param>
    /// <param name="threshold">Least combined score.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="exclude">A document to leave out (the report itself).</param>
    /// <param name="before">Only documents numbered below this are answered (those added before it); the weights of
    /// terms and entities are the whole index's.</param>
    public IReadOnlyList<ClueMatch> Relate(
        ClueFeatures features,
        double threshold = ClueScoring.RelatedThreshold,
        int limit = 10,
        int exclude = -1,
        int before = int.MaxValue
    )
    {
        ArgumentNullException.ThrowIfNull(features);
        before = Math.Max(0, before);
        if (limit <= 0)
        {
            return [];
        }

        gate.EnterReadLock();
        var scratch = RentScratch();
        try
        {
            var (marks, candidates, dot) = (scratch.Marks, scratch.Candidates, scratch.Dot);
            var documents = Count;
            var queryNorm = 0.0;
            foreach (var term in features.Terms)
            {
                var postings = terms.GetValueOrDefault(term);
                var weight = Idf(postings?.Count ?? 0, documents);
                queryNorm += weight * weight;
                if (postings is { Count: <= CommonTermLimit })
                {
                    // Postings are in the order documents were added.
                    foreach (var document in CollectionsMarshal.AsSpan(postings))
                    {
                        if (document >= before)
                        {
                            break;
                        }

                        Mark(marks, candidates, document);
                        dot[document] += weight * weight;
                    }
                }
            }

            for (var band = 0; band < Bands; band++)
            {
                var key = BandKey(band, features.Signature);
                var newest = MarkNewest(marks, candidates, delta.Bucket(key), CommonBandLimit, before, false);
                var room = CommonBandLimit - newest;
                var array = sorted[band];
                var (from, to) = (LowerBound(array, key << 32), LowerBound(array, (key << 32) | (uint)before));
                MarkAll(marks, candidates, array.AsSpan(Math.Max(from, to - room)..to), false);
            }

            var shared = new Dictionary<int, List<string>>();
            var evidence = new Dictionary<int, double>();
            foreach (var entity in features.EntityKeys.Distinct())
            {
                if (entities.TryGetValue(entity, out var holders) && holders.Count <= CommonEntityLimit)
                {
                    var adds = ClueScoring.KindOf(entity) is { } kind
                        ? ClueScoring.Weight(kind) * ClueScoring.Rarity(holders.Count, documents)
                        : 0;
                    foreach (var document in holders)
                    {
                        if (document >= before)
                        {
                            break;
                        }

                        Mark(marks, candidates, document);
                        CollectionsMarshal.GetValueRefOrAddDefault(evidence, document, out _) += adds;
                        if (!shared.TryGetValue(document, out var keys))
                        {
                            shared[document] = keys = [];
                        }

                        keys.Add(entity);
                    }
                }
            }

            var ours = new QuerySpecifics(features.EntityKeys);
            var matches = new List<ClueMatch>();
            foreach (var document in CollectionsMarshal.AsSpan(candidates))
            {
                if (document == exclude)
                {
                    continue;
                }

                // What Score could give at most: all the wording, and the shared entities' evidence at its largest
                // (another language's counts OtherLanguageFactor times), with no conflict taken away. A candidate below
                // the threshold by that bound can be answered only as a near copy: a MinHash similarity at the
                // near-copy threshold and no conflicting specifics (a form filled in about another gang or place is no
                // copy). One that is neither is not scored in full, since its reasons cost far more than these checks:
                // the answer is the same, at a fraction of the work.
                var wording = Wording(dot[document], queryNorm, document);
                var bound =
                    wording + (evidence.GetValueOrDefault(document) * Math.Max(1, ClueScoring.OtherLanguageFactor));
                var similarity = Similarity(features.Signature, document);
                if (
                    bound < threshold - BoundSlack
                    && (similarity < ClueScoring.NearDuplicateThreshold || ours.ConflictWith(specifics[document]))
                )
                {
                    continue;
                }

                var match = Score(features, ours, document, similarity, wording, shared.GetValueOrDefault(document));
                if (match.Score >= threshold || match.NearDuplicate)
                {
                    matches.Add(match);
                }
            }

            return
            [
                .. matches
                    .OrderByDescending(m => m.Score)
                    .ThenByDescending(m => m.NearDuplicate)
                    .ThenBy(m => m.Document)
                    .Take(limit),
            ];
        }
        finally
        {
            ReturnScratch(scratch);
            gate.ExitReadLock();
        }
    }

    /// <summary>How much of its wording a new clue shares with <paramref name="document"/>: the cosine of their
    /// weighted terms, from the dot product of the two and the new clue's squared norm.</summary>
    private double Wording(double product, double queryNorm, int document) =>
        queryNorm > 0 && norms[document] > 0 ? Math.Min(1, product / (Math.Sqrt(queryNorm) * norms[document])) : 0;

    /// <summary>The MinHash similarity of a signature and <paramref name="document"/>'s.</summary>
    private double Similarity(uint[] signature, int document) =>
        MinHasher.Similarity(signature, signatures.AsSpan(document * hasher.Hashes, hasher.Hashes));

    /// <summary>One candidate's combined score and reasons (<see cref="ClueScoring"/>), from its MinHash similarity and
    /// shared wording (<see cref="Similarity"/>, <see cref="Wording"/>).</summary>
    private ClueMatch Score(
        ClueFeatures features,
        QuerySpecifics ours,
        int document,
        double similarity,
        double wording,
        List<string>? shared
    )
    {
        var reasons = new List<MatchReason>();
        var evidence = 0.0;
        foreach (var group in (shared ?? []).GroupBy(ClueScoring.KindOf))
        {
            if (group.Key is not { } kind)
            {
                continue;
            }

            evidence += group.Sum(key => ClueScoring.Weight(kind) * ClueScoring.Rarity(entities[key].Count, Count));
            reasons.Add(
                new MatchReason(
                    ClueScoring.Codes.Same(kind),
                    [.. group.Select(key => features.Written?.GetValueOrDefault(key) ?? key[(key.IndexOf(':') + 1)..])]
                )
            );
        }

        var (conflicts, penalty) = (false, 0.0);
        foreach (var (kind, prefix, ourKeys) in ours.Kinds)
        {
            if (QuerySpecifics.Conflicting(ourKeys, specifics[document], prefix))
            {
                var theirs = specifics[document]!.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));
                conflicts = true;
                penalty += ClueScoring.Conflict(kind);
                reasons.Add(
                    new MatchReason(
                        kind switch
                        {
                            EntityKind.Gang => ClueScoring.Codes.OtherGang,
                            EntityKind.Place => ClueScoring.Codes.OtherPlace,
                            _ => ClueScoring.Codes.OtherVenue,
                        },
                        [.. ourKeys.Concat(theirs).Select(k => k[(k.IndexOf(':') + 1)..])]
                    )
                );
            }
        }

        // One form filled in about other specifics (template spam, a complaint pasted about another market): the shared
        // wording is the form's, not the matter's.
        var template = conflicts && similarity >= ClueScoring.TemplateSimilarity;
        if (wording > 0 && !template)
        {
            reasons.Add(new MatchReason(ClueScoring.Codes.SharedWording, [ClueScoring.Percent(wording)]));
        }

        var comparable =
            features.Script == scripts[document]
            || features.Script == ClueFeatures.UnknownScript
            || scripts[document] == ClueFeatures.UnknownScript;
        var score =
            (template ? 0 : wording) + (evidence * (comparable ? 1 : ClueScoring.OtherLanguageFactor)) - penalty;
        var nearDuplicate = similarity >= ClueScoring.NearDuplicateThreshold && !conflicts;
        if (nearDuplicate)
        {
            reasons.Insert(0, new MatchReason(ClueScoring.Codes.NearCopy, [ClueScoring.Percent(similarity)]));
        }

        return new ClueMatch(document, Math.Clamp(score, 0, 1), similarity, wording, nearDuplicate, reasons);
    }

    /// <summary>Posts a report's terms, at most <see cref="LexicalTerms.MaxTerms"/> (the rarest so far when it has
    /// more), and keeps the norm of its wording.</summary>
    private void AddWording(int document, IReadOnlyList<ulong> clueTerms)
    {
        var kept =
            clueTerms.Count <= LexicalTerms.MaxTerms
                ? clueTerms
                : [.. clueTerms.OrderBy(t => terms.GetValueOrDefault(t)?.Count ?? 0).Take(LexicalTerms.MaxTerms)];
        var norm = 0.0;
        foreach (var term in kept)
        {
            if (!terms.TryGetValue(term, out var postings))
            {
                terms[term] = postings = new List<int>(1);
            }

            postings.Add(document);
            var weight = Idf(postings.Count, Count);
            norm += weight * weight;
        }

        norms[document] = (float)Math.Sqrt(norm);
    }

    /// <summary>Every report's wording norm with the term weights of the index as it is now: a term's weight falls as
    /// more reports use it.</summary>
    private void RecomputeNorms()
    {
        Array.Clear(norms);
        foreach (var postings in terms.Values)
        {
            var weight = Idf(postings.Count, Count);
            foreach (var document in CollectionsMarshal.AsSpan(postings))
            {
                norms[document] += (float)(weight * weight);
            }
        }

        for (var document = 0; document < Count; document++)
        {
            norms[document] = MathF.Sqrt(norms[document]);
        }
    }

    /// <summary>Inverse document frequency: ln(1 + N / df), a term no report has weighing as one only this one has.
    /// </summary>
    private static double Idf(int holders, int documents) => Math.Log(1.0 + ((double)documents / Math.Max(1, holders)));

    /// <summary>Bytes the index holds per report, for the benchmark (signature and band entries; entity postings
    /// apart).</summary>
    public static int BytesPerReport(MinHasher hasher) => (hasher.Hashes * sizeof(uint)) + (Bands * sizeof(ulong));

    public void Dispose() => gate.Dispose();

    /// <summary>Merges the delta into the sorted band arrays.</summary>
    public void Compact()
    {
        var lockTaken = !gate.IsWriteLockHeld;
        if (lockTaken)
        {
            gate.EnterWriteLock();
        }

        try
        {
            var additions = new List<ulong>[Bands];
            for (var band = 0; band < Bands; band++)
            {
                additions[band] = new List<ulong>(deltaDocuments);
            }

            // An entry's top four bits are its key's, which name the band.
            foreach (var entry in delta.Entries)
            {
                additions[(int)(entry >> 60)].Add(entry);
            }

            for (var band = 0; band < Bands; band++)
            {
                // Only the new entries are sorted; the sorted ones are merged with them in one pass.
                additions[band].Sort();
                sorted[band] = Merge(sorted[band], CollectionsMarshal.AsSpan(additions[band]));
            }

            delta.Clear();
            deltaDocuments = 0;
            RecomputeNorms();
        }
        finally
        {
            if (lockTaken)
            {
                gate.ExitWriteLock();
            }
        }
    }

    /// <summary>Two sorted runs of band entries as one sorted array.</summary>
    private static ulong[] Merge(ulong[] left, ReadOnlySpan<ulong> right)
    {
        var merged = new ulong[left.Length + right.Length];
        var (i, j, k) = (0, 0, 0);
        while (i < left.Length && j < right.Length)
        {
            merged[k++] = left[i] <= right[j] ? left[i++] : right[j++];
        }

        left.AsSpan(i).CopyTo(merged.AsSpan(k));
        right[j..].CopyTo(merged.AsSpan(k + left.Length - i));
        return merged;
    }

    /// <summary>A query's working memory: a cleared bit for every document and an empty candidate list. Queries run
    /// side by side (screening relates a batch on every core), so each thread keeps its own.</summary>
    private Scratch RentScratch()
    {
        var words = (Count >> 6) + 1;
        var scratch = threadScratch;
        threadScratch = null;
        return scratch is not null && scratch.Marks.Length >= words ? scratch : new Scratch(words + (words / 4) + 16);
    }

    /// <summary>Clears the bits the query set (its candidates) and keeps the scratch for the thread's next query,
    /// unless an unusual query grew it large.</summary>
    private static void ReturnScratch(Scratch scratch)
    {
        foreach (var document in CollectionsMarshal.AsSpan(scratch.Candidates))
        {
            scratch.Marks[document >> 6] = 0;
        }

        if (scratch.HasDot)
        {
            foreach (var document in CollectionsMarshal.AsSpan(scratch.Candidates))
            {
                scratch.Dot[document] = 0;
            }
        }

        if (scratch.Candidates.Capacity <= 1 << 16)
        {
            scratch.Candidates.Clear();
            threadScratch = scratch;
        }
    }

    /// <summary>Marks the newest documents of a delta bucket numbered below <paramref name="before"/>, at most
    /// <paramref name="limit"/>, as candidates (<see cref="Marker"/>); returns how many it met.</summary>
    private int MarkNewest(
        ulong[] marks,
        List<int> candidates,
        BandDelta.Chain bucket,
        int limit,
        int before,
        bool dense
    )
    {
        var met = 0;
        var marker = new Marker(marks, candidates, dense);
        for (var entry = bucket.Newest; entry >= 0 && met < limit; entry = delta.Older(entry))
        {
            var document = delta.Document(entry);
            if (document < before)
            {
                met++;
                marker.Add(document);
            }
        }

        marker.Flush();
        return met;
    }

    /// <summary>Marks documents as candidates (<see cref="Marker"/>).</summary>
    private static void MarkAll(ulong[] marks, List<int> candidates, ReadOnlySpan<int> documents, bool dense)
    {
        var marker = new Marker(marks, candidates, dense);
        foreach (var document in documents)
        {
            marker.Add(document);
        }

        marker.Flush();
    }

    /// <summary>The same for band entries (bucket key above, document number below).</summary>
    private static void MarkAll(ulong[] marks, List<int> candidates, ReadOnlySpan<ulong> entries, bool dense)
    {
        var marker = new Marker(marks, candidates, dense);
        foreach (var entry in entries)
        {
            marker.Add((int)(uint)entry);
        }

        marker.Flush();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mark(ulong[] marks, List<int> candidates, int document)
    {
        ref var word = ref marks[document >> 6];
        var bit = 1UL << document;
        if ((word & bit) == 0)
        {
            word |= bit;
            candidates.Add(document);
        }
    }

    /// <summary>Lists every marked document, in order, clearing its bit.</summary>
    private static void Collect(ulong[] marks, List<int> candidates, int documents)
    {
        for (var at = 0; at <= (documents - 1) >> 6; at++)
        {
            for (var bits = marks[at]; bits != 0; bits &= bits - 1)
            {
                candidates.Add((at << 6) + BitOperations.TrailingZeroCount(bits));
            }

            marks[at] = 0;
        }
    }

    /// <summary>A 32-bit bucket key whose top 4 bits name the band, so keys of different bands never meet.</summary>
    private ulong BandKey(int band, ReadOnlySpan<uint> signature)
    {
        var hash = 2166136261u;
        foreach (var value in signature.Slice(band * rows, rows))
        {
            hash = (hash ^ value) * 16777619u;
            hash ^= hash >> 15;
        }

        return ((ulong)band << 28) | (hash & 0x0FFFFFFF);
    }

    private static int LowerBound(ulong[] array, ulong value)
    {
        int low = 0,
            high = array.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (array[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>A new clue's gang, district and venue keys by kind, sorted out once per query to be compared with
    /// every candidate's kept <see cref="specifics"/>.</summary>
    private sealed class QuerySpecifics(IReadOnlyList<string> entityKeys)
    {
        private static readonly EntityKind[] Compared = [EntityKind.Gang, EntityKind.Place, EntityKind.Venue];

        public (EntityKind Kind, string Prefix, List<string> Keys)[] Kinds { get; } =
        [.. Compared.Select(kind => (kind, kind + ":", entityKeys.Where(k => ClueScoring.KindOf(k) == kind).ToList()))];

        /// <summary>Whether a candidate names another gang, district or venue than the new clue
        /// (<see cref="ClueScoring.Conflicting"/>), for one kind or more.</summary>
        public bool ConflictWith(string[]? theirs)
        {
            foreach (var (_, prefix, keys) in Kinds)
            {
                if (Conflicting(keys, theirs, prefix))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a candidate's kept specifics of one kind (those beginning with <paramref name="prefix"/>)
        /// conflict with <paramref name="ours"/> of that kind.</summary>
        public static bool Conflicting(List<string> ours, string[]? theirs, string prefix) =>
            theirs is not null && ours.Count > 0 && ClueScoring.Conflicting(ours, theirs, prefix);
    }

    /// <summary>Marks documents as candidates: when dense, only their bits (see <see cref="Collect"/>), gathered in a
    /// register while the documents stay in one word (buckets list them in order: setting each bit in memory waited on
    /// the store before it); otherwise each new one is also listed. <see cref="Flush"/> after the last.</summary>
    private ref struct Marker(ulong[] marks, List<int> candidates, bool dense)
    {
        private int at = -1;
        private ulong bits;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int document)
        {
            if (!dense)
            {
                Mark(marks, candidates, document);
                return;
            }

            if (document >> 6 != at)
            {
                Flush();
                (at, bits) = (document >> 6, 0UL);
            }

            bits |= 1UL << document;
        }

        public readonly void Flush()
        {
            if (at >= 0)
            {
                marks[at] |= bits;
            }
        }
    }

    private sealed class Scratch(int words)
    {
        private double[]? dot;

        public ulong[] Marks { get; } = new ulong[words];
        public List<int> Candidates { get; } = [];

        /// <summary>Per document, the new clue's wording product with it (<see cref="Relate"/>): zero but for the
        /// candidates, and cleared with them.</summary>
        public double[] Dot => dot ??= new double[Marks.Length << 6];

        public bool HasDot => dot is not null;

        /// <summary>Per band: the bucket's delta chain, and its range in the sorted entries.</summary>
        public BandDelta.Chain[] Delta { get; } = new BandDelta.Chain[Bands];
        public int[] From { get; } = new int[Bands];
        public int[] To { get; } = new int[Bands];
    }

    /// <summary>
    /// Band entries of reports added since the last <see cref="Compact"/>: for each bucket key, a chain through its
    /// entries from the newest back. The entries live in arrays that are reused after each compaction, so adding a
    /// report allocates nothing per band (a list per bucket did, sixteen a report, for the collector to trace).
    /// </summary>
    private sealed class BandDelta
    {
        private readonly Dictionary<ulong, Chain> buckets = [];
        private ulong[] entries = new ulong[1024];
        private int[] older = new int[1024];
        private int count;

        /// <summary>Every entry, <c>key &lt;&lt; 32 | document</c>, in the order added.</summary>
        public ReadOnlySpan<ulong> Entries => entries.AsSpan(0, count);

        public void Add(ulong key, int document)
        {
            if (count == entries.Length)
            {
                Array.Resize(ref entries, count * 2);
                Array.Resize(ref older, count * 2);
            }

            ref var bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, key, out var exists);
            older[count] = exists ? bucket.Newest : -1;
            entries[count] = (key << 32) | (uint)document;
            bucket = new Chain(count++, exists ? bucket.Count + 1 : 1);
        }

        /// <summary>A bucket's newest entry and how many it has (none: -1 and 0).</summary>
        public Chain Bucket(ulong key) => buckets.TryGetValue(key, out var chain) ? chain : new Chain(-1, 0);

        public int Document(int entry) => (int)(uint)entries[entry];

        /// <summary>The entry of the same bucket added before <paramref name="entry"/>, or -1.</summary>
        public int Older(int entry) => older[entry];

        public void Clear()
        {
            buckets.Clear();
            count = 0;
        }

        public readonly record struct Chain(int Newest, int Count);
    }
}
