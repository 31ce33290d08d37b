using System.Net;
using Jebo.Intake.Abuse;
using Jebo.Testing;
using Jebo.Transfer.Receipts;

namespace Jebo.Intake.Tests.Abuse;

public sealed class ClientKeysTests
{
    private static IntakeOptions Options() =>
        new()
        {
            ZoneFolder = "z",
            OutboundSpool = "o",
            InboundSpool = "i",
            Database = "Data Source=:memory:",
        };

    [Fact]
    public void The_same_address_has_the_same_key_all_day_and_a_new_one_the_next_day()
    {
        var time = new ManualClock(ManualClock.Morning);
        var keys = new ClientKeys(Options(), time);
        var address = IPAddress.Parse("127.0.0.77");
        var morning = keys.ForAddress(address);
        time.Advance(TimeSpan.FromHours(10));
        Assert.Equal(morning, keys.ForAddress(address));
        time.Advance(TimeSpan.FromHours(10));
        Assert.NotEqual(morning, keys.ForAddress(address));
    }

    [Fact]
    public void A_key_shows_nothing_of_the_address_and_differs_between_addresses_and_processes()
    {
        var time = new ManualClock(ManualClock.Morning);
        var address = IPAddress.Parse("127.0.0.77");
        var key = new ClientKeys(Options(), time).ForAddress(address);
        Assert.DoesNotContain("127", key, StringComparison.Ordinal);
        Assert.DoesNotContain(
            Convert.ToBase64String(address.GetAddressBytes()).TrimEnd('='),
            key,
            StringComparison.Ordinal
        );
        Assert.NotEqual(key, new ClientKeys(Options(), time).ForAddress(address));
        Assert.NotEqual(key, new ClientKeys(Options(), time).ForAddress(IPAddress.Parse("127.0.0.78")));
    }

    [Fact]
    public void Receipts_and_clients_are_named_apart()
    {
        var keys = new ClientKeys(Options(), new ManualClock(ManualClock.Morning));
        var receipt = Receipt.New();
        Assert.Equal(keys.ForReceipt(receipt), keys.ForReceipt(receipt));
        Assert.NotEqual(keys.ForReceipt(receipt), keys.ForReceipt(Receipt.New()));
        Assert.DoesNotContain(receipt.Canonical, keys.ForReceipt(receipt), StringComparison.Ordinal);
        Assert.NotEqual(keys.ForAddress(null), keys.ForReceipt(receipt));
    }
}
