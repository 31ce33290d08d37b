using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Sampling;
using Jebo.Casework.Staff;
using Jebo.Reference.TimeZones;
using Jebo.Storage.Background;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Tests.Feedback;

/// <summary>Text messages to reporters who consented, through a real gateway on a loopback port: what it receives,
/// delivery, retries and the cap, gateways that hang or never stop answering, and everyone a text must never
/// reach.</summary>
public sealed class SmsTests
{
    private const string Token = "test-gateway-token";
    private static readonly string[] Languages = ["ko", "en", "zh"];

    [Theory]
    [DatabaseProviders]
    public async Task A_published_message_reaches_a_consenting_reporter_as_fixed_words_only(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        await using var platform = await StartAsync(provider, gateway);
        await platform.SubmitAsync(
            "부산 사하구에서 보호비를 걷는 조직이 있습니다",
            "26",
            new
            {
                anonymous = false,
                name = "홍길동",
                phone = "+82 10 3456 7890",
                contactConsent = true,
            }
        );
        await platform.TransferAsync();
        var caseId = await SingleCaseAsync(platform);
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);

        await investigator.StepAsync(
            caseId,
            new { action = "publish-status", message = "김OO 건은 검찰에 넘겼습니다" }
        );
        await investigator.StepAsync(caseId, new { action = "publish-status", message = "추가로 알려드립니다" });
        Assert.Equal(1, await RoundAsync(platform));

