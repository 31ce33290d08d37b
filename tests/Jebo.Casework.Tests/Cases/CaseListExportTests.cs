using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Staff;
using Jebo.Reference.Regions;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Jebo.Casework.Tests.Cases;

/// <summary><c>GET /api/v1/cases/export</c>: the case list, with the list's filters and columns, as readable Korean
/// or Chinese in UTF-8 CSV and in XLSX, read back here from both; only within the caller's jurisdiction; every export
/// in the audit trail first, an empty one too.</summary>
public sealed class CaseListExportTests
{
    /// <summary>A login a spreadsheet would read as a formula (<c>-2-3</c> is -5) were it not made inert.</summary>
    private const string FormulaLogin = "-2-3";

    private static readonly string[] KoreanHeader =
    [
        "사건 번호",
        "접수",
        "담당 기관",
        "유형",
        "지역",
        "상태",
        "담당자",
        "다음 기한",
        "기한",
        "범위 점수",
    ];

    private static readonly string[] EnglishStart = ["Case", "Received", "Office"];

    /// <summary>The rows of the exports of the second test, in order: Seoul's own, Seoul's for Busan, the national
    /// office's for Busan, and the service's within its limit.</summary>
    private static readonly int[] ExportedRows = [1, 0, 2, 2];

    private sealed record Cases(TestPlatform Platform, HttpClient Busan, HttpClient Seoul, string Protection)
    {
        public required string Drugs { get; init; }
        public required string SeoulCase { get; init; }
    }

