using System.Net;
using Jebo.Intake.Localization;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Pages;

/// <summary>The status page's follow-up form with files, without JavaScript, in Korean and Chinese: a photo is sent
/// and named back in the conversation; a disguised executable is refused by name as on the report form, and nothing
/// of a refused or untrusted post is kept.</summary>
public sealed class StatusFilesPageTests
{
    private static async Task<HttpResponseMessage> PostFollowUpAsync(
        HttpClient client,
        string page,
        string receipt,
        string text,
        params (string Field, string FileName, byte[] Bytes)[] files
    ) =>
        await client.PostAsync(
            "/status?handler=FollowUp",
            PortalForms.Multipart([("__af", PortalForms.Token(page)), ("receipt", receipt), ("text", text)], files)
        );

    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task A_photo_attached_on_the_status_page_is_sent_with_the_follow_up_and_named_back(
        string provider,
        string language
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("부산 사하구 보호비", region: "26380");
        var client = platform.BrowserLikeClient();
        var (_, page) = await PortalForms.PostStatusAsync(client, language, receipt);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
        Assert.Contains("type=\"file\" id=\"attachments\"", page, StringComparison.Ordinal);

        var response = await PostFollowUpAsync(client, page, receipt, "", ("attachments", "시장.png", TestFiles.Png));
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Html(Texts.Get("Status.FollowUpSent", language)), answer, StringComparison.Ordinal);
        Assert.Contains(
            Html(Texts.Format("Status.FollowUpFiles", language, "시장.png")),
            answer,
            StringComparison.Ordinal
        );
        await using var db = platform.OpenIntakeDb();
        var followUp = await db.FollowUps.SingleAsync();
        Assert.Equal(followUp.Id, (await db.Attachments.SingleAsync()).FollowUpId);
    }

    [Theory]
    [DatabaseProviders("ko")]
    [DatabaseProviders("zh")]
    public async Task A_disguised_executable_is_refused_by_name_and_the_good_file_beside_it_is_not_kept(
        string provider,
        string language
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var receipt = await platform.SubmitAsync("부산 사하구 보호비", region: "26380");
        var client = platform.BrowserLikeClient();
        var (_, page) = await PortalForms.PostStatusAsync(client, language, receipt);

        var response = await PostFollowUpAsync(
            client,
            page,
            receipt,
            "사진과 문서",
            ("attachments", "scene.png", TestFiles.Png),
            ("attachments", "문서.pdf.exe", [0x4D, 0x5A, 0x90, 0x00, .. new byte[64]])
        );
        var answer = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(
            Texts.Format("Validation.AttachmentType", language, "문서.pdf.exe"),
            WebUtility.HtmlDecode(answer),
            StringComparison.Ordinal
        );
        Assert.Contains(Html(Texts.Get("Report.AttachAgain", language)), answer, StringComparison.Ordinal);
        // The words stay in the form to send again; nothing was stored.
        Assert.Contains("사진과 문서", answer, StringComparison.Ordinal);
        await using (var db = platform.OpenIntakeDb())
        {
            Assert.Empty(db.FollowUps);
            Assert.Empty(db.Attachments);
        }

        // A post whose antiforgery token is not this browser's is not trusted: nothing is sent or kept.
        var stranger = platform.BrowserLikeClient();
        var (_, otherPage) = await PortalForms.PostStatusAsync(stranger, language, receipt);
        var forged = await PostFollowUpAsync(
            client,
            otherPage,
            receipt,
            "위조",
            ("attachments", "a.png", TestFiles.Png)
        );
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(
            Html(Texts.Get("Report.Expired", language)),
            await forged.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        await using (var db = platform.OpenIntakeDb())
        {
            Assert.Empty(db.FollowUps);
            Assert.Empty(db.Attachments);
        }
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
