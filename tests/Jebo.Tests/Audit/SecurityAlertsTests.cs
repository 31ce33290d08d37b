using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Audit;

public sealed class SecurityAlertsTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Bulk_identity_viewing_a_quarantined_bundle_and_a_broken_chain_raise_alerts(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.RunCliAsync(null, "demo", "seed", "--count", "30", "--seed", "11");
        await platform.TransferAsync();
        var auditor = await platform.StaffClientAsync("auditor1", "national", "auditor");
        Assert.Empty((await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts")).EnumerateArray());

        var snoop = await platform.StaffClientAsync("snoop", "national", "supervisor");
        var ids = (await snoop.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetString())
            .ToList();
        var revealed = 0;
        for (var pass = 0; pass < 10 && revealed <= 20; pass++)
        {
            foreach (var id in ids)
            {
                var detail = await snoop.GetFromJsonAsync<JsonElement>(
                    $"/api/v1/cases/{id}?include=identity&purpose=review"
                );
                revealed += detail
                    .GetProperty("reports")
                    .EnumerateArray()
                    .Count(r => r.GetProperty("identity").ValueKind == JsonValueKind.Object);
            }
        }

        Assert.True(revealed > 20, "the synthetic reports include named reporters");
        var alerts = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.Contains(alerts.EnumerateArray(), a =>
            a.GetProperty("kind").GetString() == "identity.viewed" && a.GetProperty("subject").GetString() == "snoop"
        );
        Assert.DoesNotContain(alerts.EnumerateArray(), a => a.GetProperty("subject").GetString() == "auditor1");

        await File.WriteAllBytesAsync(
            Path.Combine(platform.Settings.Casework.InboundSpool, "reports-000000009999.jebo"),
            [1, 2, 3]
        );
        await platform.TransferAsync();
        alerts = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "transfer.quarantined");

        await using (var db = platform.OpenCaseworkDb())
        {
            var last = await db.AuditEntries.MaxAsync(e => e.Sequence);
            await db
                .AuditEntries.Where(e => e.Sequence == last)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Actor, "nobody"));
        }

        alerts = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "audit.broken");

        var screener = await platform.StaffClientAsync("screener1", "26", "screener");
        Assert.Equal(HttpStatusCode.Forbidden, (await screener.GetAsync("/api/v1/alerts")).StatusCode);
    }
}
