using Jebo.Intake.Abuse;
using Jebo.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jebo.Intake.Tests.Abuse;

/// <summary>The hour <see cref="ClientSpread"/> looks back over, on a clock the test moves.</summary>
public sealed class ClientSpreadTests
{
    private static void Record(ClientSpread spread, string client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            spread.Record(client);
        }
    }

    [Fact]
    public void One_client_in_nearly_every_request_of_the_hour_looks_like_one_client_until_the_hour_has_passed()
    {
        var clock = new ManualClock(ManualClock.Morning);
        var spread = new ClientSpread(clock, NullLogger<ClientSpread>.Instance);
        Record(spread, "proxy", ClientSpread.MinimumRequests);
        Assert.True(spread.LooksLikeOneClient);

        clock.Advance(TimeSpan.FromMinutes(40));
        Assert.True(spread.LooksLikeOneClient);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.False(spread.LooksLikeOneClient);
    }

    [Fact]
    public void A_client_with_most_but_not_nearly_all_requests_is_not_one_client()
    {
        var spread = new ClientSpread(new ManualClock(ManualClock.Morning), NullLogger<ClientSpread>.Instance);
        Record(spread, "busy", 180);
        for (var n = 0; n < 20; n++)
        {
            spread.Record($"other-{n}");
        }

        Assert.False(spread.LooksLikeOneClient);
    }
}
