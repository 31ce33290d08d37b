using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Tests.EndToEnd;

/// <summary>A photo's whole journey: uploaded with the form or the API, cleaned and sealed on arrival, carried in a
/// bundle, verified and kept sealed by casework, listed on the case and downloaded (audited) without its
/// metadata.</summary>
public sealed class AttachmentJourneyTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_photo_sent_with_the_form_reaches_casework_without_its_GPS_and_its_download_is_audited(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var photo = TestFiles.JpegWithGps();
        var (_, html) = await PortalForms.PostReportAsync(
            platform.BrowserLikeClient(),
            "ko",
            [("region", "26380"), ("facts.description", "사진 첨부 제보")],
            ("attachments", "IMG_2041.JPG", photo)
        );
        Assert.NotNull(PortalForms.Receipt(html));

        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var id = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        var attachment = detail.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("IMG_2041.JPG", attachment.GetProperty("fileName").GetString());
        Assert.Equal("image/jpeg", attachment.GetProperty("contentType").GetString());
        Assert.Equal("metadata-removed", attachment.GetProperty("cleaning").GetString());

        var download = await staff.GetAsync(attachment.GetProperty("download").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var opened = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(attachment.GetProperty("length").GetInt64(), opened.LongLength);
        Assert.Equal([0xFF, 0xD8], opened[..2]);
        Assert.False(TestFiles.Contains(opened, TestFiles.GpsLatitudeBytes));
        foreach (
            var secret in new[]
            {
                "Exif",
                TestFiles.SecretMake,
                TestFiles.SecretXmp,
                TestFiles.SecretComment,
                TestFiles.SecretTrailer,
            }
        )
        {
            Assert.False(TestFiles.Contains(opened, secret), secret);
        }

        Assert.DoesNotContain(TestFiles.JpegMarkers(opened), m => m == 0xE1);
        var audit = await staff.GetStringAsync($"/api/v1/audit?case={id}");
        Assert.Contains("attachment.downloaded", audit, StringComparison.Ordinal);

        // Neither intake, the spool nor casework's database holds the file in the clear; intake forgot it after the
        // import.
        foreach (var file in platform.Files())
        {
            Assert.False(TestFiles.Contains(await File.ReadAllBytesAsync(file), TestFiles.Jpeg.AsSpan(^64..)), file);
        }

        await using var intakeDb = platform.OpenIntakeDb();
        Assert.Empty(intakeDb.Attachments);
        Assert.Empty(intakeDb.AttachmentChunks);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Staff_see_the_files_on_the_case_page_and_download_them_audited_within_their_jurisdiction_only(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var (_, html) = await PortalForms.PostReportAsync(
            platform.BrowserLikeClient(),
            "ko",
            [("region", "26380"), ("facts.description", "창고 사진을 첨부합니다")],
            ("attachments", "warehouse.png", TestFiles.PngWithMetadata())
        );
        Assert.NotNull(PortalForms.Receipt(html));
        await platform.TransferAsync();

        using var busan = new StaffBrowser(platform);
        await busan.SignInNewAccountAsync("busan.files", "26", "investigator");
        var list = await busan.GetPageAsync("/cases");
        var caseId = System
            .Text.RegularExpressions.Regex.Match(list, "/cases/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
            .Groups[1]
            .Value;
        var page = await busan.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("warehouse.png", page, StringComparison.Ordinal);
        var link = System
            .Text.RegularExpressions.Regex.Match(page, "href=\"(/cases/[^\"]+handler=Attachment[^\"]+)\"")
            .Groups[1]
            .Value;
        Assert.NotEmpty(link);

        var download = await busan.GetAsync(WebUtility.HtmlDecode(link));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        await using (var casework = platform.OpenCaseworkDb())
        {
            Assert.Contains(casework.AuditEntries, a =>
                a.Actor == "busan.files" && a.Action == "attachment.downloaded" && a.CaseId == caseId
            );
        }

        using var seoul = new StaffBrowser(platform);
        await seoul.SignInNewAccountAsync("seoul.files", "11", "investigator");
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync(WebUtility.HtmlDecode(link))).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_API_takes_a_report_with_files_as_multipart_and_refuses_a_bad_file_by_name(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var report = TestReports.Anonymous("api with files");
        var good = PortalForms.Multipart(
            [("report", report)],
            ("file", "scan.png", TestFiles.PngWithMetadata()),
            ("file", "notes.txt", "plain words\n"u8.ToArray())
        );
        var created = await platform.Intake.PostAsync("/api/v1/reports", good);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var bad = PortalForms.Multipart([("report", report)], ("file", "virus.exe", [0x4D, 0x5A, 0x90, 0x00]));
        var refused = await platform.Intake.PostAsync("/api/v1/reports", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(
            "virus.exe",
            problem.GetProperty("errors").GetProperty("attachments[0]")[0].GetString(),
            StringComparison.Ordinal
        );

        var invalid = PortalForms.Multipart(
            [("report", """{"facts":{"description":""}}""")],
            ("file", "scan.png", TestFiles.Png)
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await platform.Intake.PostAsync("/api/v1/reports", invalid)).StatusCode
        );

        await using (var intakeDb = platform.OpenIntakeDb())
        {
            // Only the accepted report's two files remain: refused posts leave nothing behind.
            Assert.Equal(2, intakeDb.Attachments.Count());
        }

        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var id = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        var files = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}"))
            .GetProperty("attachments")
            .EnumerateArray()
            .ToList();
        Assert.Equal(
            ["notes.txt", "scan.png"],
            files.Select(f => f.GetProperty("fileName").GetString()).Order(StringComparer.Ordinal)
        );
        var png = await staff.GetByteArrayAsync(
            files.Single(f => f.GetProperty("fileName").GetString() == "scan.png").GetProperty("download").GetString()
        );
        Assert.Equal(TestFiles.Png, png);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_file_of_a_case_outside_the_callers_jurisdiction_is_not_found(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var report = """{"region":"26380","facts":{"description":"busan with file"}}""";
        await platform.Intake.PostAsync(
            "/api/v1/reports",
            PortalForms.Multipart([("report", report)], ("file", "a.png", TestFiles.Png))
        );
        await platform.TransferAsync();
        var national = await platform.StaffClientAsync("nat", "national", "supervisor");
        var seoul = await platform.StaffClientAsync("seoul", "11", "supervisor");
        var id = (await national.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        var download = (await national.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}"))
            .GetProperty("attachments")[0]
            .GetProperty("download")
            .GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync(download)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Casework.GetAsync(download)).StatusCode);
    }
}
