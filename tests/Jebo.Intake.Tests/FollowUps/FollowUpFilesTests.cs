using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Intake.Localization;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.FollowUps;

/// <summary>A follow-up's files through <c>POST /api/v1/followups</c> as multipart: kept sealed with the follow-up and
/// named back to the reporter, and refused by exactly the defences a report's files meet — tried as an attacker with a
/// file too large, too many files, an executable dressed as a photo and a decompression bomb.</summary>
public sealed class FollowUpFilesTests
{
    private static MultipartFormDataContent FollowUp(
        string receipt,
        string text,
        params (string Field, string FileName, byte[] Bytes)[] files
    ) => PortalForms.Multipart([("followup", JsonSerializer.Serialize(new { receipt, text }))], files);

    private static async Task<(int FollowUps, int Attachments, int Chunks)> StoredAsync(TestPlatform platform)
    {
        await using var db = platform.OpenIntakeDb();
        return (
            await db.FollowUps.CountAsync(),
            await db.Attachments.CountAsync(),
            await db.AttachmentChunks.CountAsync()
        );
    }

    [Theory]
    [DatabaseProviders("ko", "현장 사진 두 장을 보냅니다")]
    [DatabaseProviders("zh", "发送两张现场照片")]
    public async Task Files_sent_with_a_follow_up_are_sealed_with_it_and_named_back_to_the_reporter(
        string provider,
        string language,
        string words
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("사하구 시장 보호비", region: "26380");

        var response = await platform.Intake.PostAsync(
            $"/api/v1/followups?lang={language}",
            FollowUp(
                receipt,
                words,
                ("file", "사진1.jpg", TestFiles.JpegWithGps()),
                ("file", "照片.png", TestFiles.Png)
            )
        );

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using (var db = platform.OpenIntakeDb())
        {
            var followUp = await db.FollowUps.SingleAsync();
            var files = await db.Attachments.ToListAsync();
            Assert.Equal(2, files.Count);
            Assert.All(files, f => Assert.Equal((followUp.ReportId, followUp.Id), (f.ReportId!.Value, f.FollowUpId)));
            Assert.All(files, f => Assert.True(f.Complete));
        }

        var status = await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt });
        var own = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("followUps").EnumerateArray();
        var only = Assert.Single(own);
        Assert.Equal(words, only.GetProperty("text").GetString());
        Assert.Equal(["사진1.jpg", "照片.png"], only.GetProperty("files").EnumerateArray().Select(f => f.GetString()));

        // Files alone, without words, are a follow-up too.
        var alone = await platform.Intake.PostAsync(
            "/api/v1/followups",
            FollowUp(receipt, "", ("file", "more.png", TestFiles.PngWithMetadata()))
        );
        Assert.Equal(HttpStatusCode.Accepted, alone.StatusCode);
        Assert.Equal((2, 3), ((await StoredAsync(platform)).FollowUps, (await StoredAsync(platform)).Attachments));
    }

    [Theory]
    [DatabaseProviders("too-large")]
    [DatabaseProviders("too-many")]
    [DatabaseProviders("disguised-executable")]
    [DatabaseProviders("unknown-receipt")]
    [DatabaseProviders("no-json-part")]
    public async Task A_hostile_follow_up_is_refused_as_a_report_would_be_and_nothing_is_kept(
        string provider,
        string attack
    )
    {
        await using var platform = await TestPlatform.StartAsync(
            provider,
            "--max-attachments",
            "2",
            "--max-attachment-mb",
            "1",
            "--rate-limits",
            "off"
        );
        var receipt = await platform.SubmitAsync("사하구 시장 보호비", region: "26380");
        var big = Encoding.UTF8.GetBytes(new string('가', 1024 * 1024 / 2));
        byte[] executable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. new byte[200]];
        (string, string, byte[])[] files = attack switch
        {
            "too-large" => [("file", "big.txt", big)],
            "too-many" =>
            [
                ("file", "a.png", TestFiles.Png),
                ("file", "b.png", TestFiles.Png),
                ("file", "c.png", TestFiles.Png),
            ],
            "disguised-executable" => [("file", "a.png", TestFiles.Png), ("file", "holiday.jpg", executable)],
            _ => [("file", "a.png", TestFiles.Png)],
        };
        var body =
            attack == "no-json-part"
                ? PortalForms.Multipart([], files)
                : FollowUp(attack == "unknown-receipt" ? "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ" : receipt, "사진", files);

        var response = await platform.Intake.PostAsync("/api/v1/followups?lang=ko", body);

        var expected = attack switch
        {
            "too-large" => HttpStatusCode.RequestEntityTooLarge,
            "unknown-receipt" => HttpStatusCode.NotFound,
            _ => HttpStatusCode.BadRequest,
        };
        Assert.Equal(expected, response.StatusCode);
        if (attack is not ("unknown-receipt" or "no-json-part"))
        {
            // The same files with a report meet the same answer.
            var asReport = PortalForms.Multipart([("report", TestReports.Anonymous("같은 파일을 제보로"))], files);
            Assert.Equal(expected, (await platform.Intake.PostAsync("/api/v1/reports?lang=ko", asReport)).StatusCode);
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (attack == "too-many")
        {
            Assert.Equal(
                Texts.Format("Validation.AttachmentTooMany", "ko", "c.png", 2),
                problem.GetProperty("errors").GetProperty("attachments[2]")[0].GetString()
            );
        }
        else if (attack == "disguised-executable")
        {
            Assert.Equal(
                Texts.Format("Validation.AttachmentType", "ko", "holiday.jpg"),
                problem.GetProperty("errors").GetProperty("attachments[1]")[0].GetString()
            );
        }

        // Nothing of the refused follow-up is kept: neither it nor any of its files, even those that were fine.
        Assert.Equal((0, 0, 0), await StoredAsync(platform));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_decompression_bomb_picture_in_a_follow_up_is_never_inflated_and_travels_as_sent(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        var receipt = await platform.SubmitAsync("사하구 시장 보호비", region: "26380");
        var bomb = DecompressionBomb();

        var response = await platform.Intake.PostAsync(
            "/api/v1/followups",
            FollowUp(receipt, "", ("file", "bomb.png", bomb))
        );
        var report = await platform.Intake.PostAsync(
            "/api/v1/reports",
            PortalForms.Multipart([("report", TestReports.Anonymous("폭탄 그림"))], ("file", "bomb.png", bomb))
        );

        // Intake never decodes a picture's pixels: the 512 MB it would inflate to are never made, and the file is kept
        // (sealed) at the size it came, as with a report.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        await using var db = platform.OpenIntakeDb();
        var sealedSizes = await db.Attachments.Select(a => a.SealedLength).ToListAsync();
        Assert.Equal(2, sealedSizes.Count);
        Assert.All(sealedSizes, size => Assert.InRange(size, bomb.Length, bomb.Length + (bomb.Length / 100) + 1024));
    }

    /// <summary>A PNG of 16,384 × 8,192 RGBA pixels whose image data, half a megabyte compressed, inflates to
    /// 512 MB.</summary>
    private static byte[] DecompressionBomb()
    {
        const int width = 16_384;
        const int height = 8_192;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (width * 4)];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        return
        [
            .. TestFiles.Png[..8],
            .. TestFiles.Chunk("IHDR", header),
            .. TestFiles.Chunk("IDAT", compressed.ToArray()),
            .. TestFiles.Chunk("IEND", []),
        ];
    }
}
