using System.Net;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Reference.Regions;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Jebo.Casework.Tests.Statistics;

/// <summary><c>GET /api/v1/ledger</c>: an office's clues as readable Korean in UTF-8 CSV and in XLSX, read back here
/// from both; only within the caller's jurisdiction; every export in the audit trail.</summary>
public sealed class LedgerTests
{
    [Theory]
    [DatabaseProviders]
    public async Task The_ledger_reads_back_in_Korean_from_the_CSV_and_the_XLSX_and_each_export_is_audited(
        string provider
    )
    {
        await using var worked = await WorkedCases.CreateAsync(provider);
        var regions = worked.Platform.CaseworkApp.Services.GetRequiredService<RegionDataset>();
        var saha = regions.Find("26380")!.Name.In("ko");

        // A Korean office's program asks for Korean; one that names no language reads the API in English.
        worked.Busan.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ko-KR");
        var csvBytes = await worked.Busan.GetByteArrayAsync("/api/v1/ledger?format=csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csvBytes[..3]);
        var lines = Encoding.UTF8.GetString(csvBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal("사건 번호", header[0]);
        Assert.Contains("기한: 수리 결정", header);
        var rows = lines[1..].Select(l => l.Split(',')).ToDictionary(r => r[0], StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                worked.Closed,
                worked.Unconfirmed,
                worked.Rejected,
                worked.Overdue,
                worked.MergedAway,
                worked.Late,
            }.Order(StringComparer.Ordinal),
            rows.Keys.Order(StringComparer.Ordinal)
        );
        string Cell(string caseId, string column) => rows[caseId][Array.IndexOf(header, column)];
        Assert.Equal(saha, Cell(worked.Closed, "지역"));
        Assert.Equal("종결", Cell(worked.Closed, "상태"));
        Assert.StartsWith("nat-sup (", Cell(worked.Closed, "검토자"), StringComparison.Ordinal);
        Assert.Equal($"{worked.Overdue}에 병합", Cell(worked.MergedAway, "결과"));
        Assert.Equal("초과", Cell(worked.Overdue, "기한: 수리 결정"));
        Assert.DoesNotContain(worked.Seoul, Encoding.UTF8.GetString(csvBytes), StringComparison.Ordinal);

        var xlsx = await worked.Busan.GetAsync("/api/v1/ledger?format=xlsx");
        Assert.Equal(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx.Content.Headers.ContentType!.MediaType
        );
        using var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var read = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(6, read.Count);
        var closed = read.Single(r => (string)r["사건 번호"] == worked.Closed);
        Assert.Equal(saha, closed["지역"]);
        Assert.Equal(Cell(worked.Closed, "결과"), closed["결과"]);

        await using var db = worked.Platform.OpenCaseworkDb();
        var exports = await db
            .AuditEntries.Where(e => e.Action == AuditActions.LedgerExported)
            .OrderBy(e => e.Sequence)
            .ToListAsync();
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Equal(("busan-sup", "26"), (e.Actor, e.ActorOffice)));
        Assert.Contains("\"format\":\"xlsx\"", exports[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"rows\":6", exports[1].Details, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_ledger_keeps_to_the_jurisdiction_and_refuses_bad_input_and_administrators(string provider)
    {
        await using var worked = await WorkedCases.CreateAsync(provider);
        Assert.Equal(HttpStatusCode.NotFound, (await worked.Busan.GetAsync("/api/v1/ledger?office=11")).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await worked.SeoulStaff.GetAsync("/api/v1/ledger?office=26")).StatusCode
        );
        var seoul = await worked.SeoulStaff.GetStringAsync("/api/v1/ledger");
        Assert.Contains(worked.Seoul, seoul, StringComparison.Ordinal);
        Assert.DoesNotContain(worked.Closed, seoul, StringComparison.Ordinal);
        var national = await worked.National.GetStringAsync("/api/v1/ledger?office=26");
        Assert.Contains(worked.Closed, national, StringComparison.Ordinal);
        Assert.DoesNotContain(worked.Seoul, national, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await worked.Busan.GetAsync("/api/v1/ledger?format=pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await worked.Busan.GetAsync("/api/v1/ledger?from=12/01")).StatusCode);
        var administrator = await worked.Platform.StaffClientAsync("nat-adm", "national", "administrator");
        Assert.Equal(HttpStatusCode.Forbidden, (await administrator.GetAsync("/api/v1/ledger")).StatusCode);

        // Refused exports leave no trace of an export; the two answered ones do.
        await using var db = worked.Platform.OpenCaseworkDb();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.LedgerExported));
    }
}
