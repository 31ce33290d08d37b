using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Intake.Abuse;
using Jebo.Intake.Api;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Abuse;

/// <summary>Every limit and signal through the public API, as a reporter or a flood meets it.</summary>
public sealed class AbuseApiTests
{
    private const string ForwardedFor = "X-Forwarded-For";
    private const string ReceiptPattern = "[0-9A-Z]{4}(-[0-9A-Z]{4}){4}";

    /// <summary>Quick proofs, so tests do not spend their time hashing.</summary>
    private static readonly AbuseSettings Easy = AbuseSettings.Defaults with { BaseDifficulty = 6, MaxDifficulty = 8 };

    /// <summary>A platform whose intake, on loopback, believes X-Forwarded-For from loopback as it would from its
    /// proxy, so one test can speak as many clients.</summary>
    private static Task<TestPlatform> StartAsync(
        string provider,
        AbuseSettings? abuse = null,
        params string[] arguments
    ) =>
        TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Abuse = abuse ?? Easy,
                Loopback = true,
            },
            ["--trusted-proxy", "127.0.0.1", .. arguments]
        );

    private static Dictionary<string, object?> Report(
        string description,
        string? website = null,
        string? proof = null
    ) =>
        new Dictionary<string, object?>
        {
            ["language"] = "ko",
            ["category"] = "unclear",
            ["region"] = "unclear",
            ["reporter"] = new { anonymous = true },
            ["facts"] = new { description },
            [SpamSignals.HoneypotField] = website,
            ["proof"] = proof,
        }
            .Where(p => p.Value is not null)
            .ToDictionary();

    private static Task<HttpResponseMessage> PostAsync(
        TestPlatform platform,
        string path,
        object body,
        string client = "198.51.100.1",
        string? proofHeader = null
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ForwardedFor, client);
        if (proofHeader is not null)
        {
            request.Headers.Add(ProofOfWork.Header, proofHeader);
        }

        return platform.Intake.SendAsync(request);
    }

    private static async Task<string> ProofAsync(TestPlatform platform, string client = "198.51.100.1")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/challenge");
        request.Headers.Add(ForwardedFor, client);
        var response = await platform.Intake.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var challenge = new Challenge(
            body.GetProperty("challenge").GetString()!,
            body.GetProperty("difficulty").GetInt32(),
            body.GetProperty("expiresAt").GetDateTimeOffset()
        );
        return ProofOfWorkTests.Solve(challenge);
    }

    private static async Task<string> ReceiptOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetString()!;
    }

    private static void AssertHeld(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "no Retry-After in seconds");
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_honest_reporter_without_javascript_never_meets_a_limit(string provider)
    {
        // The production default: no forwarding header believed, default limits, no proof of work.
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await ReceiptOf(
            await platform.Intake.PostAsJsonAsync(
                "/api/v1/reports",
                Report("시장 상인들에게 매달 보호비를 걷는 조직이 있습니다")
            )
        );
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(
                HttpStatusCode.OK,
                (await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })).StatusCode
            );
        }

        var typo = receipt[..^1] + (receipt[^1] == 'X' ? 'Y' : 'X');
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt = typo })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await platform.Intake.PostAsJsonAsync(
                    "/api/v1/followups",
                    new { receipt, text = "차량 번호는 12가 3456 입니다" }
                )
            ).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt = receipt.ToLowerInvariant() })
            ).StatusCode
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_honest_reporter_with_a_proof_of_work_never_meets_a_limit(string provider)
    {
        await using var platform = await StartAsync(provider);
        var receipt = await ReceiptOf(
            await PostAsync(
                platform,
                "/api/v1/reports",
                Report("불법 도박장이 지하에서 운영됩니다"),
                proofHeader: await ProofAsync(platform)
            )
        );
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(platform, "/api/v1/status", new { receipt })).StatusCode);
        var followUp = await PostAsync(
            platform,
            "/api/v1/followups",
            new
            {
                receipt,
                text = "운영 시간은 밤 11시부터입니다",
                proof = await ProofAsync(platform),
            }
        );
        Assert.Equal(HttpStatusCode.Accepted, followUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(platform, "/api/v1/status", new { receipt })).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_flood_without_proof_meets_429_with_Retry_After_while_another_client_is_untouched(
        string provider
    )
    {
        await using var platform = await StartAsync(provider);
        for (var i = 0; i < Easy.UnprovenSubmissionsPerClientPerHour; i++)
        {
            await ReceiptOf(
                await PostAsync(
                    platform,
                    "/api/v1/reports",
                    Report($"flood {i} 조직폭력배 신고"),
                    client: "203.0.113.5"
                )
            );
        }

        var held = await PostAsync(
            platform,
            "/api/v1/reports",
            Report("flood again 조직폭력배 신고"),
            client: "203.0.113.5"
        );
        AssertHeld(held, HttpStatusCode.TooManyRequests);
        Assert.DoesNotMatch(ReceiptPattern, await held.Content.ReadAsStringAsync());
        await ReceiptOf(
            await PostAsync(platform, "/api/v1/reports", Report("다른 사람의 제보입니다"), client: "203.0.113.6")
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task With_proof_a_client_may_send_more_but_not_without_end(string provider)
    {
        await using var platform = await StartAsync(provider);
        for (var i = 0; i < Easy.ProvenSubmissionsPerClientPerHour; i++)
        {
            await ReceiptOf(
                await PostAsync(
                    platform,
                    "/api/v1/reports",
                    Report($"proven {i} 조직폭력배 신고", proof: await ProofAsync(platform))
                )
            );
        }

        AssertHeld(
            await PostAsync(
                platform,
                "/api/v1/reports",
                Report("proven again 조직폭력배 신고", proof: await ProofAsync(platform))
            ),
            HttpStatusCode.TooManyRequests
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Without_a_configured_header_a_forged_forwarding_header_does_not_make_a_new_client(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < AbuseSettings.Defaults.UnprovenSubmissionsPerClientPerHour + 1; i++)
        {
            answers.Add(
                (
                    await PostAsync(
                        platform,
                        "/api/v1/reports",
                        Report($"forged {i} 조직폭력배 신고"),
                        client: $"192.0.2.{i}"
                    )
                ).StatusCode
            );
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_same_content_twice_answers_409_without_any_receipt(string provider)
    {
        await using var platform = await StartAsync(provider);
        await ReceiptOf(
            await PostAsync(platform, "/api/v1/reports", Report("불법 사채업자들이 폭력적으로 채무를 추심합니다"))
        );
        var again = await PostAsync(
            platform,
            "/api/v1/reports",
            Report("불법 사채업자들이 폭력적으로  채무를 추심합니다!"),
            client: "198.51.100.99"
        );
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotMatch(ReceiptPattern, await again.Content.ReadAsStringAsync());
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(1, db.Reports.Count());
    }

    [Theory]
    [DatabaseProviders("en", "Too many requests", "A report with the same content")]
    [DatabaseProviders("zh", "过多请求", "内容相同的举报")]
    [DatabaseProviders("ko", "너무 많은 요청", "같은 내용의 제보")]
    public async Task Held_and_repeated_requests_are_told_why_in_the_reporters_language(
        string provider,
        string language,
        string limited,
        string repeat
    )
    {
        await using var platform = await StartAsync(provider, Easy with { UnprovenSubmissionsPerClientPerHour = 1 });
        platform.Intake.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await ReceiptOf(await PostAsync(platform, "/api/v1/reports", Report("항구에서 밀수 조직이 활동합니다")));
        var held = await PostAsync(platform, "/api/v1/reports", Report("다른 제보 조직 신고"));
        AssertHeld(held, HttpStatusCode.TooManyRequests);
        Assert.Contains(
            limited,
            (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(),
            StringComparison.Ordinal
        );
        var again = await PostAsync(
            platform,
            "/api/v1/reports",
            Report("항구에서 밀수 조직이 활동합니다"),
            client: "198.51.100.200"
        );
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(
            repeat,
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Guessing_receipts_is_slowed_then_blocked_and_the_block_hides_known_receipts_too(string provider)
    {
        var settings = Easy with
        {
            FreeFailures = 2,
            BlockAfterFailures = 5,
            DelayPerFailure = TimeSpan.FromMilliseconds(300),
        };
        await using var platform = await StartAsync(provider, settings);
        var receipt = await ReceiptOf(
            await PostAsync(platform, "/api/v1/reports", Report("마약 유통 조직을 신고합니다"), client: "198.51.100.2")
        );
        var guesser = "203.0.113.66";
        var elapsed = new List<TimeSpan>();
        for (var i = 0; i < settings.BlockAfterFailures; i++)
        {
            var clock = Stopwatch.StartNew();
            var guess = await PostAsync(
                platform,
                "/api/v1/status",
                new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ" + i },
                client: guesser
            );
            elapsed.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        }

        // Past the free failures, each guess waited (a lower bound, so a slow machine cannot fail it).
        Assert.True(elapsed[^1] >= TimeSpan.FromMilliseconds(800), $"the last guess took only {elapsed[^1]}");
        AssertHeld(
            await PostAsync(platform, "/api/v1/status", new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ" }, client: guesser),
            HttpStatusCode.TooManyRequests
        );
        AssertHeld(
            await PostAsync(platform, "/api/v1/status", new { receipt }, client: guesser),
            HttpStatusCode.TooManyRequests
        );
        AssertHeld(
            await PostAsync(platform, "/api/v1/followups", new { receipt, text = "추가 정보" }, client: guesser),
            HttpStatusCode.TooManyRequests
        );
        Assert.Equal(
            HttpStatusCode.OK,
            (await PostAsync(platform, "/api/v1/status", new { receipt }, client: "198.51.100.2")).StatusCode
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Failed_follow_ups_count_as_guesses(string provider)
    {
        var settings = Easy with
        {
            FreeFailures = 1,
            BlockAfterFailures = 3,
            DelayPerFailure = TimeSpan.FromMilliseconds(10),
        };
        await using var platform = await StartAsync(provider, settings);
        for (var i = 0; i < settings.BlockAfterFailures; i++)
        {
            var answer = await PostAsync(
                platform,
                "/api/v1/followups",
                new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ" + i, text = "추가 정보 " + i },
                client: "203.0.113.67"
            );
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }

        AssertHeld(
            await PostAsync(
                platform,
                "/api/v1/status",
                new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ" },
                client: "203.0.113.67"
            ),
            HttpStatusCode.TooManyRequests
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Past_the_whole_intakes_failure_allowance_every_look_up_answers_503(string provider)
    {
        await using var platform = await StartAsync(provider, Easy with { FailuresPerHour = 3 });
        var receipt = await ReceiptOf(
            await PostAsync(platform, "/api/v1/reports", Report("밀수 조직 신고합니다"), client: "198.51.100.3")
        );
        for (var i = 0; i < 3; i++)
        {
            var guess = await PostAsync(
                platform,
                "/api/v1/status",
                new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ" + i },
                client: $"10.0.0.{i + 1}"
            );
            Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        }

        AssertHeld(
            await PostAsync(
                platform,
                "/api/v1/status",
                new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ" },
                client: "10.0.0.9"
            ),
            HttpStatusCode.ServiceUnavailable
        );
        AssertHeld(
            await PostAsync(platform, "/api/v1/status", new { receipt }, client: "198.51.100.3"),
            HttpStatusCode.ServiceUnavailable
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task One_receipt_looked_up_too_often_is_held_whoever_asks(string provider)
    {
        await using var platform = await StartAsync(provider, Easy with { LookupsPerReceiptPerHour = 3 });
        var receipt = await ReceiptOf(
            await PostAsync(platform, "/api/v1/reports", Report("보이스피싱 조직 사무실 위치"))
        );
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(
                HttpStatusCode.OK,
                (
                    await PostAsync(platform, "/api/v1/status", new { receipt }, client: $"198.51.100.{10 + i}")
                ).StatusCode
            );
        }

        AssertHeld(
            await PostAsync(platform, "/api/v1/status", new { receipt }, client: "198.51.100.20"),
            HttpStatusCode.TooManyRequests
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Follow_ups_on_one_receipt_are_limited(string provider)
    {
        await using var platform = await StartAsync(provider, Easy with { FollowUpsPerReceiptPerHour = 2 });
        var receipt = await ReceiptOf(await PostAsync(platform, "/api/v1/reports", Report("불법 오락실 운영")));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(
                HttpStatusCode.Accepted,
                (
                    await PostAsync(
                        platform,
                        "/api/v1/followups",
                        new { receipt, text = "추가 " + i },
                        client: $"198.51.100.{30 + i}"
                    )
                ).StatusCode
            );
        }

        AssertHeld(
            await PostAsync(platform, "/api/v1/followups", new { receipt, text = "추가 2" }, client: "198.51.100.40"),
            HttpStatusCode.TooManyRequests
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Contact_details_count_against_the_receipt_s_follow_up_limit_and_repeat_409(string provider)
    {
        // The repeat is counted too: it is refused only after the limit took it.
        await using var platform = await StartAsync(provider, Easy with { FollowUpsPerReceiptPerHour = 3 });
        var receipt = await ReceiptOf(await PostAsync(platform, "/api/v1/reports", Report("불법 오락실 운영 제보")));
        var contact = new
        {
            receipt,
            phone = "010-2222-3333",
            contactConsent = true,
        };
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await PostAsync(platform, "/api/v1/contact", contact, client: "198.51.100.60")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await PostAsync(platform, "/api/v1/contact", contact, client: "198.51.100.61")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await PostAsync(
                    platform,
                    "/api/v1/followups",
                    new { receipt, protection = true },
                    client: "198.51.100.62"
                )
            ).StatusCode
        );
        AssertHeld(
            await PostAsync(
                platform,
                "/api/v1/contact",
                contact with
                {
                    phone = "010-4444-5555",
                },
                client: "198.51.100.63"
            ),
            HttpStatusCode.TooManyRequests
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_same_follow_up_twice_answers_409(string provider)
    {
        await using var platform = await StartAsync(provider);
        var receipt = await ReceiptOf(await PostAsync(platform, "/api/v1/reports", Report("불법 오락실 운영 신고")));
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await PostAsync(platform, "/api/v1/followups", new { receipt, text = "위치는 역 앞입니다" })).StatusCode
        );
        var again = await PostAsync(platform, "/api/v1/followups", new { receipt, text = "위치는 역 앞입니다" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Past_its_hourly_capacity_the_whole_intake_answers_503_with_Retry_After(string provider)
    {
        await using var platform = await StartAsync(provider, Easy with { UnprovenSubmissionsPerHour = 3 });
        for (var i = 0; i < 3; i++)
        {
            await ReceiptOf(
                await PostAsync(
                    platform,
                    "/api/v1/reports",
                    Report($"capacity {i} 조직 신고"),
                    client: $"198.51.100.{50 + i}"
                )
            );
        }

        AssertHeld(
            await PostAsync(platform, "/api/v1/reports", Report("capacity 3 조직 신고"), client: "198.51.100.60"),
            HttpStatusCode.ServiceUnavailable
        );

        // Reports with a proof of work have their own, larger allowance.
        await ReceiptOf(
            await PostAsync(
                platform,
                "/api/v1/reports",
                Report("capacity proven 조직 신고", proof: await ProofAsync(platform)),
                client: "198.51.100.61"
            )
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_client_over_its_request_ceiling_is_refused_before_its_body_is_read(string provider)
    {
        await using var platform = await StartAsync(provider, Easy with { SubmitRequestsPerClientPerMinute = 3 });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(
                HttpStatusCode.BadRequest,
                (await PostAsync(platform, "/api/v1/reports", new { nonsense = i })).StatusCode
            );
        }

        AssertHeld(await PostAsync(platform, "/api/v1/reports", new { nonsense = 3 }), HttpStatusCode.TooManyRequests);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Past_capacity_intake_sheds_at_once_and_keeps_every_report_it_acknowledged(string provider)
    {
        // On Kestrel, as in production: the request is taken up when its headers arrive, before its body.
        var options = new TestPlatformOptions
        {
            Provider = provider,
            Abuse = Easy with { SubmitConcurrency = 1, QueueLength = 0 },
            Loopback = true,
        };
        await using var platform = await TestPlatform.StartAsync(options, "--trusted-proxy", "127.0.0.1");
        // A report whose headers and first bytes are sent by hand, the rest held back: a report in flight.
        var body = JsonSerializer.SerializeToUtf8Bytes(Report("천천히 보내는 제보입니다 조직 신고"));
        async Task<System.Net.Sockets.TcpClient> StartSlowReportAsync()
        {
            var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(platform.IntakeAddress.Host, platform.IntakeAddress.Port);
            var head =
                $"POST /api/v1/reports HTTP/1.1\r\nHost: {platform.IntakeAddress.Authority}\r\nContent-Type: "
                + $"application/json\r\nContent-Length: {body.Length}\r\n{ForwardedFor}: 198.51.100.70\r\nConnection: "
                + $"close\r\n\r\n";
            await client.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
            await client.GetStream().WriteAsync(body.AsMemory(0, 10));
            return client;
        }

        // Wait until the server holds the slow report in its only slot: an empty body is answered 400 while a slot is
        // free, and shed once none is. If a probe took the slot first, the slow report itself was shed (answered at
        // once): send it again.
        var slow = await StartSlowReportAsync();
        var clock = Stopwatch.StartNew();
        HttpResponseMessage probe;
        var n = 0;
        do
        {
            probe = await PostAsync(platform, "/api/v1/reports", new { }, client: $"10.1.{n / 250}.{(n % 250) + 1}");
            n++;
            if (probe.StatusCode == HttpStatusCode.BadRequest && slow.Available > 0)
            {
                slow.Dispose();
                slow = await StartSlowReportAsync();
            }
        } while (probe.StatusCode == HttpStatusCode.BadRequest && clock.Elapsed < TimeSpan.FromSeconds(30));

        AssertHeld(probe, HttpStatusCode.ServiceUnavailable);
        AssertHeld(
            await PostAsync(platform, "/api/v1/reports", Report("동시에 보낸 제보 조직 신고"), client: "198.51.100.71"),
            HttpStatusCode.ServiceUnavailable
        );

        await slow.GetStream().WriteAsync(body.AsMemory(10));
        var answer = await new StreamReader(slow.GetStream()).ReadToEndAsync();
        slow.Dispose();
        Assert.StartsWith("HTTP/1.1 201", answer, StringComparison.Ordinal);
        var receipt = System.Text.RegularExpressions.Regex.Match(answer, ReceiptPattern).Value;
        Assert.Equal(
            HttpStatusCode.OK,
            (await PostAsync(platform, "/api/v1/status", new { receipt }, client: "198.51.100.250")).StatusCode
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task With_rate_limits_off_nothing_is_held_back_for_a_benchmark(string provider)
    {
        await using var platform = await StartAsync(provider, null, "--rate-limits", "off");
        for (var i = 0; i < 12; i++)
        {
            await ReceiptOf(await PostAsync(platform, "/api/v1/reports", Report("같은 내용의 벤치마크 제보")));
        }

        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(
                HttpStatusCode.NotFound,
                (await PostAsync(platform, "/api/v1/status", new { receipt = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ" })).StatusCode
            );
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Boilerplate_is_refused_with_a_reason_and_costs_no_allowance(string provider)
    {
        await using var platform = await StartAsync(provider);
        for (var i = 0; i < Easy.UnprovenSubmissionsPerClientPerHour + 1; i++)
        {
            var test = await PostAsync(platform, "/api/v1/reports", Report("test"));
            Assert.Equal(HttpStatusCode.BadRequest, test.StatusCode);
            var errors = (await test.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("facts.description", out _));
        }

        await ReceiptOf(await PostAsync(platform, "/api/v1/reports", Report("이제 진짜 제보를 합니다 조직폭력")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Spam_marks_travel_sealed_to_casework_and_are_shown_in_the_case(string provider)
    {
        await using var platform = await StartAsync(provider);
        var links = string.Join(' ', Enumerable.Range(0, 6).Select(i => $"https://spam{i}.example"));
        await ReceiptOf(
            await PostAsync(platform, "/api/v1/reports", Report("싸게 팝니다 " + links, website: "http://bot.example"))
        );
        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("nat-screener", "national", "screener");
        var id = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        var report = detail.GetProperty("reports")[0];
        Assert.Equal(
            ["honeypot", "links:6"],
            report.GetProperty("marks").EnumerateArray().Select(m => m.GetString() ?? "").ToArray()
        );
        Assert.False(report.GetProperty("content").TryGetProperty(SpamSignals.HoneypotField, out _));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_proof_is_spent_once_and_a_bad_one_is_named(string provider)
    {
        await using var platform = await StartAsync(provider);
        var proof = await ProofAsync(platform);
        await ReceiptOf(
            await PostAsync(platform, "/api/v1/reports", Report("첫 번째 제보 조직 신고"), proofHeader: proof)
        );
        var reused = await PostAsync(platform, "/api/v1/reports", Report("두 번째 제보 조직 신고"), proofHeader: proof);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.True(
            (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("proof", out _)
        );
        var forged = await PostAsync(
            platform,
            "/api/v1/reports",
            Report("세 번째 제보 조직 신고", proof: "1.1.1.AAAA.BBBB:1")
        );
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var notText = await PostAsync(
            platform,
            "/api/v1/reports",
            new { facts = new { description = "네 번째 제보 조직 신고" }, proof = 12 }
        );
        Assert.Equal(HttpStatusCode.BadRequest, notText.StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_challenge_is_fresh_and_not_cached_and_the_page_script_is_served(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var response = await platform.Intake.GetAsync("/api/v1/challenge");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(AbuseSettings.Defaults.BaseDifficulty, body.GetProperty("difficulty").GetInt32());
        Assert.Equal("sha256-leading-zero-bits", body.GetProperty("algorithm").GetString());
        Assert.NotEqual(
            body.GetProperty("challenge").GetString(),
            (await platform.Intake.GetFromJsonAsync<JsonElement>("/api/v1/challenge"))
                .GetProperty("challenge")
                .GetString()
        );

        var script = await platform.Intake.GetAsync(ChallengeApi.ScriptPath);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-jebo-proof", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
