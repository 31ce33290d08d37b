using System.Globalization;

namespace Jebo.Transfer.Bundles;

/// <summary>Where a verified bundle stands in the receiver's stream of bundles from one sender.</summary>
public enum Placement
{
    /// <summary>The next bundle expected: apply it.</summary>
    Next,

    /// <summary>A bundle from a gap an operator acknowledged as lost, which turned up after all: apply it.</summary>
    Late,

    /// <summary>This very bundle was applied before: change nothing.</summary>
    AlreadyApplied,

    /// <summary>Another bundle was applied under this number: a replay, a forgery, or a sender that reused a
    /// number.</summary>
    Conflict,

    /// <summary>An earlier bundle is missing: hold this one until the gap is filled or acknowledged.</summary>
    Ahead,

    /// <summary>Its previous-hash does not name the bundle applied before it (or the one after does not name
    /// it).</summary>
    ChainBroken,
}

/// <summary>A bundle the receiver applied: its number, its file hash, and the hash its header named before
/// it.</summary>
public sealed record AppliedBundle(long Sequence, string Hash, string PreviousHash);

/// <summary>What the receiver knows around one sequence number, loaded from its database.</summary>
/// <param name="Through">The highest number applied or acknowledged as lost; 0 at the start.</param>
/// <param name="Applied">The bundle applied under this number, if any.</param>
/// <param name="Previous">The bundle applied under the number before, if any.</param>
/// <param name="Following">The bundle applied under the number after, if any.</param>
/// <param name="PreviousAcknowledgedLost">The number before lies in a gap an operator acknowledged.</param>
/// <param name="AcknowledgedLost">This number lies in such a gap.</param>
public sealed record Neighbourhood(
    long Through,
    AppliedBundle? Applied,
    AppliedBundle? Previous,
    AppliedBundle? Following,
    bool PreviousAcknowledgedLost,
    bool AcknowledgedLost
);

/// <summary>The decision and a sentence an operator can act on.</summary>
public sealed record PlacementResult(Placement Placement, string Message);

/// <summary>
/// Decides what a receiver does with a verified bundle, the same way in both zones: apply the next one, recognise one
/// seen before, refuse a different bundle under a used number, hold one that runs ahead of a gap, and check the hash
/// chain on both sides of the bundle it applies.
/// </summary>
/// <remarks>Security: a signature proves who wrote a bundle, not that it belongs here. The chain makes a sender that
/// is made to write two different bundle 7s — or a replay of an old one under a new name — visible at once, and a gap
/// can only be passed by an operator's recorded decision, never by the sender.</remarks>
public static class InboundPlacement
{
    public static PlacementResult Place(BundleHeader header, string hash, Neighbourhood here)
    {
        var name = BundleFormat.Describe(header);
        var sequence = header.Sequence;
        if (here.Applied is { } applied)
        {
            return applied.Hash == hash
                ? new(Placement.AlreadyApplied, $"{name} was applied before; nothing changed")
                : new(
                    Placement.Conflict,
                    $"{name} differs from the bundle already applied under number {sequence} (a replay, a forgery, or "
                        + $"a sender that reused its number)"
                );
        }

        if (sequence > here.Through + 1)
        {
            var missing =
                here.Through + 1 == sequence - 1
                    ? F($"bundle {here.Through + 1}")
                    : F($"bundles {here.Through + 1}–{sequence - 1}");
            return new(Placement.Ahead, $"{name} waits: {missing} has not arrived");
        }

        // The bundle before must be the one this one names, unless it was acknowledged as lost.
        if (
            sequence == 1 ? header.PreviousHash.Length != 0
            : here.Previous is { } previous ? previous.Hash != header.PreviousHash
            : !here.PreviousAcknowledgedLost
        )
        {
            return new(
                Placement.ChainBroken,
                F($"{name} does not follow bundle {sequence - 1} as applied here (its previous-hash differs): the ")
                    + "chain is broken"
            );
        }

        // A late bundle fills a hole: the bundle after it, already applied, must name it.
        if (here.Following is { } following && following.PreviousHash != hash)
        {
            return new(
                Placement.ChainBroken,
                F($"{name} is not the bundle that bundle {sequence + 1}, applied here, names before it: the chain ")
                    + "is broken"
            );
        }

        return sequence == here.Through + 1 ? new(Placement.Next, $"{name} is next")
            : here.AcknowledgedLost
                ? new(Placement.Late, $"{name} was acknowledged as lost and has turned up; it is applied now")
            : new(Placement.Conflict, F($"{name} is at or below {here.Through}, where no gap was acknowledged"));
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A gap acknowledgement that cannot be made, with the reason.</summary>
public sealed class GapAcknowledgementException(string message) : Exception(message);
