using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Keys;
using Jebo.Casework.Transfer;
using Jebo.Intake.Transfer;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;

namespace Jebo.Tests.EndToEnd;

/// <summary>A clue taken by phone whose reporter is handed a receipt (issue 15): casework issues it, registers it at
/// intake through the signed status bundle, and from then on the person follows the case on the portal as a portal
/// reporter does — while the receipt is kept nowhere, and no registration but casework's genuine one, for a report
/// intake does not hold, makes a receipt find anything.</summary>
public sealed class HandEnteredReceiptTests
{
    private static object Clue(string description, bool receipt) =>
        new
        {
            source = "phone",
            receipt,
            language = "ko",
            category = "unclear",
            region = "26380",
            reporter = new { anonymous = true },
            facts = new { description, where = "부산 사하구 괴정동 시장" },
            subjects = new[] { new { name = "칠성파" } },
        };

    private static async Task<(string CaseId, string? Receipt)> EnterAsync(HttpClient staff, object clue)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/cases", clue);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (
            body.GetProperty("id").GetString()!,
            body.TryGetProperty("receipt", out var receipt) ? receipt.GetString() : null
        );
    }

    private static async Task<JsonElement?> StatusAsync(TestPlatform platform, string receipt)
    {
        var response = await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static byte[] RegistrationOf(string receipt)
    {
        Assert.True(Receipt.TryParse(receipt, out var parsed));
        return ReceiptDerivation.Registration(parsed!.Value);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_receipt_handed_over_with_a_phoned_clue_follows_the_case_on_the_portal_both_ways(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var publisher = await ResultPublisher.CreateAsync(platform);
        var marker = "phoned" + Guid.NewGuid().ToString("n")[..10];
        var (caseId, receipt) = await EnterAsync(
            publisher.Busan,
            Clue($"전화 제보: 괴정동 시장 상인들에게 매주 보호비를 걷는 조직이 있습니다 {marker}", receipt: true)
        );
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$", receipt);

        // Until the status bundle crosses, intake knows nothing of it.
        Assert.Null(await StatusAsync(platform, receipt!));
        await platform.TransferAsync();
        var first = await StatusAsync(platform, receipt!);
        Assert.Equal("received", first!.Value.GetProperty("status").GetString());

        // The first look-up re-indexed the report under intake's pepper: the registration is gone from intake.
        var registration = RegistrationOf(receipt!);
        await using (var intakeDb = platform.OpenIntakeDb())
        {
            Assert.False(await intakeDb.Reports.AnyAsync(r => r.LookupId == registration));
            var row = await intakeDb.Reports.SingleAsync();
            Assert.Null(row.Sealed);
        }

        // The person's follow-up, in Korean, reaches the case.
        var more = $"추가 정보: 일요일 밤 10시쯤 검은 승합차 12가3456 {Guid.NewGuid():n}";
        var sent = await platform.Intake.PostAsJsonAsync("/api/v1/followups", new { receipt, text = more });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        await platform.TransferAsync();
        var detail = await publisher.Busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Contains(detail.GetProperty("followUps").EnumerateArray(), f =>
            f.GetProperty("text").GetString() == more
        );

        // The office's message and the reviewed result reach the person, as for a portal report.
        var message = $"확인 결과를 알려 드립니다 {Guid.NewGuid():n}";
        await publisher.PublishAsync(
            caseId,
            new Dictionary<string, string> { ["result"] = "substantiated", ["summary"] = "사실로 확인됨" },
            message
        );
        await platform.TransferAsync();
        var last = (await StatusAsync(platform, receipt!))!.Value;
        Assert.Equal("completed", last.GetProperty("status").GetString());
        Assert.Equal("substantiated", last.GetProperty("result").GetString());
        Assert.Equal(message, last.GetProperty("messages").EnumerateArray().Single().GetProperty("text").GetString());
        Assert.Equal(more, last.GetProperty("followUps").EnumerateArray().Single().GetProperty("text").GetString());

        // Audited as issued, and the receipt itself kept nowhere: not in casework's trail or files, not in intake's,
        // not in the spool; nor the registration on the intake side once it was re-indexed (SQLite overwrites it).
        await using (var caseworkDb = platform.OpenCaseworkDb())
        {
            var issued = await caseworkDb.AuditEntries.SingleAsync(a => a.Action == "receipt.issued");
            Assert.Equal(caseId, issued.CaseId);
            Assert.StartsWith("busan-", issued.Actor, StringComparison.Ordinal);
        }

        Assert.True(Receipt.TryParse(receipt, out var parsed));
        var needles = new[] { receipt!, parsed!.Value.Canonical };
        var contents = platform.Files().Select(f => (f, File.ReadAllBytes(f))).ToList();
        contents.AddRange((await platform.PostgresContentsAsync()).Select(c => (c.Key, c.Value)));
        Assert.NotEmpty(contents);
        foreach (var (where, bytes) in contents)
        {
            foreach (var needle in needles)
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0, $"the receipt is in {where}");
            }
        }

        foreach (var file in platform.Files("intake").Where(f => f.Contains(".db", StringComparison.Ordinal)))
        {
            Assert.False(
                File.ReadAllBytes(file).AsSpan().IndexOf(registration) >= 0,
                $"the registration stayed in {file}"
            );
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Without_a_receipt_asked_for_none_is_issued_and_an_unregistered_receipt_finds_nothing(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-plain", "26", "investigator");
        var (caseId, receipt) = await EnterAsync(busan, Clue("편지 제보: 사하구 불법 대부업 사무실", receipt: false));
        Assert.Null(receipt);
        var refused = await busan.PostAsJsonAsync("/api/v1/cases", new { source = "phone", receipt = "yes" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(
            (await refused.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("errors")
                .TryGetProperty("receipt", out _)
        );

        await platform.TransferAsync();
        Assert.Null(await StatusAsync(platform, Receipt.New().ToString()));
        await using var intakeDb = platform.OpenIntakeDb();
        Assert.Equal(0, await intakeDb.Reports.CountAsync());
        await using var caseworkDb = platform.OpenCaseworkDb();
        Assert.Null((await caseworkDb.Reports.SingleAsync(r => r.CaseId == caseId)).ReceiptRegistration);
        Assert.False(await caseworkDb.AuditEntries.AnyAsync(a => a.Action == "receipt.issued"));
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_altered_or_forged_registration_is_quarantined_and_registers_nothing(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-forge", "26", "supervisor");
        var (_, receipt) = await EnterAsync(busan, Clue("전화 제보: 괴정동 불법 도박장", receipt: true));
        await using (var scope = platform.CaseworkApp.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<StatusOutbox>().FlushAsync(CancellationToken.None);
        }

        // Altered on its way: one bit of the registration flipped, the signature no longer holds.
        var path = Path.Combine(platform.Settings.Intake.InboundSpool, BundleFormat.FileName(BundleKind.Status, 1));
        var bytes = await File.ReadAllBytesAsync(path);
        var at = bytes.AsSpan().IndexOf(RegistrationOf(receipt!));
        Assert.True(at > 0);
        bytes[at] ^= 1;
        await File.WriteAllBytesAsync(path, bytes);
        Assert.Equal(InboundOutcome.Rejected, Assert.Single(await IntakeStatusRoundAsync(platform)).Outcome);
        Assert.Null(await StatusAsync(platform, receipt!));

        // Forged: a bundle under casework's key id registering the forger's receipt, signed with another key; and one
        // signed with casework's own key whose registration is cut short, which intake refuses all the same.
        var signing = platform.CaseworkApp.Services.GetRequiredService<CaseworkKeys>().Signing;
        var forged = Receipt.New();
        using (var stranger = Key.Create(SignatureAlgorithm.Ed25519))
        {
            Deliver(platform, StatusBundle(signing.Id, stranger, forged, cut: false));
        }

        Assert.Equal(InboundOutcome.Rejected, Assert.Single(await IntakeStatusRoundAsync(platform)).Outcome);
        Deliver(platform, StatusBundle(signing.Id, signing.Key, forged, cut: true));
        var malformed = Assert.Single(await IntakeStatusRoundAsync(platform));
        Assert.Equal(InboundOutcome.Rejected, malformed.Outcome);
        Assert.Contains("receipt registration of 32 bytes", malformed.Message, StringComparison.Ordinal);

        Assert.Null(await StatusAsync(platform, forged.ToString()));
        await using var intakeDb = platform.OpenIntakeDb();
        Assert.Equal(0, await intakeDb.Reports.CountAsync());
        Assert.Equal(0, await intakeDb.InboundStatusBundles.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_registration_for_a_report_intake_holds_changes_neither_its_receipt_nor_its_row(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var portal = await platform.SubmitAsync("포털 제보: 사하구 유흥업소 갈취", region: "26380");
        await platform.TransferAsync();
        await using var intakeDb = platform.OpenIntakeDb();
        var before = await intakeDb.Reports.AsNoTracking().SingleAsync();

        // Casework (through a fault, or whoever holds its signing key) registers another receipt for that report.
        var other = Receipt.New();
        await using (var caseworkDb = platform.OpenCaseworkDb())
        {
            var report = await caseworkDb.Reports.SingleAsync(r => r.Id == before.Id);
            report.ReceiptRegistration = ReceiptDerivation.Registration(other);
            caseworkDb.PendingStatuses.Add(
                new Jebo.Casework.Data.PendingStatus { ReportId = report.Id, Since = DateTimeOffset.UtcNow }
            );
            await caseworkDb.SaveChangesAsync();
        }

        await platform.TransferAsync();
        Assert.Equal(1, await intakeDb.InboundStatusBundles.CountAsync(b => b.RecordCount == 2));
        Assert.Null(await StatusAsync(platform, other.ToString()));
        Assert.NotNull(await StatusAsync(platform, portal));
        var after = await intakeDb.Reports.AsNoTracking().SingleAsync();
        Assert.Equal(before.LookupId, after.LookupId);
        Assert.Equal(before.BundleSequence, after.BundleSequence);
    }

    private static async Task<IReadOnlyList<InboundResult>> IntakeStatusRoundAsync(TestPlatform platform)
    {
        await using var scope = platform.IntakeApp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StatusInbox>().ReceiveAsync(null, CancellationToken.None);
    }

    private static void Deliver(TestPlatform platform, byte[] bundle) =>
        File.WriteAllBytes(
            Path.Combine(platform.Settings.Intake.InboundSpool, BundleFormat.FileName(BundleKind.Status, 1)),
            bundle
        );

    /// <summary>Status bundle 1 registering <paramref name="receipt"/> for a new report, with its status.</summary>
    private static byte[] StatusBundle(string keyId, Key key, Receipt receipt, bool cut)
    {
        var reportId = Guid.NewGuid();
        var registration = ReceiptRegistration.Record(reportId, ReceiptDerivation.Registration(receipt));
        var records = new List<BundleRecord>
        {
            cut ? registration with { Payload = registration.Payload[..^1] } : registration,
            new(
                RecordType.Status,
                reportId,
                TransferJson.Serialize(new StatusRecord(PublicStatus.Completed, DateTimeOffset.UtcNow, []))
            ),
        };
        var header = new BundleHeader(
            BundleFormat.CurrentVersion,
            BundleKind.Status,
            "casework",
            keyId,
            1,
            "",
            DateTimeOffset.UtcNow,
            records.Count,
            0
        );
        return BundleFormat.Write(header, records, key);
    }
}
