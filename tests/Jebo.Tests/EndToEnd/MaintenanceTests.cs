using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Intake.Maintenance;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.EndToEnd;

/// <summary><c>jebo maintenance on|off</c> against running intake nodes: new reports and follow-ups get 503 with the
/// operator's message, by the API and the form, on every node; status look-ups keep working.</summary>
public sealed class MaintenanceTests
{
    private const string Message = "오후 3시까지 점검합니다";

    [Theory]
    [DatabaseProviders]
    public async Task In_maintenance_reports_and_follow_ups_get_503_with_the_message_on_every_node_and_look_ups_work(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions
            {
                Provider = provider,
                // Each request reads the switch, so the test sees a change at once rather than after the nodes' few
                // seconds.
                Intake = o => o with { MaintenanceCheckInterval = TimeSpan.Zero },
            }
        );
        var receipt = await platform.SubmitAsync("유흥업소 보호비 갈취 조직", "26380");
        await platform.RunCliAsync(null, "maintenance", "on", "--message", Message);

        var refused = await platform.Intake.PostAsJsonAsync("/api/v1/reports?lang=en", Report("점검 중에 보낸 제보"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(MaintenanceMode.RetryAfter, refused.Headers.RetryAfter?.Delta);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ("https://jebo.example/problems/maintenance", "Reporting is paused for maintenance.", Message),
            (
                problem.GetProperty("type").GetString(),
                problem.GetProperty("title").GetString(),
                problem.GetProperty("detail").GetString()
            )
        );

        var followUp = await platform.Intake.PostAsJsonAsync(
            "/api/v1/followups",
            new { receipt, text = "차량 번호를 덧붙입니다" }
        );
        Assert.Equal(HttpStatusCode.ServiceUnavailable, followUp.StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (
                await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt = "AAAA-AAAA-AAAA-AAAA-AAAA" })
            ).StatusCode
        );

        // The form: the page says so in each language, with the operator's message as given, and a post is refused
        // before anything of it is read.
        foreach (
            var (language, title) in new[]
            {
                ("ko", "점검 중입니다"),
                ("en", "Under maintenance"),
                ("zh", "系统维护中"),
            }
        )
        {
            var page = await platform.Intake.GetAsync($"/report?lang={language}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
            Assert.Contains($"id=\"maintenance-message\">{Message}<", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<form method=\"post\" action=\"/report\"", html, StringComparison.Ordinal);
        }

        using var form = new MultipartFormDataContent { { new StringContent("점검 중 양식 제보"), "description" } };
        var posted = await platform.Intake.PostAsync("/report", form);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
        Assert.NotNull(posted.Headers.RetryAfter);

        // Another node on the same database refuses too: the switch is shared, not the node's.
        var second = await platform.StartIntakeNodeAsync(); // stopped with the platform
        Assert.Equal(
            HttpStatusCode.ServiceUnavailable,
            (await second.Client.PostAsJsonAsync("/api/v1/reports", Report("둘째 노드로 보낸 제보"))).StatusCode
        );
        await using (var db = platform.OpenIntakeDb())
        {
            Assert.Equal(1, await db.Reports.CountAsync());
            Assert.Equal(0, await db.FollowUps.CountAsync());
        }

        await platform.RunCliAsync(null, "maintenance", "off");
        Assert.Equal(
            HttpStatusCode.Created,
            (await platform.Intake.PostAsJsonAsync("/api/v1/reports", Report("점검 후 제보: 불법 도박장"))).StatusCode
        );
        Assert.Equal(HttpStatusCode.OK, (await platform.Intake.GetAsync("/report")).StatusCode);
    }

    private static object Report(string description) =>
        new
        {
            language = "ko",
            category = "unclear",
            region = "26380",
            reporter = new { anonymous = true },
            subjects = Array.Empty<object>(),
            facts = new
            {
                when = "",
                where = "",
                description,
            },
        };
}
