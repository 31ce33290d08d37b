using Jebo.Transfer.Bundles;

namespace Jebo.Transfer.Tests.Bundles;

public sealed class InboundPlacementTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);
    private static readonly string HashC = new('c', 64);

    private static BundleHeader Header(long sequence, string previous) =>
        new(1, BundleKind.Reports, "intake", "0011223344556677", sequence, previous, DateTimeOffset.UnixEpoch, 0, null);

    private static Neighbourhood Empty(long through) => new(through, null, null, null, false, false);

    [Fact]
    public void The_first_bundle_is_next_on_an_empty_receiver()
    {
        Assert.Equal(Placement.Next, InboundPlacement.Place(Header(1, ""), HashA, Empty(0)).Placement);
    }

    [Fact]
    public void The_bundle_after_the_last_applied_is_next_when_it_names_its_hash()
    {
        var here = Empty(4) with { Previous = new AppliedBundle(4, HashA, HashC) };
        Assert.Equal(Placement.Next, InboundPlacement.Place(Header(5, HashA), HashB, here).Placement);
    }

    [Fact]
    public void A_bundle_naming_another_predecessor_breaks_the_chain()
    {
        var here = Empty(4) with { Previous = new AppliedBundle(4, HashA, HashC) };
        var result = InboundPlacement.Place(Header(5, HashC), HashB, here);
        Assert.Equal(Placement.ChainBroken, result.Placement);
        Assert.Contains("chain is broken", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_bundle_again_is_recognised_and_a_different_one_under_its_number_is_a_conflict()
    {
        var here = Empty(5) with { Applied = new AppliedBundle(5, HashB, HashA) };
        Assert.Equal(Placement.AlreadyApplied, InboundPlacement.Place(Header(5, HashA), HashB, here).Placement);
        var conflict = InboundPlacement.Place(Header(5, HashA), HashC, here);
        Assert.Equal(Placement.Conflict, conflict.Placement);
        Assert.Contains("replay", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_beyond_the_next_waits_and_says_which_are_missing()
    {
        var one = InboundPlacement.Place(Header(6, HashA), HashB, Empty(4));
        Assert.Equal(Placement.Ahead, one.Placement);
        Assert.Contains("bundle 5 has not arrived", one.Message, StringComparison.Ordinal);
        Assert.Contains(
            "bundles 5–8",
            InboundPlacement.Place(Header(9, HashA), HashB, Empty(4)).Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void After_an_acknowledged_gap_the_next_bundle_is_taken_without_a_predecessor_to_check()
    {
        // 5–6 acknowledged as lost: through is 6, nothing applied under 6.
        var here = Empty(6) with { PreviousAcknowledgedLost = true };
        Assert.Equal(Placement.Next, InboundPlacement.Place(Header(7, HashA), HashB, here).Placement);
    }

    [Fact]
    public void A_lost_bundle_that_turns_up_is_late_and_must_fit_both_neighbours()
    {
        // 4 applied (hash A), 5 acknowledged lost, 6 applied naming B before it.
        var here = new Neighbourhood(
            6,
            null,
            new AppliedBundle(4, HashA, ""),
            new AppliedBundle(6, HashC, HashB),
            false,
            true
        );
        Assert.Equal(Placement.Late, InboundPlacement.Place(Header(5, HashA), HashB, here).Placement);
        Assert.Equal(Placement.ChainBroken, InboundPlacement.Place(Header(5, HashA), HashC, here).Placement);
        Assert.Equal(Placement.ChainBroken, InboundPlacement.Place(Header(5, HashC), HashB, here).Placement);
    }

    [Fact]
    public void A_bundle_below_the_position_that_was_never_acknowledged_lost_is_not_applied()
    {
        var here = Empty(6) with { Previous = new AppliedBundle(4, HashA, "") };
        Assert.Equal(Placement.Conflict, InboundPlacement.Place(Header(5, HashA), HashB, here).Placement);
    }
}