    /// <summary>Two Busan cases (Saha-gu, 26380; <see cref="Cases.Protection"/> assigned to
    /// <see cref="FormulaLogin"/>) and one in Seoul (11110).</summary>
    private static async Task<Cases> CasesAsync(string provider)
    {
        var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", Roles.Supervisor);
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", Roles.Supervisor);
        await platform.StaffClientAsync(FormulaLogin, "26", Roles.Investigator);
        await platform.SubmitAsync("사하구 유흥가 조직원들이 상인들에게 보호비를 걷습니다 賭博場", "26380");
        await platform.SubmitAsync("사하구 항구 창고에서 마약 거래가 이루어집니다", "26380");
        await platform.SubmitAsync("서울 종로구 보이스피싱 조직 사무실", "11110");
        await platform.TransferAsync();
        async Task<string> OnlyAsync(HttpClient staff, string q) =>
            (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases?q=" + Uri.EscapeDataString(q)))
                .GetProperty("items")
                .EnumerateArray()
                .Single()
                .GetProperty("id")
                .GetString()!;

        var protection = await OnlyAsync(busan, "보호비");
        await busan.StepAsync(protection, new { action = "accept" });
        await busan.StepAsync(protection, new { action = "assign", assignee = FormulaLogin });
        return new Cases(platform, busan, seoul, protection)
        {
            Drugs = await OnlyAsync(busan, "마약"),
            SeoulCase = await OnlyAsync(seoul, "보이스피싱"),
        };
    }

    private static string[][] CsvRows(byte[] csv)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        return
        [
            .. Encoding
                .UTF8.GetString(csv[3..])
                .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(',')),
        ];
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_list_exports_in_Korean_and_Chinese_as_CSV_and_XLSX_each_export_audited_first(string provider)
    {
        var cases = await CasesAsync(provider);
        await using var platform = cases.Platform;
        var regions = platform.CaseworkApp.Services.GetRequiredService<RegionDataset>();

        cases.Busan.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko-KR");
        var csv = CsvRows(await cases.Busan.GetByteArrayAsync("/api/v1/cases/export?format=csv"));
        var header = csv[0];
        Assert.Equal(KoreanHeader, header);
        var rows = csv[1..].ToDictionary(r => r[0], StringComparer.Ordinal);
        Assert.Equal(
            new[] { cases.Protection, cases.Drugs }.Order(StringComparer.Ordinal),
            rows.Keys.Order(StringComparer.Ordinal)
        );
        string Cell(string caseId, string column) => rows[caseId][Array.IndexOf(header, column)];
        Assert.Equal(regions.Find("26380")!.Name.In("ko"), Cell(cases.Protection, "지역"));
        Assert.Equal("배정", Cell(cases.Protection, "상태"));
        // The login a spreadsheet would compute is written as text.
        Assert.Equal("'" + FormulaLogin, Cell(cases.Protection, "담당자"));
        Assert.Matches("^20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$", Cell(cases.Drugs, "접수"));
        Assert.Equal("수리 결정", Cell(cases.Drugs, "기한"));

        // The list's filters hold: free text in Hangul or Hanzi finds what the list finds, and no content leaves.
        var searched = await cases.Busan.GetByteArrayAsync("/api/v1/cases/export?q=" + Uri.EscapeDataString("賭博"));
        Assert.Equal(new[] { cases.Protection }, CsvRows(searched)[1..].Select(r => r[0]));
        Assert.DoesNotContain("보호비", Encoding.UTF8.GetString(searched), StringComparison.Ordinal);

        using var chinese = await cases.Platform.StaffClientAsync("busan-sup2", "26", Roles.Supervisor);
        chinese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var xlsx = await chinese.GetAsync("/api/v1/cases/export?format=xlsx&assignee=" + FormulaLogin);
        Assert.Equal(ExportFile.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".xlsx", xlsx.Content.Headers.ContentDisposition!.FileName, StringComparison.Ordinal);
        using var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var read = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().Single();
        Assert.Equal(cases.Protection, read["案件编号"]);
        Assert.Equal(regions.Find("26380")!.Name.In("zh"), read["地区"]);
        Assert.Equal(FormulaLogin, read["承办人"]);

        // A program that names no language reads English.
        var english = CsvRows(await cases.Seoul.GetByteArrayAsync("/api/v1/cases/export"));
        Assert.Equal(EnglishStart, english[0][..3]);

        await using var db = platform.OpenCaseworkDb();
        var exports = await db
            .AuditEntries.Where(e => e.Action == AuditActions.CasesExported)
            .OrderBy(e => e.Sequence)
            .ToListAsync();
        Assert.Equal(
            new[]
            {
                ("busan-sup", "csv", 2),
                ("busan-sup", "csv", 1),
                ("busan-sup2", "xlsx", 1),
                ("seoul-sup", "csv", 1),
            },
            exports.Select(e =>
            {
                var details = JsonDocument.Parse(e.Details).RootElement;
                return (e.Actor, details.GetProperty("format").GetString()!, details.GetProperty("rows").GetInt32());
            })
        );
        var filters = JsonDocument.Parse(exports[1].Details).RootElement.GetProperty("filters");
        Assert.Equal("賭博", filters.GetProperty("q").GetString());
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_export_keeps_to_the_jurisdiction_and_refuses_bad_input_administrators_and_excess(
        string provider
    )
    {
        var cases = await CasesAsync(provider);
        await using var platform = cases.Platform;

        var seoul = Encoding.UTF8.GetString(await cases.Seoul.GetByteArrayAsync("/api/v1/cases/export"));
        Assert.Contains(cases.SeoulCase, seoul, StringComparison.Ordinal);
        Assert.DoesNotContain(cases.Protection, seoul, StringComparison.Ordinal);
        Assert.DoesNotContain(cases.Drugs, seoul, StringComparison.Ordinal);

        // A filter naming another office narrows to nothing, as the list does; the empty export is recorded too.
        var elsewhere = CsvRows(await cases.Seoul.GetByteArrayAsync("/api/v1/cases/export?office=26"));
        Assert.Single(elsewhere);
        var national = await platform.StaffClientAsync("nat-sup", "national", Roles.Supervisor);
        var busanOnly = CsvRows(await national.GetByteArrayAsync("/api/v1/cases/export?office=26&format=csv"));
        Assert.Equal(3, busanOnly.Length);

        cases.Busan.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko-KR");
        var format = await cases.Busan.GetAsync("/api/v1/cases/export?format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Contains(
            "형식은 csv 또는 xlsx입니다.",
            await format.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await cases.Busan.GetAsync("/api/v1/cases/export?due=later")).StatusCode
        );
        var administrator = await platform.StaffClientAsync("nat-adm", "national", Roles.Administrator);
        Assert.Equal(HttpStatusCode.Forbidden, (await administrator.GetAsync("/api/v1/cases/export")).StatusCode);

        // More cases than an export may hold: refused whole, never cut short, and no export recorded.
        await using (var scope = platform.CaseworkApp.Services.CreateAsyncScope())
        {
            var export = scope.ServiceProvider.GetRequiredService<CaseListExport>();
            var busan = new StaffPrincipal(Guid.NewGuid(), "busan-sup", "26", Roles.Supervisor);
            var filter = new CaseListFilter();
            Assert.Null(await export.ExportAsync(busan, filter, ExportFile.Csv, CancellationToken.None, limit: 1));
            var whole = await export.ExportAsync(busan, filter, ExportFile.Xlsx, CancellationToken.None, limit: 2);
            Assert.Equal(2, whole!.Rows);
        }

        await using var db = platform.OpenCaseworkDb();
        var exports = await db
            .AuditEntries.Where(e => e.Action == AuditActions.CasesExported)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Details)
            .ToListAsync();
        Assert.Equal(
            ExportedRows,
            exports.Select(d => JsonDocument.Parse(d).RootElement.GetProperty("rows").GetInt32())
        );
    }
}
