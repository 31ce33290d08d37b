namespace Jebo.Transfer.Bundles;

/// <summary>
/// Which report bundles casework holds, as a status bundle tells intake: every bundle through <see cref="Through"/>,
/// and the ranges in <see cref="Also"/> above a hole. Intake forgets the sealed copies of exactly these.
/// </summary>
/// <remarks>Security and safety: a bundle in a hole — one an operator acknowledged as lost at casework — is never
/// acknowledged, so intake keeps its sealed copies and can carry it again; "lose nothing" outranks "keep
/// little".</remarks>
public sealed record Acknowledgement(long Through, IReadOnlyList<SequenceRange> Also)
{
    public static readonly Acknowledgement None = new(0, []);

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
        new(header.AcknowledgedThrough ?? 0, header.AcknowledgedAlso ?? []);

    public bool Covers(long sequence) =>
        sequence <= Through || Also.Any(r => sequence >= r.From && sequence <= r.Through);

    /// <summary>The highest sequence covered.</summary>
    public long Highest => Also.Count > 0 ? Also[^1].Through : Through;
}
