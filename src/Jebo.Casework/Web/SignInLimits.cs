using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Jebo.Casework.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Web;

/// <summary>The request limits on the sign-in pages, per client: a ceiling on posts (the ASP.NET Core rate limiter, on
/// every page under <c>/signin</c>), and a tighter one on failed attempts, whatever account they were for. Beside the
/// per-account slow-down of <see cref="Staff.SignInThrottle"/>.</summary>
/// <remarks>Security: the per-account throttle alone lets one client try a common password against every account
/// (spraying); the failure limit holds one client to <see cref="FailureBurst"/> failures and then one every
/// <see cref="FailureRefill"/>, across all accounts, while people who type their password right are never held.
/// Clients are counted under a keyed hash of their address (the key is random, made at start, kept only in memory), so
/// no address is stored or logged. Behind the documented TLS proxy on the same machine, the address (and the scheme)
/// come from the proxy's <c>X-Forwarded-For</c>/<c>-Proto</c>, which only a loopback peer is believed for.</remarks>
public sealed class SignInLimits : IDisposable
{
    public const string Policy = "staff-signin";

    /// <summary>Posts to the sign-in pages one client may make at once, and then one a second.</summary>
    public const int PostBurst = 60;

    /// <summary>Failed sign-ins (any account) one client may make at once.</summary>
    public const int FailureBurst = 10;

    /// <summary>After the burst, one more failed attempt per client per this period (at most 30 an hour).</summary>
    public static readonly TimeSpan FailureRefill = TimeSpan.FromMinutes(2);

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly bool enabled;
    private readonly PartitionedRateLimiter<string> failures;

    public SignInLimits(CaseworkOptions options)
    {
        enabled = options.RateLimits;
        failures = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = FailureBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = FailureRefill,
                QueueLimit = 0,
            })
        );
    }

    /// <summary>Whether this client may try to sign in now (it has failures left).</summary>
    public bool MayTry(HttpContext context)
    {
        if (!enabled)
        {
            return true;
        }

        return failures.GetStatistics(ClientKey(context)) is not { CurrentAvailablePermits: <= 0 };
    }

    /// <summary>Counts a failed attempt against this client.</summary>
    public void Failed(HttpContext context)
    {
        if (enabled)
        {
            failures.AttemptAcquire(ClientKey(context), 1).Dispose();
        }
    }

    /// <summary>The name a client is counted under: a keyed hash of its address (null addresses share one
    /// name).</summary>
    public string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        var bytes = address is null
            ? []
            : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).GetAddressBytes();
        return Convert.ToBase64String(HMACSHA256.HashData(key, bytes).AsSpan(0, 16));
    }

    public void Dispose() => failures.Dispose();

    /// <summary>Registers the limits, the rate-limiter policy and which proxy is believed about the client.</summary>
    public static IServiceCollection AddSignInLimits(IServiceCollection services, CaseworkOptions options)
    {
        services.AddSingleton<SignInLimits>();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only from the proxy on this machine (the defaults trust loopback alone), and only its own last hop.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => PostsOf(context, options));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> PostsOf(HttpContext context, CaseworkOptions options)
    {
        if (!options.RateLimits || !HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var client = context.RequestServices.GetRequiredService<SignInLimits>().ClientKey(context);
        return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = PostBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 1;
        await TooManyAsync(rejected.HttpContext, Math.Max(1, seconds), cancellationToken);
    }

    /// <summary>Answers 429 with <c>Retry-After</c> and a plain page in the person's language.</summary>
    public static async Task TooManyAsync(HttpContext context, int seconds, CancellationToken cancellationToken)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<StaffText>>();
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/html; charset=utf-8";
        var message = WebUtility.HtmlEncode(text["SignIn.TooMany", seconds]);
        await context.Response.WriteAsync(
            $"<!doctype html><html><meta charset=\"utf-8\"><title>429</title><main><h1>429</h1><p "
                + $"id=\"too-many\">{message}</p></main></html>",
            cancellationToken
        );
    }
}
