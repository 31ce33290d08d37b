using Jebo.Intake.Abuse;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Abuse;

public sealed class FailureLedgerTests
{
    [Fact]
    public void Failures_add_up_and_are_forgiven_at_the_steady_rate()
    {
        var time = new ManualClock(ManualClock.Morning);
        var ledger = new FailureLedger(time, TimeSpan.FromMinutes(2));
        for (var i = 0; i < 5; i++)
        {
            ledger.Add("c");
        }

        Assert.Equal(5, ledger.Count("c"));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(3, ledger.Count("c"), 3);
        Assert.Equal(TimeSpan.FromMinutes(2), ledger.TimeUntilBelow("c", 3));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, ledger.Count("c"));
        Assert.Equal(0, ledger.Count("someone else"));
    }
}
