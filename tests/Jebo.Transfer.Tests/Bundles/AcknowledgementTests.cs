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
}
