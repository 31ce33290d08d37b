using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Testing;
using Jebo.Transfer.Reports;
using Jebo.Transfer.Sealing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Transfer;

/// <summary>
/// A compromised intake: it holds intake's signing key, pepper and database — everything but the receipts of past
/// reports — and plants a follow-up in a past case, as if the reporter had written it. Its own outbox signs the bundle
/// correctly; casework still refuses it, because the follow-up lacks the MAC only the receipt can make.
/// </summary>
public sealed class FollowUpBindingTests
{
    [Theory]
    [DatabaseProviders("mac-under-a-guessed-key")]
    [DatabaseProviders("version-1-without-a-mac")]
    [DatabaseProviders("planted-contact-under-a-guessed-key")]
    [DatabaseProviders("planted-reward-claim-under-a-guessed-key")]
    public async Task A_follow_up_planted_by_a_compromised_intake_in_a_past_case_is_refused_and_alerted(
        string provider,
        string forgery
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var receipt = await platform.SubmitAsync("사하구 불법 도박장과 비호하는 공무원", region: "26380");
        await platform.TransferAsync();
        var genuine = await platform.Intake.PostAsJsonAsync(
            "/api/v1/followups",
            new { receipt, text = "차량 번호를 추가합니다: 12가 3456" }
        );
        Assert.Equal(HttpStatusCode.Accepted, genuine.StatusCode);
        await platform.TransferAsync();
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Equal("차량 번호를 추가합니다: 12가 3456", (await db.FollowUps.SingleAsync()).Text);
        }

        // The attack: intake's database names the past report; the planted words are sealed and queued like real ones.
        const string planted = "제보를 취소합니다. 착오였습니다.";
        await using (var intakeDb = platform.OpenIntakeDb())
        {
            var report = await intakeDb.Reports.SingleAsync();
            using var keys = IntakeKeys.Load(platform.Settings.Intake.KeysFolder);
            var id = Guid.NewGuid();
            var at = DateTimeOffset.UtcNow;
            var guessed = SHA256.HashData(report.LookupId);
            var contact = new SealedFollowUpPlaintext(3, id, report.Id, at, "", Contact: Planted);
            var claim = new SealedFollowUpPlaintext(4, id, report.Id, at, "", Reward: PlantedClaim);
            var plaintext =
                forgery == "version-1-without-a-mac" ? new SealedFollowUpPlaintext(1, id, report.Id, at, planted)
                : forgery == "planted-contact-under-a-guessed-key"
                    ? contact with
                    {
                        Mac = FollowUpMac.Compute(guessed, contact),
                    }
                : forgery == "planted-reward-claim-under-a-guessed-key"
                    ? claim with
                    {
                        Mac = FollowUpMac.Compute(guessed, claim),
                    }
                : new SealedFollowUpPlaintext(
                    SealedFollowUpPlaintext.CurrentVersion,
                    id,
                    report.Id,
                    at,
                    planted,
                    FollowUpMac.Compute(SHA256.HashData(report.LookupId), id, report.Id, at, planted)
                );
            intakeDb.FollowUps.Add(
                new IntakeFollowUp
                {
                    Id = id,
                    ReportId = report.Id,
                    ReceivedAt = at,
                    Sealed = SealedBox.Seal(keys.CaseworkSealing, TransferJson.Serialize(plaintext)),
                }
            );
            await intakeDb.SaveChangesAsync();
        }

