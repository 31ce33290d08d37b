using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Testing;
using Jebo.Transfer.Attachments;
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
            var claim = new SealedFollowUpPlaintext(
                SealedFollowUpPlaintext.RewardVersion,
                id,
                report.Id,
                at,
                "",
                Reward: PlantedClaim
            );
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
    public void Version_5_covers_the_reward_claim_and_where_it_is_paid()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var unsigned = new SealedFollowUpPlaintext(
            SealedFollowUpPlaintext.VersionFor(false, null, reward: PlantedClaim),
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
        Assert.False((followUp with { Version = SealedFollowUpPlaintext.AttachmentsVersion }).IsWellFormed);
        Assert.False((followUp with { Reward = null }).IsWellFormed);
        Assert.False((followUp with { Reward = PlantedClaim with { Account = "" } }).IsWellFormed);
        // A claim with files is version 5 too, and its MAC covers the files as version 4 does.
        var file = new FollowUpAttachment(
            Guid.NewGuid(),
            RandomNumberGenerator.GetBytes(FollowUpAttachment.HashLength)
        );
        var withFile = unsigned with { Attachments = [file] };
        Assert.True(withFile.IsWellFormed);
        withFile = withFile with { Mac = FollowUpMac.Compute(key, withFile) };
        Assert.True(FollowUpMac.Verifies(key, withFile));
        Assert.False(FollowUpMac.Verifies(key, withFile with { Attachments = [file with { Id = Guid.NewGuid() }] }));
        // Older follow-ups still read as they were written (bundles made before version 5 import unchanged).
        Assert.Equal(SealedFollowUpPlaintext.AttachmentsVersion, SealedFollowUpPlaintext.VersionFor(false, null, 1));
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

    [Theory]
    [DatabaseProviders("swapped")]
    [DatabaseProviders("added")]
    public async Task A_photo_swapped_into_or_added_to_a_reporters_follow_up_by_a_compromised_intake_is_refused(
        string provider,
        string forgery
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var receipt = await platform.SubmitAsync("사하구 불법 도박장 사진 제보", region: "26380");
        await platform.TransferAsync();
        var followUp = PortalForms.Multipart(
            [("followup", JsonSerializer.Serialize(new { receipt, text = "현장 사진입니다" }))],
            ("file", "scene.png", TestFiles.Png)
        );
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await platform.Intake.PostAsync("/api/v1/followups", followUp)).StatusCode
        );

        // The attack: intake holds the sealed follow-up and its file; it seals a picture of its own choosing to
        // casework, under the genuine file's id or as one more file of the same follow-up.
        await using (var intakeDb = platform.OpenIntakeDb())
        {
            var genuine = await intakeDb.Attachments.SingleAsync();
            using var keys = IntakeKeys.Load(platform.Settings.Intake.KeysFolder);
            var id = forgery == "swapped" ? genuine.Id : Guid.NewGuid();
            using var sealer = AttachmentFormat.Seal(keys.CaseworkSealing, id, "planted.png", "image/png", "none");
            var chunk = sealer.SealChunk("planted picture"u8, final: true);
            var planted = new IntakeAttachment
            {
                Id = id,
                ReportId = genuine.ReportId,
                FollowUpId = genuine.FollowUpId,
                Header = sealer.Header,
                Complete = true,
                ChunkCount = 1,
                SealedLength = chunk.Length,
                CreatedAt = genuine.CreatedAt,
            };
            if (forgery == "swapped")
            {
                intakeDb.Attachments.Remove(genuine);
                intakeDb.AttachmentChunks.RemoveRange(intakeDb.AttachmentChunks.Where(c => c.AttachmentId == id));
                await intakeDb.SaveChangesAsync();
            }

            intakeDb.Attachments.Add(planted);
            intakeDb.AttachmentChunks.Add(
                new IntakeAttachmentChunk
                {
                    AttachmentId = id,
                    Index = 0,
                    Data = chunk,
                }
            );
            await intakeDb.SaveChangesAsync();
        }

        await platform.TransferAsync();

        await using var db = platform.OpenCaseworkDb();
        Assert.Empty(await db.Attachments.ToListAsync());
        Assert.Empty(await db.FollowUps.ToListAsync());
        var quarantined = await db.QuarantinedBundles.SingleAsync();
        Assert.Contains("differ from those the follow-ups name", quarantined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_4_covers_the_files_by_id_and_header_hash()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var file = new FollowUpAttachment(Guid.NewGuid(), SHA256.HashData("header"u8));
        var unsigned = new SealedFollowUpPlaintext(
            SealedFollowUpPlaintext.AttachmentsVersion,
            Guid.NewGuid(),
            Guid.NewGuid(),
            DateTimeOffset.UtcNow,
            "",
            Attachments: [file]
        );
        var followUp = unsigned with { Mac = FollowUpMac.Compute(key, unsigned) };
        Assert.True(followUp.IsWellFormed);
        Assert.True(FollowUpMac.Verifies(key, followUp));
        Assert.False(FollowUpMac.Verifies(key, followUp with { Attachments = [] }));
        Assert.False(
            FollowUpMac.Verifies(
                key,
                followUp with
                {
                    Attachments = [file with { HeaderHash = SHA256.HashData("x"u8) }],
                }
            )
        );
        Assert.False(
            FollowUpMac.Verifies(key, followUp with { Attachments = [file, file with { Id = Guid.NewGuid() }] })
        );
        // Only version 4 carries files, named once each with a full hash; a version-4 follow-up without files is not
        // one.
        Assert.False((followUp with { Version = SealedFollowUpPlaintext.RequestsVersion }).IsWellFormed);
        Assert.False((followUp with { Attachments = null }).IsWellFormed);
        Assert.False((followUp with { Attachments = [file, file] }).IsWellFormed);
        Assert.False((followUp with { Attachments = [file with { HeaderHash = [1, 2, 3] }] }).IsWellFormed);
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
