using System.Collections.Concurrent;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Storage.Monitoring;
using Jebo.Testing;
using Jebo.Tests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jebo.Tests.Monitoring;

/// <summary>Alerts reach people: a journal line with a fixed event id and key=value text, and a post to a real local
/// webhook, once per alert and once for its resolution, retried while the webhook is down or refuses.</summary>
public sealed class AlertDeliveryTests
{
    [Fact]
    public async Task An_alert_is_logged_and_posted_once_retried_while_the_webhook_is_down_and_resolved_when_it_clears()
    {
        var address = OperatorFolder.FreeAddress(); // nothing listens there yet
        var log = new CapturedLog();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        using var delivery = new AlertDelivery(
            "casework",
            new MonitoringOptions { AlertWebhook = new Uri(address + "/hooks/jebo") },
            loggers,
            TimeProvider.System
        );
        var quarantine = new RaisedAlert(
            "transfer.quarantined",
            "critical",
            "reports-7.jebo",
            "bundle reports-7.jebo was quarantined: \"bad\" signature",
            DateTimeOffset.UtcNow
        );

        await delivery.DeliverAsync([quarantine], complete: true, TestContext.Current.CancellationToken);

        Assert.Equal(1, delivery.Waiting);
        var raised = Assert.Single(log.Lines, l => l.Contains("jebo.alert[7001]", StringComparison.Ordinal));
        Assert.Contains(
            $"jebo-alert state=raised zone=casework id={quarantine.Id} kind=transfer.quarantined severity=critical "
                + $"subject=\"reports-7.jebo\"",
            raised,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "message=\"bundle reports-7.jebo was quarantined: 'bad' signature\"",
            raised,
            StringComparison.Ordinal
        );
        Assert.Contains(log.Lines, l => l.Contains("jebo.alert[7003]", StringComparison.Ordinal));

        // The webhook comes up, refusing its first post: the alert waits, then goes once.
        var received = new ConcurrentQueue<JsonElement>();
        var refusals = 1;
        await using var receiver = await StartReceiverAsync(address, async request =>
        {
            if (Interlocked.Decrement(ref refusals) >= 0)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            received.Enqueue(await request.ReadFromJsonAsync<JsonElement>());
            return Results.NoContent();
        });
        await delivery.DeliverAsync([quarantine], complete: true, TestContext.Current.CancellationToken);
        Assert.Empty(received);
        Assert.Equal(1, delivery.Waiting);
        await delivery.DeliverAsync([quarantine], complete: true, TestContext.Current.CancellationToken);
        await delivery.DeliverAsync(
            [quarantine with { Message = "still quarantined" }],
            complete: true,
            TestContext.Current.CancellationToken
        );

        var post = Assert.Single(received);
        Assert.Equal("raised", post.GetProperty("state").GetString());
        Assert.Equal(quarantine.Id, post.GetProperty("id").GetString());
        Assert.Equal("transfer.quarantined", post.GetProperty("kind").GetString());
        Assert.Equal(0, delivery.Waiting);
        Assert.Single(log.Lines, l => l.Contains("jebo.alert[7001]", StringComparison.Ordinal));

        // A source that could read only part of its alerts resolves nothing; one that read them all resolves what is
        // gone.
        await delivery.DeliverAsync([], complete: false, TestContext.Current.CancellationToken);
        Assert.Single(received);
        await delivery.DeliverAsync([], complete: true, TestContext.Current.CancellationToken);
        await delivery.DeliverAsync([], complete: true, TestContext.Current.CancellationToken);

        Assert.Equal(2, received.Count);
        Assert.Equal("resolved", received.Last().GetProperty("state").GetString());
        Assert.Equal(quarantine.Id, received.Last().GetProperty("id").GetString());
        Assert.Single(log.Lines, l =>
            l.Contains("jebo.alert[7002]", StringComparison.Ordinal)
            && l.Contains("state=resolved", StringComparison.Ordinal)
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Caseworks_security_alerts_reach_the_webhook_without_anyone_opening_the_alerts_page(
        string provider
    )
    {
        var address = OperatorFolder.FreeAddress();
        var received = new ConcurrentQueue<JsonElement>();
        await using var receiver = await StartReceiverAsync(address, async request =>
        {
            received.Enqueue(await request.ReadFromJsonAsync<JsonElement>());
            return Results.NoContent();
        });
        await using var platform = await TestPlatform.StartAsync(provider, "--alert-webhook", address + "/hook");

        // An administrator made on the machine itself: a break-glass account, which raises an alert.
        await platform.StaffClientAsync("glass-admin", "national", "administrator");
        await Alerting.DeliverAsync(
            platform.CaseworkApp.Services,
            AlertRelay.ReadAsync,
            TestContext.Current.CancellationToken
        );

        var post = Assert.Single(received);
        Assert.Equal(AuditActions.AccountBreakGlass, post.GetProperty("kind").GetString());
        Assert.Equal("glass-admin", post.GetProperty("subject").GetString());
        Assert.Equal("casework", post.GetProperty("zone").GetString());
    }

    private static async Task<WebApplication> StartReceiverAsync(
        string address,
        Func<HttpRequest, Task<IResult>> handle
    )
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address);
        var app = builder.Build();
        app.MapPost("/{**path}", (HttpRequest request) => handle(request));
        await app.StartAsync();
        return app;
    }
}
