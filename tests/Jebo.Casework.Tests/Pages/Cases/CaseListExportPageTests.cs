using System.Net;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages.Cases;

/// <summary><em>Export</em> on the case list page: a POST form with antiforgery carrying the filters the person sees,
/// answered with the file of exactly that list, recorded as <c>cases.exported</c>.</summary>
public sealed class CaseListExportPageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task The_page_exports_the_list_it_shows_by_a_form_that_carries_its_filters(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var protection = await PageTesting.CaseInAsync(platform, "26380", "사하구 조직원들이 보호비를 걷습니다");
        var drugs = await PageTesting.CaseInAsync(platform, "26380", "항구 창고에서 마약 거래가 이루어집니다");
        using var busan = new StaffBrowser(platform);
        await busan.SignInNewAccountAsync("busan.sup", "26", Roles.Supervisor);

        var page = await busan.GetPageAsync("/cases?lang=ko&q=" + Uri.EscapeDataString("보호비") + "&due=soon");
        Assert.Contains("<form method=\"post\" class=\"inline\" id=\"cases-export\"", page, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"q\" value=\"", page, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"due\" value=\"soon\" />", page, StringComparison.Ordinal);

        var download = await busan.SubmitAsync(
            "/cases?q=" + Uri.EscapeDataString("보호비"),
            [KeyValuePair.Create("format", "csv"), KeyValuePair.Create("q", "보호비")],
            "/cases?handler=Export"
        );
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        var csv = Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF사건 번호,접수,담당 기관", csv, StringComparison.Ordinal);
        Assert.Contains(protection, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(drugs, csv, StringComparison.Ordinal);

        // Without the antiforgery token nothing is exported; a format the page does not offer is refused in words.
        var forged = await busan.PostAsync("/cases?handler=Export", null, [KeyValuePair.Create("format", "csv")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var refused = await busan.SubmitAsync(
            "/cases",
            [KeyValuePair.Create("format", "pdf")],
            "/cases?handler=Export"
        );
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(
            "형식은 csv 또는 xlsx입니다.",
            await refused.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );

        var exports = (await PageTesting.AuditAsync(platform)).Where(a => a.Action == AuditActions.CasesExported);
        var export = Assert.Single(exports);
        Assert.Equal("busan.sup", export.Actor);
        Assert.Contains("\"rows\":1", export.Details, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Administrators_export_no_case_list(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var administrator = new StaffBrowser(platform);
        await administrator.SignInNewAccountAsync("nat.adm", "national", Roles.Administrator);
        var refused = await administrator.PostAsync(
            "/cases?handler=Export",
            null,
            [KeyValuePair.Create("format", "csv")]
        );
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(await PageTesting.AuditAsync(platform), a => a.Action == AuditActions.CasesExported);
    }
}
