using System.Threading.RateLimiting;
using Jebo.Intake.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Abuse;

/// <summary>
/// The rate-limiter policies applied to endpoints by metadata, before any body is read: a per-client request ceiling
/// per kind of endpoint, and a capacity limit (a concurrency limiter with a small queue) that sheds load at once.
/// Pages use them too: <c>[EnableRateLimiting(AbusePolicies.Submit)]</c> on a page model, or
/// <c>.RequireRateLimiting(AbusePolicies.Submit)</c> on an endpoint.
/// </summary>
/// <remarks>Security: a client over its ceiling gets 429 with <c>Retry-After</c>; a request past capacity gets 503 with
/// <c>Retry-After</c> without waiting, so nobody queues into a time-out. A report is acknowledged (201) only after it
/// is durably stored, so a shed request was never acknowledged and nothing acknowledged is lost.</remarks>
public static class AbusePolicies
{
    /// <summary>Reports and follow-ups (and the pages that post them).</summary>
    public const string Submit = "jebo-submit";

    /// <summary>Status look-ups (and the status page).</summary>
    public const string Lookup = "jebo-lookup";

    /// <summary>Proof-of-work challenges.</summary>
    public const string Challenge = "jebo-challenge";

    /// <summary>What shed requests are told to wait.</summary>
    public static readonly TimeSpan ShedRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Registers the abuse defences: keys, limits, proof of work, repeat detection and the policies. A request
    /// a policy holds back is answered by <paramref name="answerHeld"/> (the web layer's words for it).</summary>
    public static IServiceCollection AddAbuseDefences(
        this IServiceCollection services,
        IntakeOptions options,
        Func<HttpContext, Hold, CancellationToken, ValueTask> answerHeld
    )
    {
        services.AddSingleton(options.Abuse);
        services.AddSingleton<ClientKeys>();
        services.AddSingleton<ClientSpread>();
        services.AddSingleton<IntakeLimits>();
        services.AddSingleton<ParkedFiles>();
        services.AddSingleton(sp => new ProofOfWork(
            sp.GetRequiredService<IntakeKeys>().Pepper,
            options,
            sp.GetRequiredService<IntakeLimits>(),
            sp.GetRequiredService<TimeProvider>()
        ));
        services.AddSingleton<RepeatGuard>();
        var settings = options.Abuse;
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Submit, context =>
                PerClient(context, options, settings.SubmitRequestsPerClientPerMinute)
            );
            limiter.AddPolicy(Lookup, context =>
                PerClient(context, options, settings.LookupRequestsPerClientPerMinute)
            );
            limiter.AddPolicy(Challenge, context => PerClient(context, options, settings.ChallengesPerClientPerMinute));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                Capacity(context, options)
            );
            limiter.OnRejected = (rejected, cancellationToken) =>
                answerHeld(rejected.HttpContext, HoldOf(rejected), cancellationToken);
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, IntakeOptions options, int perMinute)
    {
        if (!options.RateLimits)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var client = context.RequestServices.GetRequiredService<ClientKeys>().ForClient(context);
        // Every limited request once (the limiter may ask twice), and nothing else: not the health probes, which come
        // from the proxy itself.
        if (context.Items.TryAdd(typeof(ClientSpread), null))
        {
            context.RequestServices.GetRequiredService<ClientSpread>().Record(client);
        }

        return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
        });
    }

    /// <summary>One concurrency limiter per kind of endpoint (by its policy), none for anything else.</summary>
    private static RateLimitPartition<string> Capacity(HttpContext context, IntakeOptions options)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var permits = policy switch
        {
            Submit => options.Abuse.SubmitConcurrency,
            Lookup => options.Abuse.LookupConcurrency,
            _ => 0,
        };
        if (!options.RateLimits || permits == 0)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        return RateLimitPartition.GetConcurrencyLimiter(policy!, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = options.Abuse.QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A per-client bucket says when to come back (429); the capacity limiter does not (503).</summary>
    private static Hold HoldOf(OnRejectedContext rejected) =>
        rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? new Hold(HoldScope.Client, retryAfter)
            : new Hold(HoldScope.System, ShedRetryAfter);

    /// <summary>The middleware itself; the composition root calls it after routing.</summary>
    public static WebApplication UseAbuseDefences(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
