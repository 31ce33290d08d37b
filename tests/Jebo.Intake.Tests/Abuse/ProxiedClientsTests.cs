using System.Net;
using System.Net.Http.Json;
using Jebo.Intake.Abuse;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

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
            Content = JsonContent.Create(new
            {
                language = "ko",
                category = "unclear",
                region = "unclear",
                reporter = new { anonymous = true },
                facts = new { description = $"시장 상인들에게 보호비를 걷는 조직이 있습니다 제보 번호 {n} 입니다" },
            }),
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
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ReportAsync(platform, 101, "203.0.113.50, 198.51.100.1")).StatusCode);
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
        await ChallengeAsync(platform, forwardedFor: null);
        Assert.True(spread.LooksLikeOneClient);
        var warning = Assert.Single(platform.LogLines, line => line.Contains("came from one client address", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("--trusted-proxy", warning, StringComparison.Ordinal);

        // The header put back: reporters are told apart again.
        for (var n = 1; n <= 10; n++)
        {
            await ChallengeAsync(platform, $"198.51.100.{n}");
        }

        Assert.False(spread.LooksLikeOneClient);
        Assert.Contains(platform.LogLines, line => line.Contains("many client addresses again", StringComparison.Ordinal));
        Assert.DoesNotContain(platform.LogLines, line => line.Contains("127.0.0.1", StringComparison.Ordinal) || line.Contains("198.51.100.", StringComparison.Ordinal));
    }
}
