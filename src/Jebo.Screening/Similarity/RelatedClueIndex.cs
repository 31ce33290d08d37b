using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Jebo.Screening.Similarity;

/// <summary>A report found related to another: how similar the texts are and which entities they share.</summary>
public sealed record RelatedMatch(int Document, double Similarity, IReadOnlyList<string> SharedEntities);

/// <summary>
/// Finds earlier clues related to a new one, so the same matter is not investigated twice: locality-sensitive hashing
/// over MinHash signatures (16 bands of 4 rows: texts sharing about half their shingles or more meet in some band) plus
/// an exact index of entities (phones, plates, accounts, names, organisations).
/// </summary>
/// <remarks>
/// Memory per report: the 64-value signature (256 bytes) and one 8-byte entry per band (128 bytes) in sorted arrays,
/// plus its entity postings. New reports go to a small delta map, merged into the sorted arrays in batches, so adding
/// stays cheap and a query is a binary search per band. Safe for one writer and many readers.
/// </remarks>
public sealed class RelatedClueIndex : IDisposable
{
    public const int Bands = 16;
    public const int DeltaLimit = 65_536;

    /// <summary>Entities shared by more reports than this say little (a public hotline number) and are not used to find candidates.</summary>
    public const int CommonEntityLimit = 2_000;

    private readonly MinHasher hasher;
    private readonly int rows;
    private readonly ReaderWriterLockSlim gate = new();
    private readonly ConcurrentBag<ulong[]> spareMarks = [];
    private readonly Dictionary<ulong, List<int>> delta = [];
    private readonly Dictionary<string, List<int>> entities = new(StringComparer.Ordinal);
    private uint[] signatures = new uint[1024];
    private readonly ulong[][] sorted;
    private int deltaDocuments;

    public RelatedClueIndex(MinHasher? hasher = null)
    {
        this.hasher = hasher ?? new MinHasher();
        if (this.hasher.Hashes % Bands != 0)
        {
            throw new ArgumentException($"signature length {this.hasher.Hashes} is not a multiple of {Bands} bands", nameof(hasher));
        }

        rows = this.hasher.Hashes / Bands;
        sorted = [.. Enumerable.Range(0, Bands).Select(_ => Array.Empty<ulong>())];
    }

    public MinHasher Hasher => hasher;

    public int Count { get; private set; }

    /// <summary>Adds a report; returns its document number (0, 1, 2, ... in order of adding).</summary>
    public int Add(uint[] signature, IEnumerable<string> entityKeys)
    {
        gate.EnterWriteLock();
        try
        {
            var document = Count++;
            if ((document + 1) * hasher.Hashes > signatures.Length)
            {
                Array.Resize(ref signatures, Math.Max(signatures.Length * 2, (document + 1) * hasher.Hashes));
            }

            signature.CopyTo(signatures, document * hasher.Hashes);
            for (var band = 0; band < Bands; band++)
            {
                var key = BandKey(band, signature);
                if (!delta.TryGetValue(key, out var list))
                {
                    delta[key] = list = new List<int>(1);
                }

                list.Add(document);
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
    /// are kept rather than all sorted.</remarks>
    public IReadOnlyList<RelatedMatch> Query(uint[] signature, IReadOnlyCollection<string> entityKeys, double threshold = 0.3, int limit = 10, int exclude = -1)
    {
        if (limit <= 0)
        {
            return [];
        }

        gate.EnterReadLock();
        var candidates = new List<int>();
        var marks = RentMarks();
        try
        {
            for (var band = 0; band < Bands; band++)
            {
                var key = BandKey(band, signature);
                if (delta.TryGetValue(key, out var list))
                {
                    foreach (var document in list)
                    {
                        Mark(marks, candidates, document);
                    }
                }

                var array = sorted[band];
                var at = LowerBound(array, key << 32);
                for (; at < array.Length && (array[at] >> 32) == key; at++)
                {
                    Mark(marks, candidates, (int)(array[at] & 0xFFFFFFFF));
                }
            }

            var shared = new Dictionary<int, List<string>>();
            foreach (var entity in entityKeys.Distinct())
            {
                if (entities.TryGetValue(entity, out var postings) && postings.Count <= CommonEntityLimit)
                {
                    foreach (var document in postings)
                    {
                        if (!shared.TryGetValue(document, out var names))
                        {
                            shared[document] = names = [];
                        }

                        names.Add(entity);
                        Mark(marks, candidates, document);
                    }
                }
            }

            var best = new BestMatches(limit);
            foreach (var document in candidates)
            {
                if (document == exclude)
                {
                    continue;
                }

                var similarity = MinHasher.Similarity(signature, signatures.AsSpan(document * hasher.Hashes, hasher.Hashes));
                var names = shared.GetValueOrDefault(document);
                if (similarity >= threshold || names is not null)
                {
                    best.Offer(document, similarity, names);
                }
            }

            return best.ToList();
        }
        finally
        {
            ReturnMarks(marks, candidates);
            gate.ExitReadLock();
        }
    }

    /// <summary>Bytes the index holds per report, for the benchmark (signature and band entries; entity postings apart).</summary>
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
                additions[band] = [];
            }

            foreach (var (key, documents) in delta)
            {
                var band = (int)(key >> 28);
                foreach (var document in documents)
                {
                    additions[band].Add((key << 32) | (uint)document);
                }
            }

            for (var band = 0; band < Bands; band++)
            {
                var merged = new ulong[sorted[band].Length + additions[band].Count];
                sorted[band].CopyTo(merged, 0);
                additions[band].CopyTo(merged, sorted[band].Length);
                Array.Sort(merged);
                sorted[band] = merged;
            }

            delta.Clear();
            deltaDocuments = 0;
        }
        finally
        {
            if (lockTaken)
            {
                gate.ExitWriteLock();
            }
        }
    }

