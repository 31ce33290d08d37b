using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Jebo.Intake.Abuse;
using Jebo.Intake.Transfer;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Tests.EndToEnd;

/// <summary>Proof of privacy: whatever a reporter does, and however the defences answer, neither their address nor
/// their user agent is left in any log line, database file or spool file.</summary>
public sealed class PrivacyTests
{
    private const string Address = "127.0.0.77";

    /// <summary>An HTTP client whose connections leave from 127.0.0.77, with a user agent no one else sends.</summary>
    private static HttpClient ClientFrom(IPAddress local, Uri server, string userAgent)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                {
                    NoDelay = true,
                };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = server };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    private static object Report(string description) =>
        new
        {
            language = "ko",
            category = "unclear",
            region = "26380",
            reporter = new { anonymous = true },
            facts = new { description },
        };

    [Theory]
    [DatabaseProviders]
    public async Task No_trace_of_the_reporters_address_or_user_agent_is_left_anywhere(string provider)
    {
        var abuse = AbuseSettings.Defaults with
        {
            BaseDifficulty = 8,
            FreeFailures = 2,
            BlockAfterFailures = 4,
            DelayPerFailure = TimeSpan.FromMilliseconds(20),
        };
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Loopback = true,
                Abuse = abuse,
            }
        );
        var userAgent = $"PrivacyProbe/9.{Random.Shared.Next(100, 999)} (distinctive-{Guid.NewGuid():n})";
        using var reporter = ClientFrom(IPAddress.Parse(Address), platform.IntakeAddress, userAgent);

        // An honest reporter: a report, a proof-of-work report, look-ups, a follow-up.
        var created = await reporter.PostAsJsonAsync(
            "/api/v1/reports",
            Report("사하구 시장에서 조직폭력배가 보호비를 걷습니다")
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var receipt = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetString()!;
        var challenge = await reporter.GetFromJsonAsync<JsonElement>("/api/v1/challenge");
        var proof = SolveProof(
            challenge.GetProperty("challenge").GetString()!,
            challenge.GetProperty("difficulty").GetInt32()
        );
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports")
        {
            Content = JsonContent.Create(Report("같은 조직이 도박장도 운영합니다")),
        };
        request.Headers.Add(ProofOfWork.Header, proof);
        Assert.Equal(HttpStatusCode.Created, (await reporter.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reporter.PostAsJsonAsync("/api/v1/status", new { receipt })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await reporter.PostAsJsonAsync(
                    "/api/v1/followups",
                    new { receipt, text = "차량은 검은색 승용차입니다" }
                )
            ).StatusCode
        );

        // Then everything the defences answer: a repeat, failed look-ups until blocked, a flood until limited.
        Assert.Equal(
            HttpStatusCode.Conflict,
            (
                await reporter.PostAsJsonAsync(
                    "/api/v1/reports",
                    Report("사하구 시장에서 조직폭력배가 보호비를 걷습니다")
                )
            ).StatusCode
        );
        var lookups = new List<HttpStatusCode>();
        for (var i = 0; i < abuse.BlockAfterFailures + 1; i++)
        {
            lookups.Add(
                (
                    await reporter.PostAsJsonAsync("/api/v1/status", new { receipt = $"ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ{i}" })
                ).StatusCode
            );
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, lookups[^1]);
        var flood = new List<HttpStatusCode>();
        for (var i = 0; i < abuse.UnprovenSubmissionsPerClientPerHour + 1; i++)
        {
            flood.Add((await reporter.PostAsJsonAsync("/api/v1/reports", Report($"flood {i} 조직 신고"))).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, flood);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await reporter.PostAsJsonAsync("/api/v1/reports", "not a report")).StatusCode
        );

        // Across the gap and into a case someone opens, so every database and the spool hold what they would. The
        // spool is read as intake wrote it, since casework deletes what it has imported.
        await platform.IntakeApp.Services.GetRequiredService<IntakeTransferPump>().RunOnceAsync(CancellationToken.None);
        var spooled = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in platform.Files("transfer"))
        {
            spooled[file] = await File.ReadAllBytesAsync(file);
        }

        Assert.NotEmpty(spooled);
        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("nat-sup", "national", "supervisor"); // administrators read no case
        var cases = await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases");
        Assert.True(cases.GetProperty("total").GetInt32() >= 2);
        await staff.GetStringAsync($"/api/v1/cases/{cases.GetProperty("items")[0].GetProperty("id").GetString()}");

        var needles = new[] { Address, userAgent, "PrivacyProbe" };
        foreach (var line in platform.LogLines)
        {
            Assert.All(needles, needle => Assert.DoesNotContain(needle, line, StringComparison.OrdinalIgnoreCase));
        }

        var files = platform.Files().ToList();
        if (provider == TestDatabases.Sqlite)
        {
            Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        }

        foreach (var file in files)
        {
            try
            {
                spooled[file + " (at the end)"] = await File.ReadAllBytesAsync(file);
            }
            catch (FileNotFoundException)
            {
                // SQLite removes a -shm or -wal file when its last connection closes; gone, it keeps nothing.
            }
        }

        // On PostgreSQL the databases are not files here: every column of every table is read instead.
        var stored = await platform.PostgresContentsAsync();
        Assert.Equal(provider == TestDatabases.PostgreSql, stored.Count > 0);
        foreach (var (column, bytes) in stored)
        {
            spooled[column] = bytes;
        }

        foreach (var (file, bytes) in spooled)
        {
            foreach (var needle in needles)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(needle)), $"'{needle}' stands in {file}");
                Assert.False(
                    Contains(bytes, Encoding.Unicode.GetBytes(needle)),
                    $"'{needle}' stands in {file} (UTF-16)"
                );
            }
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static string SolveProof(string challenge, int difficulty)
    {
        for (var n = 0; ; n++)
        {
            var nonce = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ProofOfWork.LeadingZeroBits(challenge, nonce) >= difficulty)
            {
                return challenge + ":" + nonce;
            }
        }
    }
}
