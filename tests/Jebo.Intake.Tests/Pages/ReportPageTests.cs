using System.Net;
using Jebo.Intake.Localization;
using Jebo.Intake.Validation;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Pages;

/// <summary>The report form as a browser without JavaScript posts it.</summary>
public sealed class ReportPageTests
{
    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("en")]
    [DatabaseProviders("zh")]
    public async Task The_form_posted_without_JavaScript_shows_a_receipt_the_status_page_finds(
        string provider,
        string language
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var (status, html) = await PortalForms.PostReportAsync(
            client,
            language,
            [
                ("reporter.mode", "anonymous"),
                ("category", "protection-racket"),
                ("region", "26380"),
                ("subjects[0].name", "김OO"),
                ("facts.when", "2026-10"),
                ("facts.description", "시장 상인들에게 보호비를 요구합니다"),
            ]
        );

        Assert.Equal(HttpStatusCode.OK, status);
        var receipt = PortalForms.Receipt(html);
        Assert.NotNull(receipt);
        Assert.Contains(WebUtility.HtmlEncode(Texts.Get("Receipt.Warning", language)), html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(Texts.Get("Receipt.Next2", language)), html, StringComparison.Ordinal);

        var (lookup, answer) = await PortalForms.PostStatusAsync(
            client,
            language,
            receipt.ToLowerInvariant().Replace('-', ' ')
        );
        Assert.Equal(HttpStatusCode.OK, lookup);
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Get("Status.StepText.received", language)),
            answer,
            StringComparison.Ordinal
        );
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(1, await db.Reports.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_post_without_the_antiforgery_token_stores_nothing_and_keeps_the_input(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        await client.GetStringAsync("/report?lang=en");
        var response = await client.PostAsync(
            "/report",
            PortalForms.Multipart([("facts.description", "words kept 7f3a")])
        );
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("words kept 7f3a", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(Texts.Get("Report.Expired", "en")), html, StringComparison.Ordinal);
        Assert.Null(PortalForms.Receipt(html));
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(0, await db.Reports.CountAsync());
    }

    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("en")]
    [DatabaseProviders("zh")]
    public async Task Validation_errors_are_summarised_with_links_to_the_fields_and_the_input_is_kept(
        string provider,
        string language
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var (status, html) = await PortalForms.PostReportAsync(
            client,
            language,
            [
                ("reporter.mode", "named"),
                ("reporter.name", "홍길동"),
                ("reporter.phone", "12"),
                ("reporter.contactConsent", "true"),
                ("subjects[0].name", "첫째 사람"),
                ("subjects[1].alias", "둘째 별명"),
                ("category", "no-such-kind"),
                ("facts.where", "부산 사하구"),
                ("facts.description", ""),
            ]
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("error-summary", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#facts-description\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#reporter-phone\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#category\"", html, StringComparison.Ordinal);
        Assert.Contains(
            WebUtility.HtmlEncode(ValidationMessages.For(ValidationCode.Required, language)),
            html,
            StringComparison.Ordinal
        );
        Assert.Contains(
            WebUtility.HtmlEncode(ValidationMessages.For(ValidationCode.InvalidPhone, language)),
            html,
            StringComparison.Ordinal
        );
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains(
            "aria-describedby=\"facts-description-hint facts-description-error\"",
            html,
            StringComparison.Ordinal
        );
        Assert.StartsWith(Texts.Get("Errors.TitlePrefix", language), TitleOf(html), StringComparison.Ordinal);

        // Everything written is still there, in the same blocks.
        foreach (var kept in new[] { "홍길동", "첫째 사람", "둘째 별명", "부산 사하구" })
        {
            Assert.Contains($"value=\"{kept}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("name=\"subjects[1].alias\"", html, StringComparison.Ordinal);
        Assert.Matches("id=\"reporter-named\"[^>]*checked", html);
        Assert.Matches("id=\"reporter-contactConsent\"[^>]*checked", html);
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(0, await db.Reports.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_name_given_while_anonymous_is_chosen_is_questioned_not_dropped(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var (status, html) = await PortalForms.PostReportAsync(
            platform.BrowserLikeClient(),
            "en",
            [("reporter.mode", "anonymous"), ("reporter.name", "Hong"), ("facts.description", "something happened")]
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("href=\"#reporter-name\"", html, StringComparison.Ordinal);
        Assert.Contains(
            WebUtility.HtmlEncode(ValidationMessages.For(ValidationCode.AnonymousWithContact, "en")),
            html,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task Add_another_person_and_remove_one_keep_everything_written_and_send_nothing(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var (status, html) = await PortalForms.PostReportAsync(
            client,
            "en",
            [
                ("subjects[0].name", "First"),
                ("officials[0].position", "Chief"),
                ("facts.description", "kept words"),
                ("command", "add-subject"),
            ]
        );

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("name=\"subjects[1].name\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"First\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Chief\"", html, StringComparison.Ordinal);
        Assert.Contains("kept words", html, StringComparison.Ordinal);
        Assert.Null(PortalForms.Receipt(html));

        var response = await client.PostAsync(
            "/report",
            PortalForms.Multipart([
                ("__af", PortalForms.Token(html)),
                ("subjects[0].name", "First"),
                ("subjects[1].name", "Second"),
                ("facts.description", "kept words"),
                ("command", "remove-subject:0"),
            ])
        );
        html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("value=\"First\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Second\"", html, StringComparison.Ordinal);
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(0, await db.Reports.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_refused_file_is_named_in_a_message_and_the_rest_of_the_form_is_kept(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var (status, html) = await PortalForms.PostReportAsync(
            platform.BrowserLikeClient(),
            "en",
            [("facts.description", "words to keep 51c2"), ("subjects[0].name", "Person kept")],
            ("attachments", "tool.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]),
            ("attachments", "photo.jpg", TestFiles.JpegWithGps())
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Format("Validation.AttachmentType", "en", "tool.exe")),
            html,
            StringComparison.Ordinal
        );
        Assert.Contains("href=\"#attachments\"", html, StringComparison.Ordinal);
        Assert.Contains("words to keep 51c2", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Person kept\"", html, StringComparison.Ordinal);
        // The good file was sealed and is kept for the next post.
        Assert.Matches("name=\"kept\" value=\"[0-9a-f]{32}\\|\\d+\\|1\\|photo.jpg\"", html);
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_oversized_file_is_refused_with_its_limit_and_the_form_is_kept(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider, "--max-attachment-mb", "1");
        var big = new byte[(1024 * 1024) + 100];
        TestFiles.Png.CopyTo(big, 0);
        var (status, html) = await PortalForms.PostReportAsync(
            platform.BrowserLikeClient(),
            "ko",
            [("facts.description", "크기 초과 시험")],
            ("attachments", "큰사진.png", big)
        );

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Format("Validation.AttachmentTooLarge", "ko", "큰사진.png", 1)),
            html,
            StringComparison.Ordinal
        );
        Assert.Contains("크기 초과 시험", html, StringComparison.Ordinal);
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(0, await db.Attachments.CountAsync());
        Assert.Equal(0, await db.AttachmentChunks.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Files_attached_before_a_re_render_are_sent_with_the_report_and_nothing_readable_stays_on_intake(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var (_, html) = await PortalForms.PostReportAsync(
            client,
            "en",
            [("facts.description", "with a photo"), ("command", "add-official")],
            ("attachments", "IMG_0001.JPG", TestFiles.JpegWithGps())
        );
        var kept = System.Text.RegularExpressions.Regex.Match(html, "name=\"kept\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(kept);

        var response = await client.PostAsync(
            "/report",
            PortalForms.Multipart(
                [
                    ("__af", PortalForms.Token(html)),
                    ("facts.description", "with a photo"),
                    ("kept", WebUtility.HtmlDecode(kept)),
                ],
                ("attachments", "note.txt", "차량 번호 12가3456\n"u8.ToArray())
            )
        );
        html = await response.Content.ReadAsStringAsync();

        Assert.NotNull(PortalForms.Receipt(html));
        Assert.Contains(
            WebUtility.HtmlEncode(Texts.Format("Receipt.Attachments", "en", 2)),
            html,
            StringComparison.Ordinal
        );
        await using var db = platform.OpenIntakeDb();
        var report = await db.Reports.SingleAsync();
        Assert.Equal(2, await db.Attachments.CountAsync(a => a.ReportId == report.Id));
        foreach (var file in platform.Files("intake"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(TestFiles.Contains(bytes, "12가3456"u8), file);
            Assert.False(TestFiles.Contains(bytes, TestFiles.SecretMake), file);
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_removed_file_is_deleted_at_once(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var client = platform.BrowserLikeClient();
        var (_, html) = await PortalForms.PostReportAsync(
            client,
            "en",
            [("command", "stay")],
            ("attachments", "a.png", TestFiles.Png)
        );
        var kept = WebUtility.HtmlDecode(
            System.Text.RegularExpressions.Regex.Match(html, "name=\"kept\" value=\"([^\"]+)\"").Groups[1].Value
        );
        Assert.Contains(WebUtility.HtmlEncode(Texts.Get("Report.NotSent", "en")), html, StringComparison.Ordinal);

        await client.PostAsync(
            "/report",
            PortalForms.Multipart([
                ("__af", PortalForms.Token(html)),
                ("kept", kept),
                ("command", "remove-attachment:" + kept[..32]),
            ])
        );

        await using var db = platform.OpenIntakeDb();
        Assert.Equal(0, await db.Attachments.CountAsync());
        Assert.Equal(0, await db.AttachmentChunks.CountAsync());
    }

    private static string TitleOf(string html) =>
        WebUtility.HtmlDecode(
            System.Text.RegularExpressions.Regex.Match(html, "<title>([^<]*)</title>").Groups[1].Value
        );
}
