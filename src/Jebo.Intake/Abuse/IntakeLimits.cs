using System.Threading.RateLimiting;

namespace Jebo.Intake.Abuse;

/// <summary>Why a request was held back, and when to try again.</summary>
/// <param name="Scope">Whose limit was reached: the client's, one receipt's, or the whole intake's.</param>
/// <param name="RetryAfter">When trying again can succeed.</param>
public sealed record Hold(HoldScope Scope, TimeSpan RetryAfter);

public enum HoldScope
{
    Client,
    Receipt,
    System,

    /// <summary>The client has too many files parked (uploaded, not yet sent with a report): see
    /// <see cref="ParkedFiles"/>.</summary>
    Parked,
}

/// <summary>The limits counted once a request's body is read: submissions with and without proof, per client and in
/// all; look-ups and follow-ups per receipt; failed look-ups per client (slowed, then blocked) and in all.</summary>
/// <remarks>Security: every count is kept under a keyed hash (see <see cref="ClientKeys"/>), in memory only, so no
/// table anywhere says who sent what. Counts are per intake node; several nodes behind a balancer multiply the
/// per-client allowance by at most their number.</remarks>
public sealed class IntakeLimits : IDisposable
{
    private readonly AbuseSettings settings;
    private readonly PartitionedRateLimiter<string> provenPerClient;
    private readonly PartitionedRateLimiter<string> unprovenPerClient;
    private readonly PartitionedRateLimiter<string> followUpsPerReceipt;
    private readonly PartitionedRateLimiter<string> lookupsPerReceipt;
    private readonly TokenBucketRateLimiter provenSystem;
    private readonly TokenBucketRateLimiter unprovenSystem;
    private readonly FailureLedger clientFailures;
    private readonly FailureLedger systemFailures;

    public IntakeLimits(AbuseSettings settings, TimeProvider time)
    {
        this.settings = settings;
        provenPerClient = PerKey(settings.ProvenSubmissionsPerClientPerHour);
        unprovenPerClient = PerKey(settings.UnprovenSubmissionsPerClientPerHour);
        followUpsPerReceipt = PerKey(settings.FollowUpsPerReceiptPerHour);
        lookupsPerReceipt = PerKey(settings.LookupsPerReceiptPerHour);
        provenSystem = new TokenBucketRateLimiter(Hourly(settings.ProvenSubmissionsPerHour, autoReplenish: true));
        unprovenSystem = new TokenBucketRateLimiter(Hourly(settings.UnprovenSubmissionsPerHour, autoReplenish: true));
        clientFailures = new FailureLedger(time, settings.ForgetOneFailureEvery);
        systemFailures = new FailureLedger(time, TimeSpan.FromHours(1) / settings.FailuresPerHour);
    }

    /// <summary>The share of the hourly submission capacity in use, 0 to 1; proof-of-work difficulty follows
    /// it.</summary>
    public double Load =>
        Math.Max(
            Used(provenSystem, settings.ProvenSubmissionsPerHour),
            Used(unprovenSystem, settings.UnprovenSubmissionsPerHour)
        );

    /// <summary>Counts one report or follow-up from a client; null when it may go ahead.</summary>
    public Hold? TakeSubmission(string client, bool proven)
    {
        using var perClient = (proven ? provenPerClient : unprovenPerClient).AttemptAcquire(client);
        if (!perClient.IsAcquired)
        {
            return new Hold(HoldScope.Client, RetryAfter(perClient));
        }

        using var system = (proven ? provenSystem : unprovenSystem).AttemptAcquire();
        return system.IsAcquired ? null : new Hold(HoldScope.System, RetryAfter(system));
    }

    /// <summary>Counts one follow-up to a receipt; null when it may go ahead.</summary>
    public Hold? TakeFollowUp(string receipt) => Take(followUpsPerReceipt, receipt);

    /// <summary>Counts one look-up of a receipt; null when it may go ahead.</summary>
    public Hold? TakeLookup(string receipt) => Take(lookupsPerReceipt, receipt);

    /// <summary>Before a receipt is looked up: blocked (a hold), or how long to wait first. Depends only on failures
    /// already counted, never on the receipt at hand, so it cannot tell a known receipt from an unknown one. A look-up
    /// that goes ahead is counted as a failure at once and refunded (<see cref="Found"/>) if the receipt is found, so
    /// that many look-ups in flight together cannot slip past the count.</summary>
    public (Hold? Hold, TimeSpan Delay) BeginLookup(string client)
    {
        if (Math.Ceiling(systemFailures.Count("")) >= settings.FailuresPerHour)
        {
            return (
                new Hold(HoldScope.System, systemFailures.TimeUntilBelow("", settings.FailuresPerHour)),
                TimeSpan.Zero
            );
        }

        // Whole failures, rounded up: a count decays continuously, and a failure a second ago still counts as one.
        var failures = Math.Ceiling(clientFailures.Count(client));
        if (failures >= settings.BlockAfterFailures)
        {
            return (
                new Hold(HoldScope.Client, clientFailures.TimeUntilBelow(client, settings.BlockAfterFailures)),
                TimeSpan.Zero
            );
        }

        clientFailures.Add(client);
        systemFailures.Add("");
        var excess = failures - settings.FreeFailures + 1;
        var delay = excess <= 0 ? TimeSpan.Zero : settings.DelayPerFailure * excess;
        return (null, delay > settings.MaxDelay ? settings.MaxDelay : delay);
    }

    /// <summary>The receipt was found (or the look-up did not happen): the failure counted in advance is taken
    /// back.</summary>
    public void Found(string client)
    {
        clientFailures.Add(client, -1);
        systemFailures.Add("", -1);
    }

    public void Dispose()
    {
        provenPerClient.Dispose();
        unprovenPerClient.Dispose();
        followUpsPerReceipt.Dispose();
        lookupsPerReceipt.Dispose();
        provenSystem.Dispose();
        unprovenSystem.Dispose();
    }

    private static Hold? Take(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : new Hold(HoldScope.Receipt, RetryAfter(lease));
    }

    private static PartitionedRateLimiter<string> PerKey(int perHour) =>
        PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => Hourly(perHour, autoReplenish: false))
        );

    /// <summary>A bucket of the hour's allowance, refilled one token at a time over the hour: a burst of the whole
    /// allowance is possible, then the steady rate.</summary>
    private static TokenBucketRateLimiterOptions Hourly(int perHour, bool autoReplenish) =>
        new()
        {
            TokenLimit = perHour,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromHours(1) / perHour,
            QueueLimit = 0,
            AutoReplenishment = autoReplenish,
        };

    private static double Used(TokenBucketRateLimiter limiter, int limit) =>
        limiter.GetStatistics() is { } stats ? 1 - ((double)stats.CurrentAvailablePermits / limit) : 0;

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : TimeSpan.FromSeconds(1);
}
