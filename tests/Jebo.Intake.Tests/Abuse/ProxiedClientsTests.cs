using System.Net;
using System.Net.Http.Json;
using Jebo.Intake.Abuse;
using Jebo.Storage.Monitoring;
using Jebo.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jebo.Intake.Tests.Abuse;

/// <summary>Per-client limits behind the operator's reverse proxy, through real HTTP on loopback: the proxy's header
/// counts only from the proxy (<c>--trusted-proxy</c>), and a proxy that passes no address is noticed and reported.
/// </summary>
public sealed class ProxiedClientsTests
{
    private const string ForwardedFor = IntakeOptions.DefaultClientAddressHeader;

    private static Task<TestPlatform> StartAsync(params string[] arguments) =>
        TestPlatform.StartAsync(new TestPlatformOptions { Loopback = true }, arguments);

    private static Task<HttpResponseMessage> ReportAsync(TestPlatform platform, int n, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports")
        {
            Content = JsonContent.Create(
                new
                {
                    language = "ko",
                    category = "unclear",
                    region = "unclear",
                    reporter = new { anonymous = true },
                    facts = new { description = $"시장 상인들에게 보호비를 걷는 조직이 있습니다 제보 번호 {n} 입니다" },
                }
            ),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add(ForwardedFor, forwardedFor);
        }

        return platform.Intake.SendAsync(request);
    }

    private static Task<HttpResponseMessage> ChallengeAsync(TestPlatform platform, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/challenge");
        if (forwardedFor is not null)
        {
            request.Headers.Add(ForwardedFor, forwardedFor);
        }

        return platform.Intake.SendAsync(request);
    }

    /// <summary>What the management address's <c>/readyz</c> says now, its clients line first (a fresh report, not the
    /// two-second cache).</summary>
    private static async Task<string> ReadinessAsync(TestPlatform platform)
    {
        var services = platform.IntakeApp.Services;
        var report = await services
            .GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Name == ClientSpreadCheck.Name, TestContext.Current.CancellationToken);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        await Readiness.Detailed(report).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return await new StreamReader(context.Response.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_reporter_has_an_own_limit_that_a_prepended_address_cannot_escape()
    {
        await using var platform = await StartAsync("--trusted-proxy", "127.0.0.1");
        var allowance = platform.Settings.Intake.Abuse.UnprovenSubmissionsPerClientPerHour;
        for (var n = 0; n < allowance; n++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ReportAsync(platform, n, "198.51.100.1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ReportAsync(platform, 100, "198.51.100.1")).StatusCode);
        // Whatever the client wrote before the proxy's own value is the client's word, not its address.
        Assert.Equal(
            HttpStatusCode.TooManyRequests,
            (await ReportAsync(platform, 101, "203.0.113.50, 198.51.100.1")).StatusCode
        );
        // Another reporter behind the same proxy is not held by the first one's limit.
        Assert.Equal(HttpStatusCode.Created, (await ReportAsync(platform, 102, "198.51.100.2")).StatusCode);
    }

    [Fact]
    public async Task A_forwarding_header_from_anyone_but_the_trusted_proxy_changes_no_limit()
    {
        // Intake believes only 192.0.2.1; this client reaches it directly and writes the header itself.
        await using var platform = await StartAsync("--trusted-proxy", "192.0.2.1");
        var allowance = platform.Settings.Intake.Abuse.UnprovenSubmissionsPerClientPerHour;
        for (var n = 0; n < allowance; n++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ReportAsync(platform, n, $"198.51.100.{n + 1}")).StatusCode);
        }

        // A fresh address in the header neither resets the sender's limit nor makes it someone else.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ReportAsync(platform, 100, "198.51.100.200")).StatusCode);
    }

    [Fact]
    public async Task Nearly_every_request_from_one_address_is_warned_of_without_the_address_and_cleared_when_spread()
    {
        await using var platform = await StartAsync("--trusted-proxy", "127.0.0.1");
        var spread = platform.IntakeApp.Services.GetRequiredService<ClientSpread>();

        // The proxy forgot the header: every request is the proxy's own.
        for (var n = 0; n < ClientSpread.MinimumRequests - 1; n++)
        {
            await ChallengeAsync(platform, forwardedFor: null);
        }

        Assert.False(spread.LooksLikeOneClient, "too few requests to say anything");
        Assert.StartsWith("ready\nclients: ok", await ReadinessAsync(platform), StringComparison.Ordinal);
        await ChallengeAsync(platform, forwardedFor: null);
        Assert.True(spread.LooksLikeOneClient);

        // Readiness warns on the management address and the node stays ready: a flooder cannot take it out of service.
        var readiness = await ReadinessAsync(platform);
        Assert.StartsWith("ready\n", readiness, StringComparison.Ordinal);
        const string Warning = "clients: warning (one client address sent nearly all of the last hour's requests";
        Assert.Contains(Warning, readiness, StringComparison.Ordinal);
        Assert.Contains("--trusted-proxy", readiness, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", readiness, StringComparison.Ordinal);
        Assert.Equal("ready\n", await platform.Intake.GetStringAsync("/readyz"));
        var warning = Assert.Single(platform.LogLines, line =>
            line.Contains("came from one client address", StringComparison.Ordinal)
        );
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("--trusted-proxy", warning, StringComparison.Ordinal);

        // The header put back: reporters are told apart again.
        for (var n = 1; n <= 10; n++)
        {
            await ChallengeAsync(platform, $"198.51.100.{n}");
        }

        Assert.False(spread.LooksLikeOneClient);
        Assert.Contains("clients: ok", await ReadinessAsync(platform), StringComparison.Ordinal);
        Assert.Contains(platform.LogLines, line =>
            line.Contains("many client addresses again", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(platform.LogLines, line =>
            line.Contains("127.0.0.1", StringComparison.Ordinal)
            || line.Contains("198.51.100.", StringComparison.Ordinal)
        );
    }
}
