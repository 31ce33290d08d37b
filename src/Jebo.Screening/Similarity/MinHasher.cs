using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Jebo.Screening.Normalization;

namespace Jebo.Screening.Similarity;

/// <summary>
/// MinHash signatures over character shingles: two texts' signatures agree in about the fraction of positions equal to
/// the Jaccard similarity of their shingle sets. Works the same for Hangul, Hanzi and Latin, since it needs no word
/// boundaries.
/// </summary>
public sealed class MinHasher
{
    public const int DefaultHashes = 64;
    public const int DefaultShingle = 3;

    private readonly ulong[] multipliers;
    private readonly ulong[] offsets;

    /// <param name="hashes">Signature length.</param>
    /// <param name="shingle">Characters per shingle.</param>
    /// <param name="seed">Fixes the hash family, so signatures stored today compare with signatures made
    /// tomorrow.</param>
    public MinHasher(int hashes = DefaultHashes, int shingle = DefaultShingle, ulong seed = 0x4A45424F53434E52)
    {
        Hashes = hashes;
        Shingle = shingle;
        multipliers = new ulong[hashes];
        offsets = new ulong[hashes];
        var state = seed;
        for (var i = 0; i < hashes; i++)
        {
            multipliers[i] = SplitMix(ref state) | 1;
            offsets[i] = SplitMix(ref state);
        }
    }

    public int Hashes { get; }
    public int Shingle { get; }

    public uint[] Signature(string text)
    {
        var signature = new uint[Hashes];
        Array.Fill(signature, uint.MaxValue);
        var normalized = TextNormalizer.Normalize(text).Replace(" ", "", StringComparison.Ordinal);
        if (normalized.Length == 0)
        {
            return signature;
        }

        var span = normalized.AsSpan();
        var count = Math.Max(1, span.Length - Shingle + 1);
        var shingles = ArrayPool<ulong>.Shared.Rent(count);
        try
        {
            for (var start = 0; start < count; start++)
            {
                shingles[start] = Fnv1a(span.Slice(start, Math.Min(Shingle, span.Length - start)));
            }

            MinimumHashes(shingles.AsSpan(0, count), signature);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(shingles);
        }

        return signature;
    }

    /// <summary>Each signature position's least hash over all shingles, eight positions at a time where the processor
    /// has 256-bit vectors (the same wrapping arithmetic, so the same values as one at a time): a 2 KiB report has
    /// about a thousand shingles, and hashing each 64 times one by one was a large part of screening it.</summary>
    private void MinimumHashes(ReadOnlySpan<ulong> shingles, Span<uint> signature)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + (2 * Vector256<ulong>.Count) <= signature.Length; i += 2 * Vector256<ulong>.Count)
            {
                var (lowMultipliers, highMultipliers) = (
                    Vector256.Create(multipliers.AsSpan(i)),
                    Vector256.Create(multipliers.AsSpan(i + Vector256<ulong>.Count))
                );
                var (lowOffsets, highOffsets) = (
                    Vector256.Create(offsets.AsSpan(i)),
                    Vector256.Create(offsets.AsSpan(i + Vector256<ulong>.Count))
                );
                var least = Vector256<uint>.AllBitsSet;
                foreach (var shingle in shingles)
                {
                    var hash = Vector256.Create(shingle);
                    least = Vector256.Min(
                        least,
                        Vector256.Narrow(
                            Vector256.ShiftRightLogical((hash * lowMultipliers) + lowOffsets, 32),
                            Vector256.ShiftRightLogical((hash * highMultipliers) + highOffsets, 32)
                        )
                    );
                }

                least.CopyTo(signature[i..]);
            }
        }

        for (; i < signature.Length; i++)
        {
            var least = uint.MaxValue;
            foreach (var shingle in shingles)
            {
                least = Math.Min(least, (uint)(((shingle * multipliers[i]) + offsets[i]) >> 32));
            }

            signature[i] = least;
        }
    }

    /// <summary>The fraction of equal positions: an estimate of Jaccard similarity.</summary>
    public static double Similarity(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b) =>
        Similarity(Agreements(a, b), a.Length);

    /// <summary>The similarity of signatures of <paramref name="length"/> values that agree in
    /// <paramref name="agreements"/> positions.</summary>
    public static double Similarity(int agreements, int length) => length == 0 ? 0 : (double)agreements / length;

    /// <summary>How many positions of <paramref name="a"/> hold the same value in <paramref name="b"/>.</summary>
    public static int Agreements(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var same = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && b.Length >= a.Length)
        {
            // The related-clue index compares a new report with every candidate: eight positions at a time, each
            // equal lane counting -1 (all bits set) into its column, summed once at the end.
            ref var first = ref MemoryMarshal.GetReference(a);
            ref var second = ref MemoryMarshal.GetReference(b);
            var columns = Vector256<uint>.Zero;
            for (; i + Vector256<uint>.Count <= a.Length; i += Vector256<uint>.Count)
            {
                columns -= Vector256.Equals(
                    Vector256.LoadUnsafe(ref first, (nuint)i),
                    Vector256.LoadUnsafe(ref second, (nuint)i)
                );
            }

            same = (int)Vector256.Sum(columns);
        }

        for (; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                same++;
            }
        }

        return same;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fnv1a(ReadOnlySpan<char> chars)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
