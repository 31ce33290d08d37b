using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Search;
using Jebo.Casework.Tests.Pages;
using Jebo.Storage;
using Jebo.Testing;
using Jebo.Transfer.Reports;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Search;

/// <summary>Search and list that stay fast at a million cases (issue 15 item 1, docs/benchmarks.md): the index holds
/// each document's office and follows a case that moves; a search reads its newest window and says when more match; a
/// list counts up to a limit and says when there are more. On both databases.</summary>
public sealed class SearchWindowTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_moved_case_is_found_by_its_new_office_and_no_longer_by_the_old(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var moved = await PageTesting.CaseInAsync(platform, "26380", "사하구 시장에서 동백파가 보호비를 걷습니다");
        var holder = await PageTesting.CaseInAsync(platform, "27110", "대구 중구의 다른 제보입니다");
        var busan = await platform.StaffClientAsync("win-busan", "26", "supervisor");
        var seoul = await platform.StaffClientAsync("win-seoul", "11", "supervisor");
        var daegu = await platform.StaffClientAsync("win-daegu", "27", "supervisor");
        Assert.Equal([moved], Ids(await SearchAsync(busan, "동백파")));
        Assert.Empty(Ids(await SearchAsync(seoul, "동백파")));

        // The case changes office, as assign, transfer, reclassify and refer write it.
        await using (var db = platform.OpenCaseworkDb())
        {
            var c = await db.Cases.SingleAsync(x => x.Id == moved);
            (c.OfficeCode, c.Region) = ("11110", "11110");
            await db.SaveChangesAsync();
            var report = await db.Reports.Where(r => r.CaseId == moved).Select(r => r.Id).SingleAsync();
            Assert.Equal(
                ["11110"],
                await db.SearchDocuments.Where(d => d.ReportId == report).Select(d => d.Office).ToListAsync()
            );
        }

        Assert.Empty(Ids(await SearchAsync(busan, "동백파")));
        Assert.Equal([moved], Ids(await SearchAsync(seoul, "동백파")));

        // The report changes case, as a merge writes it: its words now lead to the case that holds it.
        await using (var db = platform.OpenCaseworkDb())
        {
            var report = await db.Reports.SingleAsync(r => r.CaseId == moved);
            report.CaseId = holder;
            await db.SaveChangesAsync();
        }

        Assert.Empty(Ids(await SearchAsync(seoul, "동백파")));
        Assert.Equal([holder], Ids(await SearchAsync(daegu, "동백파")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_office_code_searched_for_finds_the_word_not_the_offices_cases(string provider)
    {
        // PostgreSQL's vector holds each document's office as a lexeme beside its words (migration
        // SearchVectorOffice): the words a clerk types, "§26380" included, must never reach it.
        await using var platform = await TestPlatform.StartAsync(provider);
        var saha = await PageTesting.CaseInAsync(platform, "26380", "사하구 시장에서 동백파가 보호비를 걷습니다");
        var said = await PageTesting.CaseInAsync(platform, "26380", "번지수 26380 근처 창고에서 도박판이 열립니다");
        var national = await platform.StaffClientAsync("win-code", "national", "supervisor");
        Assert.Equal([said], Ids(await SearchAsync(national, "26380")));
        Assert.Equal([said], Ids(await SearchAsync(national, "§26380")));
        Assert.DoesNotContain(saha, Ids(await SearchAsync(national, "§26")));
        var busan = await platform.StaffClientAsync("win-code-busan", "26", "supervisor");
        Assert.Equal([saha], Ids(await SearchAsync(busan, "동백파 보호비")));
        Assert.Equal([said], Ids(await SearchAsync(busan, "26380 도박판")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_search_ranks_its_newest_window_says_more_match_and_dates_reach_older(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var extra = 20;
        var ids = await FillAsync(platform, CaseSearch.Window + extra, "칠성파가 시장 상인들에게 보호비를 걷습니다");
        var national = await platform.StaffClientAsync("win-national", "national", "supervisor");

        var first = await SearchAsync(national, "보호비");
        Assert.Equal(CaseSearch.Window, first.GetProperty("total").GetInt32());
        Assert.False(first.GetProperty("totalExact").GetBoolean());
        var seen = new List<string>(Ids(first));
        var after = first.GetProperty("next").GetString();
        while (after is not null)
        {
            var page = await national.GetFromJsonAsync<JsonElement>(
                $"/api/v1/cases?q={Uri.EscapeDataString("보호비")}&after={Uri.EscapeDataString(after)}",
                TestContext.Current.CancellationToken
            );
            seen.AddRange(Ids(page));
            after = page.GetProperty("next").GetString();
        }

        // The newest window, each case once; the oldest are beyond it.
        Assert.Equal(CaseSearch.Window, seen.Count);
        Assert.Equal(ids.Skip(extra).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        // Narrowed by date, the search reaches the older cases, and counts them exactly.
        var to = Uri.EscapeDataString(Received(extra).ToString("O"));
        var older = await national.GetFromJsonAsync<JsonElement>(
            $"/api/v1/cases?q={Uri.EscapeDataString("보호비")}&to={to}",
            TestContext.Current.CancellationToken
        );
        Assert.Equal(ids.Take(extra).Order(StringComparer.Ordinal), Ids(older).Order(StringComparer.Ordinal));
        Assert.True(older.GetProperty("totalExact").GetBoolean());

        // Busan holds none of them: the index itself narrows the search to Busan's offices.
        var busan = await platform.StaffClientAsync("win-busan2", "26", "supervisor");
        var none = await SearchAsync(busan, "보호비");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.True(none.GetProperty("totalExact").GetBoolean());
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_list_counts_up_to_its_limit_and_a_whole_jurisdiction_from_its_count(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        await FillAsync(platform, CaseQueries.CountLimit + 1, null);
        var national = await platform.StaffClientAsync("win-count", "national", "supervisor");
        var list = await ListAsync(national, "");
        Assert.Equal(CaseQueries.CountLimit + 1, list.GetProperty("total").GetInt32());
        Assert.False(list.GetProperty("totalExact").GetBoolean());
        Assert.Equal(CaseQueries.PageSize, Ids(list).Count);

        // A filter other than an office: counted up to the limit, "at least" beyond it.
        var filtered = await ListAsync(national, "category=protection-racket");
        Assert.Equal(CaseQueries.CountLimit, filtered.GetProperty("total").GetInt32());
        Assert.False(filtered.GetProperty("totalExact").GetBoolean());
        var incheon = await platform.StaffClientAsync("win-count-incheon", "28", "supervisor");
        Assert.Equal(CaseQueries.CountLimit + 1, (await ListAsync(incheon, "")).GetProperty("total").GetInt32());
        Assert.Equal(
            CaseQueries.CountLimit + 1,
            (await ListAsync(national, "office=28&page=3")).GetProperty("total").GetInt32()
        );

        // Cases that arrive show in the count once it is taken again.
        await FillAsync(platform, 5, null);
        Assert.Equal(CaseQueries.CountLimit + 1, (await ListAsync(national, "")).GetProperty("total").GetInt32());
        clock.Advance(JurisdictionCounts.Lifetime);
        Assert.Equal(CaseQueries.CountLimit + 6, (await ListAsync(national, "")).GetProperty("total").GetInt32());

        // Another jurisdiction's count is its own: none of these cases is Seoul's.
        var seoul = await platform.StaffClientAsync("win-count-seoul", "11", "supervisor");
        var small = await ListAsync(seoul, "");
        Assert.Equal(0, small.GetProperty("total").GetInt32());
        Assert.True(small.GetProperty("totalExact").GetBoolean());
        Assert.Equal(0, (await ListAsync(seoul, "office=28")).GetProperty("total").GetInt32());
    }

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Received(int i) => Start.AddMinutes(i);

    /// <summary><paramref name="count"/> cases of the Incheon office, oldest first, each with one report saying
    /// <paramref name="text"/> and indexed as the importer indexes it (none when null); their ids, oldest
    /// first.</summary>
    private static async Task<List<string>> FillAsync(TestPlatform platform, int count, string? text)
    {
        await using var db = platform.OpenCaseworkDb();
        await using var transaction = await WriteTransaction.BeginAsync(db, CancellationToken.None);
        var cases = new List<CaseRecord>();
        var reports = new List<ReportRecord>();
        var texts = new List<(Guid, string)>();
        for (var i = 0; i < count; i++)
        {
            var c = new CaseRecord
            {
                Id = CaseId.New(),
                Status = CaseStatus.Screened,
                OfficeCode = "28",
                Category = "protection-racket",
                Region = "28110",
                ReceivedAt = Received(i),
                UpdatedAt = Received(i),
                PublicStatusAt = Received(i),
            };
            var content = new ReportContent
            {
                Language = "ko",
                Category = "protection-racket",
                Region = "28110",
                Reporter = new ReporterContent { Anonymous = true },
                Facts = new FactsContent { Description = text ?? "제보 " + i },
            };
            var report = new ReportRecord
            {
                Id = Guid.NewGuid(),
                CaseId = c.Id,
                ReceivedAt = c.ReceivedAt,
                ImportedAt = c.ReceivedAt,
                BundleSequence = 1,
                Content = JsonSerializer.Serialize(content, StoredJson.Options),
                FeedbackKey = RandomNumberGenerator.GetBytes(32),
            };
            cases.Add(c);
            reports.Add(report);
            if (text is not null)
            {
                texts.Add((report.Id, SearchIndexing.TermsOf(content)));
            }
        }

        BulkInsert.Insert(db, cases);
        BulkInsert.Insert(db, reports);
        await SearchIndexing.AddAsync(db, texts, CancellationToken.None);
        await transaction.CommitAsync();
        return [.. cases.Select(c => c.Id)];
    }

    [Fact]
    public async Task SQLite_reads_a_supervised_list_by_deadline_in_the_order_of_its_index()
    {
        // The list a supervisor works from, a province's supervised cases by next deadline, was sorted in full after
        // SQLite read the province's every case through the office index (docs/benchmarks.md). Read here: the order
        // holds (a case without a running deadline last), and each of its statements is answered from the index on
        // the expression it orders by (migration SupervisedByDueOrder), never by sorting what it read.
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite);
        var now = DateTimeOffset.UtcNow;
        var expected = new List<string>();
        for (var i = 0; i < CaseQueries.PageSize + 5; i++)
        {
            var hours = (i * 7) % (CaseQueries.PageSize + 5);
            var open = i % 11 == 3;
            var id = await CaseSeeds.AddAsync(platform, office: i % 2 == 0 ? "26" : "26380", shape: c =>
            {
                c.Supervised = true;
                c.NextDueAt = open ? null : now.AddHours(hours);
            });
            expected.Add(id);
            await CaseSeeds.AddAsync(platform, shape: c => c.NextDueAt = now.AddMinutes(-i));
        }

        await using (var db = platform.OpenCaseworkDb())
        {
            expected =
            [
                .. (await db.Cases.Where(c => c.Supervised).ToListAsync())
                    .OrderBy(c => c.NextDueAt ?? DateTimeOffset.MaxValue)
                    .ThenBy(c => c.Id, StringComparer.Ordinal)
                    .Select(c => c.Id),
            ];
        }

        var busan = await platform.StaffClientAsync("win-due", "26", "supervisor");
        using var statements = new EfStatements();
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await ListAsync(
                busan,
                "supervised=true&sort=due" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))
            );
            seen.AddRange(Ids(page));
            after = page.GetProperty("next").GetString();
        } while (after is not null);
        Assert.Equal(expected, seen);

        var listed = statements
            .Captured.Where(s => s.Text.Contains("\"Supervised\" =", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(4, listed.Count); // each page and its count
        await using var casework = platform.OpenCaseworkDb();
        await EfStatements.AssertReadInIndexOrderAsync(casework, listed, "IX_cases_Supervised_DueOrder");
    }

    private static Task<JsonElement> SearchAsync(HttpClient client, string q) =>
        client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/cases?q={Uri.EscapeDataString(q)}",
            TestContext.Current.CancellationToken
        );

    private static Task<JsonElement> ListAsync(HttpClient client, string query) =>
        client.GetFromJsonAsync<JsonElement>("/api/v1/cases?" + query, TestContext.Current.CancellationToken);

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}