    /// <summary>A cleared bit array with a bit for every document, for one query; queries run side by side, each with
    /// its own.</summary>
    private ulong[] RentMarks()
    {
        var words = (Count >> 6) + 1;
        while (spareMarks.TryTake(out var spare))
        {
            if (spare.Length >= words)
            {
                return spare;
            }
        }

        return new ulong[words + (words / 4) + 16];
    }

    /// <summary>Clears the bits a query set (its candidates) and keeps the array for the next query.</summary>
    private void ReturnMarks(ulong[] marks, List<int> candidates)
    {
        foreach (var document in candidates)
        {
            marks[document >> 6] = 0;
        }

        spareMarks.Add(marks);
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
        int low = 0, high = array.Length;
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

    /// <summary>The best matches seen so far, at most a limit, best first: entity matches before text matches, then
    /// the more similar, then the lower document number. A small limit (the usual case) is kept in order as matches
    /// come; a large one is sorted once at the end.</summary>
    private sealed class BestMatches(int limit)
    {
        private const int KeptInOrder = 64;

        private readonly List<Match> kept = [];

        public void Offer(int document, double similarity, List<string>? shared)
        {
            var match = new Match(document, similarity, shared);
            if (limit > KeptInOrder)
            {
                kept.Add(match);
                return;
            }

            if (kept.Count == limit)
            {
                if (Compare(match, kept[^1]) > 0)
                {
                    return;
                }

                kept.RemoveAt(kept.Count - 1);
            }

            var at = kept.Count;
            while (at > 0 && Compare(match, kept[at - 1]) < 0)
            {
                at--;
            }

            kept.Insert(at, match);
        }

        public List<RelatedMatch> ToList()
        {
            if (limit > KeptInOrder)
            {
                kept.Sort(Compare);
            }

            return [.. kept.Take(limit).Select(m => new RelatedMatch(m.Document, m.Similarity, m.Shared ?? []))];
        }

        /// <summary>Negative when <paramref name="a"/> comes first. Document numbers are unique, so never zero for two
        /// different matches.</summary>
        private static int Compare(Match a, Match b) =>
            (a.Shared is not null) != (b.Shared is not null) ? (a.Shared is not null ? -1 : 1)
            : a.Similarity != b.Similarity ? b.Similarity.CompareTo(a.Similarity)
            : a.Document.CompareTo(b.Document);

        private readonly record struct Match(int Document, double Similarity, List<string>? Shared);
    }
}