        await platform.TransferAsync();

        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.DoesNotContain(await db.FollowUps.Select(f => f.Text).ToListAsync(), t => t == planted);
            Assert.Empty(await db.ReporterIdentities.ToListAsync());
            Assert.Empty(await db.RewardClaims.ToListAsync());
            var quarantined = await db.QuarantinedBundles.SingleAsync();
            Assert.Contains(
                forgery == "version-1-without-a-mac" ? "version 2" : "MAC",
                quarantined.Reason,
                StringComparison.Ordinal
            );
            Assert.Contains(await db.AuditEntries.Select(e => e.Action).ToListAsync(), a =>
                a == "transfer.quarantined"
            );
        }

        var auditor = await platform.StaffClientAsync("followup-auditor", "national", "auditor");
        var alerts = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "transfer.quarantined");
    }

    private static readonly LaterContact Planted = new("공범", "01099998888", true);

    private static readonly RewardClaim PlantedClaim = new("공범", "01099998888", "우리은행", "1002-123-456789");

    [Fact]
    public void Version_4_covers_the_reward_claim_and_where_it_is_paid()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var unsigned = new SealedFollowUpPlaintext(
            SealedFollowUpPlaintext.VersionFor(false, null, PlantedClaim),
            Guid.NewGuid(),
            Guid.NewGuid(),
            DateTimeOffset.UtcNow,
            "",
            Reward: PlantedClaim
        );
        Assert.Equal(SealedFollowUpPlaintext.RewardVersion, unsigned.Version);
        var followUp = unsigned with { Mac = FollowUpMac.Compute(key, unsigned) };
        Assert.True(followUp.IsWellFormed);
        Assert.True(FollowUpMac.Verifies(key, followUp));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Reward = PlantedClaim with { Account = "1002-0" } }));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Reward = PlantedClaim with { Bank = "국민은행" } }));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Reward = PlantedClaim with { Name = "홍길동" } }));
        // An older version's MAC would not cover the claim: such a follow-up is refused before any MAC is checked.
        Assert.False((followUp with { Version = 3 }).IsWellFormed);
        Assert.False((followUp with { Reward = PlantedClaim with { Account = "" } }).IsWellFormed);
        // Older follow-ups still read as they were written (bundles made before version 4 import unchanged).
        Assert.Equal(SealedFollowUpPlaintext.RequestsVersion, SealedFollowUpPlaintext.VersionFor(true, null));
        Assert.Equal(SealedFollowUpPlaintext.CurrentVersion, SealedFollowUpPlaintext.VersionFor(false, null));
    }

    [Fact]
    public void Version_3_covers_the_request_for_protection_and_the_contact_details()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var unsigned = new SealedFollowUpPlaintext(
            3,
            Guid.NewGuid(),
            Guid.NewGuid(),
            DateTimeOffset.UtcNow,
            "",
            null,
            true
        );
        var followUp = unsigned with { Mac = FollowUpMac.Compute(key, unsigned) };
        Assert.True(followUp.IsWellFormed);
        Assert.True(FollowUpMac.Verifies(key, followUp));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Protection = false }));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Contact = Planted }));
        var reachable = unsigned with { Contact = Planted };
        reachable = reachable with { Mac = FollowUpMac.Compute(key, reachable) };
        Assert.True(FollowUpMac.Verifies(key, reachable));
        Assert.False(FollowUpMac.Verifies(key, reachable with { Contact = Planted with { Phone = "01011112222" } }));
        // Version 2's MAC covers neither, so a version-2 follow-up carrying them is refused before any MAC is checked.
        Assert.False((reachable with { Version = 2 }).IsWellFormed);
        Assert.False((unsigned with { Contact = Planted with { ContactConsent = false } }).IsWellFormed);
    }

    [Fact]
    public void The_mac_depends_on_the_receipt_derived_key_and_on_every_field()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var (id, report, at) = (Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow);
        var followUp = new SealedFollowUpPlaintext(
            2,
            id,
            report,
            at,
            "text",
            FollowUpMac.Compute(key, id, report, at, "text")
        );
        Assert.True(FollowUpMac.Verifies(key, followUp));
        Assert.False(FollowUpMac.Verifies(RandomNumberGenerator.GetBytes(32), followUp));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Text = "text!" }));
        Assert.False(FollowUpMac.Verifies(key, followUp with { ReportId = Guid.NewGuid() }));
        Assert.False(FollowUpMac.Verifies(key, followUp with { ReceivedAt = at.AddSeconds(1) }));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Mac = null }));
    }
}
