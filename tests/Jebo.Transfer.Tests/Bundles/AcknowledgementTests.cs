using Jebo.Transfer.Bundles;

namespace Jebo.Transfer.Tests.Bundles;

public sealed class AcknowledgementTests
{
    [Fact]
    public void Contiguous_bundles_are_acknowledged_through_the_last()
    {
        var ack = Acknowledgement.Of([3, 1, 2]);
        Assert.Equal(3, ack.Through);
        Assert.Empty(ack.Also);
        Assert.True(ack.Covers(1));
        Assert.False(ack.Covers(4));
    }

    [Fact]
    public void Bundles_beyond_a_hole_are_acknowledged_as_ranges_and_the_hole_never()
    {
        var ack = Acknowledgement.Of([1, 2, 5, 6, 7, 9]);
        Assert.Equal(2, ack.Through);
        Assert.Equal([new SequenceRange(5, 7), new SequenceRange(9, 9)], ack.Also);
        Assert.False(ack.Covers(3));
        Assert.False(ack.Covers(4));
        Assert.True(ack.Covers(6));
        Assert.False(ack.Covers(8));
        Assert.Equal(9, ack.Highest);
    }

    [Fact]
    public void Nothing_imported_acknowledges_nothing()
    {
        var ack = Acknowledgement.Of([]);
        Assert.Equal(0, ack.Through);
        Assert.False(ack.Covers(1));
        Assert.Equal([new SequenceRange(4, 4)], Acknowledgement.Of([4]).Also);
    }

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Lost_bundles_are_the_holes_in_acknowledged_gaps_below_the_highest_imported()
    {
        // Imported 1, 4, 6–7 and 9; gaps acknowledged: 2–5 (4 turned up late), 8–12 (9 turned up; 10–12 not yet due).
        var ack = Acknowledgement
            .Of([1, 4, 6, 7, 9])
            .WithLost([new LostRange(8, 12, Monday.AddDays(1)), new LostRange(2, 5, Monday)]);

        Assert.Equal(
            [new LostRange(2, 3, Monday), new LostRange(5, 5, Monday), new LostRange(8, 8, Monday.AddDays(1))],
            ack.Lost
        );
        Assert.All(ack.Lost, r => Assert.False(ack.Overlaps(r.From, r.Through)));
    }

    [Fact]
    public void A_gap_that_was_filled_or_lies_above_everything_imported_is_not_lost()
    {
        Assert.Empty(Acknowledgement.Of([1, 2, 3]).WithLost([new LostRange(2, 2, Monday)]).Lost);
        Assert.Empty(Acknowledgement.Of([1]).WithLost([new LostRange(2, 5, Monday)]).Lost);
        Assert.Equal(
            [new LostRange(2, 2, Monday)],
            Acknowledgement.Of([1, 3]).WithLost([new LostRange(2, long.MaxValue, Monday)]).Lost
        );
    }

    [Fact]
    public void At_most_the_newest_lost_ranges_a_bundle_may_carry_are_named()
    {
        var imported = Enumerable.Range(0, BundleFormat.MaxLostRanges + 5).Select(i => 2L * i + 1);
        var gaps = Enumerable
            .Range(0, BundleFormat.MaxLostRanges + 5)
            .Select(i => new LostRange(2L * i + 2, 2L * i + 2, Monday));

        var lost = Acknowledgement.Of(imported).WithLost(gaps).Lost;

        // The last gap lies above the highest imported; of the others the oldest four are left out.
        Assert.Equal(BundleFormat.MaxLostRanges, lost.Count);
        Assert.Equal(10, lost[0].From);
        Assert.Equal(2L * (BundleFormat.MaxLostRanges + 4), lost[^1].From);
    }
}