        var sms = Assert.Single(gateway.Received);
        Assert.Equal("+821034567890", sms.To);
        Assert.Equal(SmsOutbox.TextOf(SmsMessage.Feedback, "ko"), sms.Text);
        Assert.Equal(["id", "text", "to"], sms.Body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Bearer " + Token, sms.Authorization);
        Assert.DoesNotContain("김OO", sms.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(caseId, sms.Body.GetRawText(), StringComparison.Ordinal);

        await using (var db = platform.OpenCaseworkDb())
        {
            // Two messages published, one text: the reporter hears there is news, at most once a day.
            var row = await db.SmsOutbox.SingleAsync();
            Assert.Equal(
                (Guid.Parse(sms.Id), SmsMessage.Sent, 1, "gw-1", null),
                (row.Id, row.Status, row.Attempts, row.GatewayReference, row.LastError)
            );
            var trail = await db
                .AuditEntries.Where(e => e.CaseId == caseId && e.Action.StartsWith("sms."))
                .OrderBy(e => e.Sequence)
                .ToListAsync();
            Assert.Equal([AuditActions.SmsQueued, AuditActions.SmsSent], trail.Select(e => e.Action));
            Assert.Equal(["busan.inv", AuditLog.SystemActor], trail.Select(e => e.Actor));
            Assert.All(trail, e => Assert.DoesNotContain("34567890", e.Details, StringComparison.Ordinal));
            Assert.All(trail, e => Assert.Contains(row.ReportId.ToString(), e.Details, StringComparison.Ordinal));
        }

        var listed = await investigator.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}/sms");
        Assert.Equal("sent", Assert.Single(listed.EnumerateArray()).GetProperty("status").GetString());
        Assert.DoesNotContain("34567890", listed.GetRawText(), StringComparison.Ordinal);

        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("busan.sup", "26", Roles.Supervisor);
        var page = await browser.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("data-sms-status=\"sent\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("3456", page, StringComparison.Ordinal);

        using var seoul = await platform.StaffClientAsync("seoul.inv", "11", Roles.Investigator);
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync($"/api/v1/cases/{caseId}/sms")).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_gateway_answering_5xx_gets_the_same_message_again_after_a_wait_and_takes_it(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        // Whole seconds, as both databases store them.
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var platform = await StartAsync(provider, gateway, clock);
        var caseId = await CaseSeeds.AddAsync(platform);
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        await investigator.StepAsync(caseId, new { action = "publish-status", message = "확인 중입니다" });

        gateway.Then(LocalSmsGateway.Status(503));
        Assert.Equal(0, await RoundAsync(platform));
        var waiting = await MessageAsync(platform);
        Assert.Equal((SmsMessage.Queued, 1, "http-503"), (waiting.Status, waiting.Attempts, waiting.LastError));
        Assert.Equal(clock.GetUtcNow() + new SmsOptions().FirstRetryDelay, waiting.NextAttemptAt);

        // Not before its time.
        Assert.Equal(0, await RoundAsync(platform));
        Assert.Single(gateway.Received);

        clock.Advance(new SmsOptions().FirstRetryDelay);
        Assert.Equal(1, await RoundAsync(platform));
        var sent = await MessageAsync(platform);
        Assert.Equal((SmsMessage.Sent, 2, null), (sent.Status, sent.Attempts, sent.LastError));
        Assert.Equal([sent.Id.ToString(), sent.Id.ToString()], gateway.Received.Select(r => r.Id));
        var entry = await SmsEntryAsync(platform, AuditActions.SmsSent);
        Assert.Equal(2, JsonDocument.Parse(entry.Details).RootElement.GetProperty("attempts").GetInt32());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_message_the_gateway_keeps_failing_fails_at_the_cap_and_the_loop_shows_it(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        var clock = new ManualClock();
        await using var platform = await StartAsync(provider, gateway, clock, o =>
            o with
            {
                MaxAttempts = 3,
                AlertAfterAttempts = 2,
            }
        );
        var caseId = await CaseSeeds.AddAsync(platform);
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        await investigator.StepAsync(caseId, new { action = "publish-status", message = "확인 중입니다" });
        gateway.Then(LocalSmsGateway.Status(500), LocalSmsGateway.Status(502), LocalSmsGateway.Status(500));
        var loop = LoopOf(platform, clock);
        var loops = platform.CaseworkApp.Services.GetRequiredService<BackgroundLoops>();

        // One failed attempt is no alarm.
        Assert.True(await loop.RunOnceAsync(CancellationToken.None));
        Assert.False(loops.Of(SmsDelivery.Loop)!.Failing);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await loop.RunOnceAsync(CancellationToken.None));
        Assert.Equal(nameof(SmsGatewayException), loops.Of(SmsDelivery.Loop)!.LastError);
        Assert.Equal(SmsMessage.Queued, (await MessageAsync(platform)).Status);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await loop.RunOnceAsync(CancellationToken.None));
        var failed = await MessageAsync(platform);
        Assert.Equal(
            (SmsMessage.Failed, 3, "http-500", null),
            (failed.Status, failed.Attempts, failed.LastError, failed.NextAttemptAt)
        );
        var details = JsonDocument.Parse((await SmsEntryAsync(platform, AuditActions.SmsFailed)).Details).RootElement;
        Assert.Equal(3, details.GetProperty("attempts").GetInt32());
        Assert.Equal("http-500", details.GetProperty("reason").GetString());

        // Given up is given up: no further attempt, and the loop is well again.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await loop.RunOnceAsync(CancellationToken.None));
        Assert.Equal(3, gateway.Received.Count);
        Assert.False(loops.Of(SmsDelivery.Loop)!.Failing);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_message_the_gateway_refuses_fails_at_once(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        await using var platform = await StartAsync(provider, gateway);
        var caseId = await CaseSeeds.AddAsync(platform);
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        await investigator.StepAsync(caseId, new { action = "publish-status", message = "확인 중입니다" });
        gateway.Then(LocalSmsGateway.Status(400));

        Assert.Equal(0, await RoundAsync(platform));
        var failed = await MessageAsync(platform);
        Assert.Equal((SmsMessage.Failed, 1, "refused-http-400"), (failed.Status, failed.Attempts, failed.LastError));
        Assert.Equal(0, await RoundAsync(platform));
        Assert.Single(gateway.Received);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_gateway_that_hangs_costs_one_attempt_and_stalls_nothing(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        var clock = new ManualClock();
        await using var platform = await StartAsync(provider, gateway, clock, o =>
            o with
            {
                Timeout = TimeSpan.FromSeconds(5),
            }
        );
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        foreach (var caseId in new[] { await CaseSeeds.AddAsync(platform), await CaseSeeds.AddAsync(platform) })
        {
            await investigator.StepAsync(caseId, new { action = "publish-status", message = "확인 중입니다" });
        }

        // No answer at all: the attempt times out, the round ends, the other message keeps its turn untouched.
        gateway.Then(LocalSmsGateway.Hang);
        Assert.Equal(0, await RoundAsync(platform));
        var messages = await MessagesAsync(platform);
        Assert.Equal(
            new (int, string?)[] { (0, null), (1, "timeout") },
            messages.Select(m => (m.Attempts, m.LastError)).Order()
        );
        Assert.All(messages, m => Assert.Equal(SmsMessage.Queued, m.Status));

        // A 200 whose body never comes: taken, without the gateway's id.
        clock.Advance(TimeSpan.FromMinutes(1));
        gateway.Then(LocalSmsGateway.HeadersThenHang);
        Assert.Equal(2, await RoundAsync(platform));
        messages = await MessagesAsync(platform);
        Assert.All(messages, m => Assert.Equal(SmsMessage.Sent, m.Status));
        Assert.Single(messages, m => m.GatewayReference is null);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_gateway_answering_without_end_is_read_no_further_than_its_first_bytes(string provider)
    {
        await using var gateway = new EndlessGateway();
        await using var platform = await TestPlatform.StartAsync(provider, "--sms-gateway", gateway.Address.ToString());
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        await investigator.StepAsync(
            await CaseSeeds.AddAsync(platform),
            new { action = "publish-status", message = "확인" }
        );

        Assert.Equal(1, await RoundAsync(platform));
        var sent = await MessageAsync(platform);
        Assert.Equal((SmsMessage.Sent, null), (sent.Status, sent.GatewayReference));
        Assert.Equal(1, gateway.Answered);
        // What the socket accepted before casework hung up: its first 4 KiB, and the kernel's buffers.
        Assert.True(gateway.Written < 64L * 1024 * 1024, $"{gateway.Written} bytes were taken from an endless answer");
    }

    [Theory]
    [DatabaseProviders]
    public async Task No_text_reaches_an_anonymous_or_unwilling_reporter_whoever_tries_and_however(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        await using var platform = await StartAsync(provider, gateway);
        var anonymous = await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed, named: false);
        var unwilling = await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed);
        var landline = await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed);
        var consenting = await CaseSeeds.AddAsync(platform, status: CaseStatus.Reviewed);
        await ChangeIdentityAsync(platform, unwilling, i => (i.Phone, i.ContactConsent) = ("010-3456-7890", false));
        await ChangeIdentityAsync(platform, landline, i => i.Phone = "02-123-4567");
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        using var supervisor = await platform.StaffClientAsync("busan.sup", "26", Roles.Supervisor);
        using var national = await platform.StaffClientAsync("national.sup", "national", Roles.Supervisor);

        var attempts = new[]
        {
            (investigator, anonymous),
            (supervisor, unwilling),
            (national, landline),
            (investigator, consenting),
        };
        foreach (var (client, caseId) in attempts)
        {
            await client.StepAsync(caseId, new { action = "publish-status", message = "처리 결과를 알려드립니다" });
        }

        // Other routes: a contact recorded "by SMS" sends nothing, there is no way to post a text, and the month's
        // callback sample, which draws every one of these cases, texts only the reporter who consented.
        await investigator.StepAsync(
            unwilling,
            new
            {
                action = "record-contact",
                channel = "sms",
                outcome = "reached",
            }
        );
        var posted = await supervisor.PostAsJsonAsync(
            $"/api/v1/cases/{unwilling}/sms",
            new { to = "010-3456-7890", text = "hello" }
        );
        Assert.False(posted.IsSuccessStatusCode);
        await using (var scope = platform.CaseworkApp.Services.CreateAsyncScope())
        {
            var month = new PlatformTimeZone()
                .Local(DateTimeOffset.UtcNow)
                .ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            var drawn = await scope
                .ServiceProvider.GetRequiredService<CallbackSampling>()
                .DrawAsync(month, 20, "national.sup", CancellationToken.None);
            // Only reporters who consented to contact and left a phone are drawn at all.
            var candidates = new HashSet<string> { landline, consenting };
            Assert.Superset(candidates, drawn.Select(s => s.CaseId).ToHashSet());
            Assert.DoesNotContain(unwilling, drawn.Select(s => s.CaseId));
        }

        var consentingReport = await ReportOfAsync(platform, consenting);
        var queued = await MessagesAsync(platform);
        Assert.Equal([SmsMessage.Callback, SmsMessage.Feedback], queued.Select(m => m.Purpose).Order());
        Assert.All(queued, m => Assert.Equal((consenting, consentingReport), (m.CaseId, m.ReportId)));

        Assert.Equal(2, await RoundAsync(platform));
        Assert.Equal(["+821000000000", "+821000000000"], gateway.Received.Select(r => r.To));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_text_for_a_reporter_no_longer_reachable_fails_without_reaching_the_gateway(string provider)
    {
        await using var gateway = await LocalSmsGateway.StartAsync();
        await using var platform = await StartAsync(provider, gateway);
        var caseId = await CaseSeeds.AddAsync(platform);
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        await investigator.StepAsync(caseId, new { action = "publish-status", message = "확인 중입니다" });
        await ChangeIdentityAsync(platform, caseId, i => i.ContactConsent = false);

        Assert.Equal(0, await RoundAsync(platform));
        Assert.Empty(gateway.Received);
        var failed = await MessageAsync(platform);
        Assert.Equal((SmsMessage.Failed, 0, "no-recipient"), (failed.Status, failed.Attempts, failed.LastError));
        var entry = await SmsEntryAsync(platform, AuditActions.SmsFailed);
        Assert.Equal("no-recipient", JsonDocument.Parse(entry.Details).RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Without_a_gateway_nothing_is_queued(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var caseId = await CaseSeeds.AddAsync(platform);
        using var investigator = await platform.StaffClientAsync("busan.inv", "26", Roles.Investigator);
        await investigator.StepAsync(caseId, new { action = "publish-status", message = "확인 중입니다" });
        Assert.Empty(await MessagesAsync(platform));
        Assert.Equal(0, await RoundAsync(platform));
    }

    [Theory]
    [InlineData(SmsMessage.Feedback)]
    [InlineData(SmsMessage.Callback)]
    public void Every_purpose_has_fixed_words_in_three_languages_without_a_link_or_a_number(string purpose)
    {
        var texts = Languages.Select(l => SmsOutbox.TextOf(purpose, l)).ToList();
        Assert.Equal(3, texts.Distinct(StringComparer.Ordinal).Count());
        Assert.All(texts, t =>
            Assert.False(
                t.Any(char.IsAsciiDigit)
                    || t.Contains("http", StringComparison.OrdinalIgnoreCase)
                    || t.Contains("www", StringComparison.OrdinalIgnoreCase),
                t
            )
        );
        Assert.Equal(texts[0], SmsOutbox.TextOf(purpose, "fr"));
    }

    private static Task<TestPlatform> StartAsync(
        string provider,
        LocalSmsGateway gateway,
        ManualClock? clock = null,
        Func<SmsOptions, SmsOptions>? sms = null
    )
    {
        var tokenFile = Path.Combine(Directory.CreateTempSubdirectory("jebo-sms-token-").FullName, "token");
        File.WriteAllText(tokenFile, Token + "\n");
        return TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                Clock = clock,
                Casework = o => sms is null ? o : o with { Sms = sms(o.Sms) },
            },
            "--sms-gateway",
            gateway.Address.ToString(),
            "--sms-gateway-token-file",
            tokenFile
        );
    }

    /// <summary>One round of the outbox, as the loop runs it.</summary>
    private static async Task<int> RoundAsync(TestPlatform platform)
    {
        await using var scope = platform.CaseworkApp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SmsDelivery>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>The zone's own loop runner around the outbox's rounds, as the zone registers it.</summary>
    private static PeriodicLoop LoopOf(TestPlatform platform, TimeProvider clock)
    {
        var services = platform.CaseworkApp.Services;
        return new PeriodicLoop(
            SmsDelivery.Loop,
            RoundSchedule.Every(TimeSpan.FromSeconds(15)),
            SmsDelivery.RoundAsync,
            services,
            services.GetRequiredService<BackgroundLoops>(),
            services.GetRequiredService<ILogger<PeriodicLoop>>(),
            clock
        );
    }

    private static async Task<string> SingleCaseAsync(TestPlatform platform)
    {
        await using var db = platform.OpenCaseworkDb();
        return await db.Cases.Select(c => c.Id).SingleAsync();
    }

    private static async Task<SmsMessage> MessageAsync(TestPlatform platform) =>
        Assert.Single(await MessagesAsync(platform));

    private static async Task<List<SmsMessage>> MessagesAsync(TestPlatform platform)
    {
        await using var db = platform.OpenCaseworkDb();
        return await db.SmsOutbox.AsNoTracking().ToListAsync();
    }

    private static async Task<AuditEntry> SmsEntryAsync(TestPlatform platform, string action)
    {
        await using var db = platform.OpenCaseworkDb();
        return await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == action);
    }

    private static async Task<Guid> ReportOfAsync(TestPlatform platform, string caseId)
    {
        await using var db = platform.OpenCaseworkDb();
        return await db.Reports.Where(r => r.CaseId == caseId).Select(r => r.Id).SingleAsync();
    }

    private static async Task ChangeIdentityAsync(TestPlatform platform, string caseId, Action<ReporterIdentity> change)
    {
        await using var db = platform.OpenCaseworkDb();
        var report = await db.Reports.Where(r => r.CaseId == caseId).Select(r => r.Id).SingleAsync();
        change(await db.ReporterIdentities.SingleAsync(i => i.ReportId == report));
        await db.SaveChangesAsync();
    }
}
