using System.Net;
using Jebo.Intake.Abuse;
using Jebo.Intake.Localization;
using Jebo.Intake.Monitoring;
using Jebo.Intake.Web;
using Jebo.Storage.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Tests.Abuse;

/// <summary>The policies as a page would use them: by endpoint metadata, answered with a page, not JSON.</summary>
public sealed class AbusePoliciesTests
{
    [Fact]
    public async Task A_page_under_a_policy_is_held_with_a_plain_page_in_the_readers_language()
    {
        var options = new IntakeOptions
        {
            ZoneFolder = "z",
            OutboundSpool = "o",
            InboundSpool = "i",
            Database = "d",
            Abuse = AbuseSettings.Defaults with { SubmitRequestsPerClientPerMinute = 1 },
        };
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddAbuseDefences(options, HeldAnswer.WriteAsync);
        builder.Services.AddZoneMetrics<IntakeMetrics>(IntakeMetrics.MeterName); // a hold is counted
        builder.Services.AddLanguages();
        await using var app = builder.Build();
        app.UseLanguages();
        app.UseRouting();
        app.UseAbuseDefences();
        app.MapGet("/report", () => Results.Text("the form")).RequireRateLimiting(AbusePolicies.Submit);
        await app.StartAsync();
        var client = app.GetTestClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/report?lang=en")).StatusCode);
        var held = await client.GetAsync("/report?lang=en");
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.True(held.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 });
        Assert.Equal("text/html", held.Content.Headers.ContentType?.MediaType);
        var page = await held.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", page, StringComparison.Ordinal);
        Assert.Contains("Too many requests", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http", page, StringComparison.Ordinal);
    }
}
