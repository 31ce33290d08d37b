using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.EndToEnd;

/// <summary>A photo sent later, with a follow-up: cleaned and sealed on arrival like a report's, carried in the bundle
/// with its follow-up, shown on the case beside it and downloaded (audited) without its metadata, while intake keeps
/// nothing readable of it, before or after the transfer.</summary>
public sealed class FollowUpFilesJourneyTests
{
    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task A_photo_sent_with_a_follow_up_reaches_the_case_beside_it_cleaned_and_audited(
        string provider,
        string language
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var marker = "later" + Guid.NewGuid().ToString("n")[..10];
        var receipt = await platform.SubmitAsync($"사하구 시장 보호비 갈취 {marker}", region: "26380");
        await platform.TransferAsync();
        var words =
            language == "ko"
                ? $"어제 찍은 현장 사진입니다 {Guid.NewGuid():n}"
                : $"这是昨天拍的现场照片 {Guid.NewGuid():n}";
        var photo = TestFiles.JpegWithGps();
        var sent = await platform.Intake.PostAsync(
            $"/api/v1/followups?lang={language}",
            PortalForms.Multipart(
                [("followup", JsonSerializer.Serialize(new { receipt, text = words }))],
                ("file", "IMG_3001.JPG", photo)
            )
        );
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        // Before the transfer: sealed, neither the words nor the picture readable anywhere on the intake side.
        var needles = new List<byte[]> { Encoding.UTF8.GetBytes(words), TestFiles.Jpeg[^64..], "IMG_3001"u8.ToArray() };
        await AssertNothingReadableAsync(platform, needles);
        var status = await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        var own = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("followUps")[0];
        Assert.Equal(words, own.GetProperty("text").GetString());
        Assert.Equal(["IMG_3001.JPG"], own.GetProperty("files").EnumerateArray().Select(f => f.GetString()));

        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("busan-later", "26", "investigator");
        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={marker}");
        var caseId = list.GetProperty("items")[0].GetProperty("id").GetString()!;
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        var followUp = detail.GetProperty("followUps").EnumerateArray().Single();
        Assert.Equal(words, followUp.GetProperty("text").GetString());
        var file = detail.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal(followUp.GetProperty("id").GetString(), file.GetProperty("followUpId").GetString());
        Assert.Equal("IMG_3001.JPG", file.GetProperty("fileName").GetString());
        Assert.Equal("metadata-removed", file.GetProperty("cleaning").GetString());

        var download = await staff.GetAsync(file.GetProperty("download").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var opened = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], opened[..2]);
        Assert.False(TestFiles.Contains(opened, TestFiles.GpsLatitudeBytes));
        Assert.False(TestFiles.Contains(opened, TestFiles.SecretMake));
        await using (var casework = platform.OpenCaseworkDb())
        {
            var downloaded = await casework
                .AuditEntries.Where(a => a.Action == "attachment.downloaded" && a.CaseId == caseId)
                .SingleAsync();
            Assert.Contains(followUp.GetProperty("id").GetString()!, downloaded.Details, StringComparison.Ordinal);
            Assert.Contains(
                await casework
                    .AuditEntries.Where(a => a.Action == "followup.received")
                    .Select(a => a.Details)
                    .ToListAsync(),
                d => d.Contains("\"attachments\":1", StringComparison.Ordinal)
            );
        }

        // On the case page the file is listed with the follow-up, and its link is the audited download.
        using var browser = new StaffBrowser(platform);
        await browser.SignInNewAccountAsync("busan.later", "26", "investigator");
        var page = await browser.GetPageAsync($"/cases/{caseId}");
        var beside = page.IndexOf("follow-up-files", StringComparison.Ordinal);
        Assert.True(beside > page.IndexOf(WebUtility.HtmlEncode(words), StringComparison.Ordinal), "file beside words");
        Assert.Contains("IMG_3001.JPG", page[beside..], StringComparison.Ordinal);

        // Casework acknowledged the bundle: intake forgot the file, and still holds nothing readable.
        await platform.TransferAsync();
        await using (var intakeDb = platform.OpenIntakeDb())
        {
            Assert.Empty(intakeDb.Attachments);
            Assert.Empty(intakeDb.AttachmentChunks);
        }

        await AssertNothingReadableAsync(platform, needles);
    }

    private static async Task AssertNothingReadableAsync(TestPlatform platform, IEnumerable<byte[]> needles)
    {
        foreach (var (where, bytes) in await ReporterConversationTests.IntakeSideAsync(platform))
        {
            foreach (var needle in needles)
            {
                Assert.False(
                    TestFiles.Contains(bytes, needle),
                    $"'{Encoding.UTF8.GetString(needle)}' readable in {where}"
                );
            }
        }
    }
}
