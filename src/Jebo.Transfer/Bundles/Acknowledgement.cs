namespace Jebo.Transfer.Bundles;

/// <summary>
/// Which report bundles casework holds, as a status bundle tells intake: every bundle through <see cref="Through"/>,
/// and the ranges in <see cref="Also"/> above a hole. Intake forgets the sealed copies of exactly these. The holes an
/// operator at casework acknowledged as lost are in <see cref="Lost"/>: intake stops waiting for them.
/// </summary>
/// <remarks>Security and safety: a bundle in a hole — one an operator acknowledged as lost at casework — is never
/// acknowledged, so intake keeps its sealed copies (until its retention period) and can carry it again; "lose nothing"
/// outranks "keep little".</remarks>
public sealed record Acknowledgement(long Through, IReadOnlyList<SequenceRange> Also)
{
    public static readonly Acknowledgement None = new(0, []);

    /// <summary>Bundles in the holes below <see cref="Highest"/> that an operator acknowledged as lost, in order; never
    /// one this acknowledgement covers.</summary>
    public IReadOnlyList<LostRange> Lost { get; init; } = [];

    /// <summary>The acknowledgement for a set of applied sequence numbers, in any order.</summary>
    public static Acknowledgement Of(IEnumerable<long> applied)
    {
        var through = 0L;
        var ranges = new List<SequenceRange>();
        foreach (var sequence in applied.Where(s => s > 0).Distinct().Order())
        {
            if (ranges.Count == 0 && sequence == through + 1)
            {
                through = sequence;
            }
            else if (ranges.Count > 0 && sequence == ranges[^1].Through + 1)
            {
                ranges[^1] = ranges[^1] with { Through = sequence };
            }
            else
            {
                ranges.Add(new SequenceRange(sequence, sequence));
            }
        }

        return new Acknowledgement(through, ranges);
    }

    /// <summary>The acknowledgement a status bundle header carries.</summary>
    public static Acknowledgement From(BundleHeader header) =>
        new(header.AcknowledgedThrough ?? 0, header.AcknowledgedAlso ?? []) { Lost = header.AcknowledgedLost ?? [] };

    public bool Covers(long sequence) =>
        sequence <= Through || Also.Any(r => sequence >= r.From && sequence <= r.Through);

    /// <summary>Whether any bundle from <paramref name="from"/> through <paramref name="through"/> is
    /// covered.</summary>
    public bool Overlaps(long from, long through) =>
        from <= Through || Also.Any(r => r.From <= through && from <= r.Through);

    /// <summary>
    /// This acknowledgement with the holes that lie in gaps an operator acknowledged as lost (<paramref
    /// name="declared"/>, each with when it was acknowledged): the part of each gap below <see cref="Highest"/> that is
    /// not covered. A number above <see cref="Highest"/> is no hole yet, and one that turned up late is covered. At
    /// most <see cref="BundleFormat.MaxLostRanges"/>, the newest.
    /// </summary>
    public Acknowledgement WithLost(IEnumerable<LostRange> declared)
    {
        var lost = new List<LostRange>();
        foreach (var gap in declared.OrderBy(g => g.From))
        {
            var from = Math.Max(gap.From, Through + 1);
            var through = Math.Min(gap.Through, Highest);
            var rest = true;
            foreach (var held in Also.Where(r => r.Through >= from && r.From <= through))
            {
                if (held.From > from)
                {
                    lost.Add(new LostRange(from, held.From - 1, gap.At));
                }

                if (held.Through >= through)
                {
                    rest = false; // also where through + 1 would overflow
                    break;
                }

                from = held.Through + 1;
            }

            if (rest && from <= through)
            {
                lost.Add(new LostRange(from, through, gap.At));
            }
        }

        return this with
        {
            Lost = [.. lost.TakeLast(BundleFormat.MaxLostRanges)],
        };
    }

    /// <summary>The highest sequence covered.</summary>
    public long Highest => Also.Count > 0 ? Also[^1].Through : Through;
}
