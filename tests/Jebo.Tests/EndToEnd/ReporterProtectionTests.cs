using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Deadlines;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Tests.EndToEnd;

/// <summary>With only the receipt, a threatened reporter asks for protection (with the report or later) and sees that
/// it was received and then acted on, while the case goes urgent with a deadline in hours; an anonymous reporter
/// becomes reachable later, and the case gains the contact deadline from that day. Nothing of it stands readable on
/// the intake side.</summary>
public sealed class ReporterProtectionTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Protection_asked_with_a_report_goes_urgent_and_the_reporter_sees_it_acknowledged(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("prot-busan", "26", "investigator");
        var marker = "threat" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync(
            $"사하구 시장 보호비 갈취, 제보 후 협박 {marker}",
            "26380",
            new { anonymous = true, protection = true }
        );

        // Received at once, before casework has seen it.
        Assert.Equal("requested", (await StatusAsync(platform, receipt, "ko")).GetProperty("protection").GetString());
        await platform.TransferAsync();
        var caseId = await CaseOfAsync(busan, marker);
        Assert.Contains(caseId, await busan.GetStringAsync("/api/v1/queues/urgent"), StringComparison.Ordinal);
        var detail = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        var protection = detail.GetProperty("protection");
        var requestedAt = protection.GetProperty("requestedAt").GetDateTimeOffset();
        Assert.Equal(requestedAt.AddHours(24), protection.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("protection", detail.GetProperty("deadlines").GetProperty("nextDueKind").GetString());
        Assert.Contains("acknowledge-protection", Actions(detail));

        var acknowledged = await ResultPublisher.ActAsync(
            busan,
            caseId,
            ResultPublisher.Action("acknowledge-protection", ("reason", "관할 경찰서 신변보호 요청"))
        );
        Assert.NotEqual("protection", acknowledged.GetProperty("deadlines").GetProperty("nextDueKind").GetString());
        Assert.DoesNotContain("acknowledge-protection", Actions(acknowledged));
        // Nothing waits any more: a second acknowledgement is refused, and the case stays marked urgent.
        var again = await busan.PostAsJsonAsync(
            $"/api/v1/cases/{caseId}/actions",
            new { action = "acknowledge-protection" }
        );
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(caseId, await busan.GetStringAsync("/api/v1/queues/urgent"), StringComparison.Ordinal);
        var trail = await busan.GetStringAsync($"/api/v1/cases/{caseId}");
        Assert.Contains("protection.requested", trail, StringComparison.Ordinal);
        Assert.Contains("case.acknowledge-protection", trail, StringComparison.Ordinal);

        await platform.TransferAsync();
        Assert.Equal(
            "acknowledged",
            (await StatusAsync(platform, receipt, "zh")).GetProperty("protection").GetString()
        );

        // Asked again in a follow-up without words (in Chinese): waiting again at once, and urgent again in casework.
        var followUp = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, protection = true });
        Assert.Equal(HttpStatusCode.Accepted, followUp.StatusCode);
        Assert.Equal("requested", (await StatusAsync(platform, receipt, "zh")).GetProperty("protection").GetString());
        await platform.TransferAsync();
        Assert.Contains(
            "acknowledge-protection",
            Actions(await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}"))
        );
        await platform.TransferAsync();
        Assert.Equal("requested", (await StatusAsync(platform, receipt, "ko")).GetProperty("protection").GetString());

        await AssertNothingReadableAsync(platform, ["\"requested\"", "\"acknowledged\"", "신변보호"]);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_reporter_who_asked_nothing_hears_nothing_of_protection(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("익명 제보 " + Guid.NewGuid().ToString("n"), "26380");
        await platform.TransferAsync();
        var status = await StatusAsync(platform, receipt, "ko");
        Assert.Equal(JsonValueKind.Null, status.GetProperty("protection").ValueKind);
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_unanswered_request_escalates_to_the_office_above_after_the_hours_set(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock },
            "--deadline-days",
            "protection-hours=6"
        );
        var busan = await platform.StaffClientAsync("esc-busan", "26", "supervisor");
        var national = await platform.StaffClientAsync("esc-national", "national", "supervisor");
        var marker = "late" + Guid.NewGuid().ToString("n")[..10];
        await platform.SubmitAsync(
            $"협박을 받고 있습니다 {marker}",
            "26380",
            new { anonymous = true, protection = true }
        );
        await platform.TransferAsync();
        var caseId = await CaseOfAsync(busan, marker);
        var escalation = platform.CaseworkApp.Services.GetRequiredService<EscalationWatch>();

        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await escalation.RunOnceAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await escalation.RunOnceAsync(CancellationToken.None));
        var escalated = await national.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Equal("protection", escalated.GetProperty("escalation").GetProperty("deadline").GetString());
        Assert.Contains(caseId, await national.GetStringAsync("/api/v1/queues/escalated"), StringComparison.Ordinal);

        // Acting on it meets the deadline, late, and lifts the escalation.
        var acknowledged = await ResultPublisher.ActAsync(
            busan,
            caseId,
            ResultPublisher.Action("acknowledge-protection")
        );
        Assert.Equal(JsonValueKind.Null, acknowledged.GetProperty("escalation").ValueKind);
        var clockView = acknowledged.GetProperty("deadlines").GetProperty("clock").EnumerateArray();
        Assert.Equal(
            "met-late",
            clockView.Single(d => d.GetProperty("kind").GetString() == "protection").GetProperty("state").GetString()
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Only_staff_of_the_case_s_offices_who_work_it_may_acknowledge(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var auditor = await platform.StaffClientAsync("prot-auditor", "26", "auditor");
        var seoul = await platform.StaffClientAsync("prot-seoul", "11", "supervisor");
        var screener = await platform.StaffClientAsync("prot-screener", "26", "screener");
        var busan = await platform.StaffClientAsync("prot-busan-sup", "26", "supervisor");
        var marker = "insider" + Guid.NewGuid().ToString("n")[..10];
        await platform.SubmitAsync($"협박 {marker}", "26380", new { anonymous = true, protection = true });
        await platform.TransferAsync();
        var caseId = await CaseOfAsync(busan, marker);
        var body = new { action = "acknowledge-protection" };

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await auditor.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", body)).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await screener.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", body)).StatusCode
        );
        // Another province's office does not learn the case exists, nor that its reporter is threatened.
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await seoul.PostAsJsonAsync($"/api/v1/cases/{caseId}/actions", body)).StatusCode
        );
        Assert.DoesNotContain(caseId, await seoul.GetStringAsync("/api/v1/queues/urgent"), StringComparison.Ordinal);
        // The request still waits for the people who may act on it.
        var detail = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("protection").GetProperty("acknowledgedAt").ValueKind);
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_anonymous_reporter_becomes_reachable_and_the_contact_deadline_runs_from_that_day(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("reach-busan", "26", "supervisor");
        var marker = "reach" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"익명 제보 {marker}", "26380");
        await platform.TransferAsync();
        var caseId = await CaseOfAsync(busan, marker);
        var before = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("deadlines").GetProperty("contactDueAt").ValueKind);

        // The report came ten days ago; the details come today.
        var reportedAt = DateTimeOffset.UtcNow.AddDays(-10);
        await using (var db = platform.OpenCaseworkDb())
        {
            await db.Reports.ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceivedAt, reportedAt));
        }

        var sentFrom = DateTimeOffset.UtcNow;
        var given = await platform.Intake.PostAsJsonAsync(
            "/api/v1/contact",
            new
            {
                receipt,
                name = "박영희",
                phone = "+82 10-2345-6789",
                contactConsent = true,
            }
        );
        Assert.Equal(HttpStatusCode.Accepted, given.StatusCode);
        await platform.TransferAsync();

        var after = await busan.GetFromJsonAsync<JsonElement>(
            $"/api/v1/cases/{caseId}?include=identity&purpose={Uri.EscapeDataString("연락")}"
        );
        var report = after.GetProperty("reports")[0];
        Assert.True(report.GetProperty("hasIdentity").GetBoolean());
        var identity = report.GetProperty("identity");
        Assert.Equal("박영희", identity.GetProperty("name").GetString());
        Assert.Equal("01023456789", identity.GetProperty("phone").GetString());
        Assert.True(identity.GetProperty("contactConsent").GetBoolean());
        var calendar = platform.CaseworkApp.Services.GetRequiredService<DeadlineCalendar>();
        var contactDue = after.GetProperty("deadlines").GetProperty("contactDueAt").GetDateTimeOffset();
        Assert.Contains(contactDue, new[] { calendar.DueAt(sentFrom, 30), calendar.DueAt(DateTimeOffset.UtcNow, 30) });
        Assert.NotEqual(calendar.DueAt(reportedAt, 30), contactDue);
        await using (var db = platform.OpenCaseworkDb())
        {
            // Eligible for the callback sample like any case whose reporter left a contact.
            Assert.True((await db.Cases.SingleAsync(c => c.Id == caseId)).HasContact);
            Assert.Equal("01023456789", (await db.ReporterIdentities.SingleAsync()).Phone);
        }

        Assert.Contains("contact.given", after.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("010-2345", after.GetProperty("history").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("01023456789", after.GetProperty("history").ToString(), StringComparison.Ordinal);

        await AssertNothingReadableAsync(platform, ["박영희", "01023456789", "2345-6789", "2345"]);
    }

    [Theory]
    [InlineData("ko", "연락을 받는 데 동의해 주셔야")]
    [InlineData("zh", "请勾选同意被联系")]
    public async Task Contact_without_consent_or_with_a_bad_phone_is_refused_in_the_reader_s_language(
        string language,
        string consentText
    )
    {
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite);
        var receipt = await platform.SubmitAsync("익명 제보 " + Guid.NewGuid().ToString("n"), "26380");

        var noConsent = await PostContactAsync(platform, language, new { receipt, phone = "010-2345-6789" });
        Assert.Equal(HttpStatusCode.BadRequest, noConsent.StatusCode);
        Assert.Contains(consentText, await noConsent.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var badPhone = await PostContactAsync(
            platform,
            language,
            new
            {
                receipt,
                phone = "+1 212 555 0100",
                contactConsent = true,
            }
        );
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);
        Assert.Contains("phone", await badPhone.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unknown = await PostContactAsync(
            platform,
            language,
            new
            {
                receipt = "00000000000000000000",
                phone = "010-2345-6789",
                contactConsent = true,
            }
        );
        Assert.True(unknown.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest);
        await using var db = platform.OpenIntakeDb();
        Assert.Empty(db.FollowUps);
    }

    private static async Task<HttpResponseMessage> PostContactAsync(TestPlatform platform, string language, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contact")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await platform.Intake.SendAsync(request);
    }

    private static IEnumerable<string?> Actions(JsonElement detail) =>
        detail.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString());

    private static async Task<string> CaseOfAsync(HttpClient staff, string marker)
    {
        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={Uri.EscapeDataString(marker)}");
        return list.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> StatusAsync(TestPlatform platform, string receipt, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/status")
        {
            Content = JsonContent.Create(new { receipt }),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await platform.Intake.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The privacy check of <see cref="ReporterConversationTests"/>, for the new data: nothing of it in
    /// intake's files, its database or the spool.</summary>
    private static async Task AssertNothingReadableAsync(TestPlatform platform, IEnumerable<string> needles)
    {
        foreach (var (where, bytes) in await ReporterConversationTests.IntakeSideAsync(platform))
        {
            foreach (var needle in needles)
            {
                var found = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
                Assert.False(found, $"'{needle}' stands readable in {where}");
            }
        }
    }
}
