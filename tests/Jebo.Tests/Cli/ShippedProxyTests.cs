using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Jebo.Intake;
using Jebo.Testing;

namespace Jebo.Tests.Cli;

/// <summary>The shipped TLS proxies (deploy/nginx, deploy/caddy) and intake's shipped environment file
/// (deploy/systemd/intake.env.example) fit together: the proxies pass each reporter's address in the one header intake
/// reads, set from the connection rather than appended to what the client sent, and the environment file names the
/// proxies' address as the one intake believes it from. Started with that file's setting, intake counts reporters
/// behind the proxy apart; without it, as one client, and says so.</summary>
public sealed class ShippedProxyTests
{
    private static string Deploy(params string[] path) =>
        File.ReadAllText(Path.Combine([TestRepository.Root, "deploy", .. path]));

    private static string TrustedProxy =>
        Assert
            .Single(Deploy("systemd", "intake.env.example").Split('\n'), l =>
                l.StartsWith("JEBO_TRUSTED_PROXY=", StringComparison.Ordinal)
            )["JEBO_TRUSTED_PROXY=".Length..]
            .Trim();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void Both_proxies_pass_the_clients_address_in_intakes_header_from_where_intake_believes_it()
    {
        const string Header = IntakeOptions.DefaultClientAddressHeader;
        Assert.DoesNotContain(
            "JEBO_CLIENT_ADDRESS_HEADER",
            Deploy("systemd", "intake.env.example"),
            StringComparison.Ordinal
        );
        Assert.Equal("127.0.0.1", TrustedProxy);
        var listens = Regex.Match(Deploy("systemd", "jebo-intake.service"), @"JEBO_INTAKE_URL=http://([\d.:]+)").Groups[
            1
        ];
        Assert.Equal("127.0.0.1:5080", listens.Value);

        var nginx = Deploy("nginx", "jebo-intake.conf");
        // The address of the connection, overwriting the client's own header; never appended to it.
        Assert.Matches($@"(?m)^\s*proxy_set_header {Header} \$remote_addr;", nginx);
        Assert.DoesNotContain("$proxy_add_x_forwarded_for", nginx, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s*proxy_set_header X-Real-IP", nginx);
        Assert.Contains($"server {listens.Value}", nginx, StringComparison.Ordinal);
        var servers = Regex.Count(nginx, @"(?m)^\s*server\s*\{");
        Assert.Equal(servers, Regex.Count(nginx, @"(?m)^\s*access_log off;"));

        var caddy = Deploy("caddy", "Caddyfile");
        Assert.Matches($@"(?m)^\s*header_up {Header} \{{remote_host\}}$", caddy);
        Assert.Contains($"reverse_proxy {listens.Value}", caddy, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s*log\b", caddy);
    }

    [Fact]
    public async Task Started_with_the_shipped_environment_intake_tells_reporters_behind_the_proxy_apart()
    {
        using var casework = await OperatorFolder.InitAsync("--zone", "casework");
        using var intake = await OperatorFolder.InitAsync("--zone", "intake");
        await casework.RunAsync("keys", "export", "--to", intake.Path("stick"));
        await intake.RunAsync("keys", "install", "--from", intake.Path("stick"));

        // What the proxies send: each reporter's own address in the header, from the proxy on this machine.
        Assert.Contains(
            "clients: ok",
            await ReadinessAfterLookupsAsync(intake, ["--trusted-proxy", TrustedProxy]),
            StringComparison.Ordinal
        );
        // The same requests to an intake that believes no proxy: one client, and readiness says what is wrong.
        Assert.Contains(
            "clients: warning (one client address sent nearly all of the last hour's requests: a proxy that passes no "
                + "client address or is not named with --trusted-proxy",
            await ReadinessAfterLookupsAsync(intake, []),
            StringComparison.Ordinal
        );
    }

    /// <summary>Starts <c>jebo intake</c> on the folder, sends it as many receipt look-ups as it needs to judge,
    /// each from another reporter by the proxies' header, and returns its management readiness.</summary>
    private static async Task<string> ReadinessAfterLookupsAsync(OperatorFolder site, string[] options)
    {
        var url = OperatorFolder.FreeAddress();
        var admin = OperatorFolder.FreeAddress();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = site.TryAsync(
            null,
            ["intake", "--intake-url", url, "--intake-admin-url", admin, .. options],
            stop.Token
        );
        await VerbsOnAnOperatorsFolderTests.AssertServesAsync(url, running);
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        for (var n = 0; n < Jebo.Intake.Abuse.ClientSpread.MinimumRequests; n++)
        {
            using var lookup = new HttpRequestMessage(HttpMethod.Post, "/api/v1/status")
            {
                Content = JsonContent.Create(new { receipt = "Z814-C6ZN-00RF-Z8Y9-8S4K" }),
            };
            lookup.Headers.Add(IntakeOptions.DefaultClientAddressHeader, $"198.51.{n / 200}.{n % 200 + 1}");
            using var answer = await http.SendAsync(lookup, Cancel);
        }

        var readiness = await http.GetStringAsync(new Uri(admin + "/readyz"), Cancel);
        await stop.CancelAsync();
        var (exit, _, error) = await running;
        Assert.True(exit == 0, error);
        return readiness;
    }
}
