using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Sampling;
using Jebo.Reference.TimeZones;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Tests.Statistics;

/// <summary>Cases worked through the real steps, for the statistics and the ledger to count: reports submitted to
/// intake and carried across, then accepted, verified, reviewed, published, closed, rejected, merged, called back and
/// left to run late by the staff of Busan and the national office through the API, on a clock that moves.</summary>
/// <remarks>In Busan (region 26380, held by office 26): <see cref="Closed"/> (named, substantiated, reviewed,
/// published, closed, called back: reached, satisfaction 4); <see cref="Unconfirmed"/> (result unsubstantiated, not yet
/// reviewed); <see cref="Rejected"/> (insufficient); <see cref="Overdue"/> (never decided, its acceptance deadline
/// lapsed) and <see cref="MergedAway"/> (merged into it); <see cref="Late"/> (accepted 10 days after arrival). In Seoul
/// (11110, office 11): <see cref="Seoul"/>, received.</remarks>
internal sealed class WorkedCases : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Platform.DisposeAsync();

    public required TestPlatform Platform { get; init; }
    public required ManualClock Clock { get; init; }
    public required HttpClient Busan { get; init; }
    public required HttpClient National { get; init; }
    public required HttpClient SeoulStaff { get; init; }
    public required string Closed { get; init; }
    public required string Unconfirmed { get; init; }
    public required string Rejected { get; init; }
    public required string Overdue { get; init; }
    public required string MergedAway { get; init; }
    public required string Late { get; init; }
    public required string Seoul { get; init; }

    /// <summary>The month (platform calendar) the cases arrived and were called back in.</summary>
    public required string Month { get; init; }

    public static async Task<WorkedCases> CreateAsync(string provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock },
            "--rate-limits",
            "off"
        );
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var seoulStaff = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var marker = "m" + Guid.NewGuid().ToString("n")[..8];
        var named = new
        {
            anonymous = false,
            name = "이몽룡",
            phone = "010-4444-5555",
            contactConsent = true,
        };
        string[] texts =
        [
            "부산 사하구 불법 도박장 운영 조직이 상인들에게 돈을 뜯습니다",
            "사하구 항구 창고에서 마약 거래가 밤마다 이루어집니다",
            "누군가 뭔가를 한다고 들었습니다",
            "다대포 유흥업소 보호비 갈취 조직원 세 명이 매주 금요일에 옵니다",
            "다대포 유흥업소 보호비 갈취 조직원 세 명이 매주 금요일마다 옵니다",
            "감천동 건설 현장에 조직폭력배가 장비 임대를 강요합니다",
        ];
        for (var i = 0; i < texts.Length; i++)
        {
            await platform.SubmitAsync($"{texts[i]} {marker}q{i}", "26380", i == 0 ? named : null);
        }

        await platform.SubmitAsync($"서울 종로구 보이스피싱 조직 사무실 {marker}qs", "11110");
        await platform.TransferAsync();
        async Task<string> CaseOfAsync(HttpClient staff, string tag) =>
            (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases?q={marker}q{tag}"))
                .GetProperty("items")
                .EnumerateArray()
                .Single()
                .GetProperty("id")
                .GetString()!;

        string[] ids =
        [
            .. await Task.WhenAll(Enumerable.Range(0, texts.Length).Select(i => CaseOfAsync(busan, $"{i}"))),
        ];
        var seoul = await CaseOfAsync(seoulStaff, "s");

        // Worked in time, on the day they arrived.
        foreach (var id in ids[..2])
        {
            await busan.StepAsync(id, new { action = "accept" });
            await busan.StepAsync(id, new { action = "start-verification" });
        }

        await busan.StepAsync(
            ids[0],
            new
            {
                action = "record-contact",
                channel = "phone",
                outcome = "reached",
            }
        );
        await busan.StepAsync(
            ids[0],
            new
            {
                action = "record-result",
                result = "substantiated",
                summary = "확인됨",
            }
        );
        await national.StepAsync(ids[0], new { action = "review" });
        await busan.StepAsync(ids[0], new { action = "publish-status", message = "사실로 확인되어 조치하였습니다." });
        await busan.StepAsync(ids[0], new { action = "close" });
        await busan.StepAsync(
            ids[1],
            new
            {
                action = "record-result",
                result = "unsubstantiated",
                summary = "없음",
            }
        );
        await busan.ConfirmedAsync(national, ids[2], new { action = "reject", reason = "insufficient" });
        await busan.ConfirmedAsync(national, ids[4], new { action = "merge", into = ids[3] });

        // The month's callback sample, drawn by the service the loop and `jebo sample run` call, and the call.
        var zone = platform.CaseworkApp.Services.GetRequiredService<PlatformTimeZone>();
        var month = zone.DateOf(clock.GetUtcNow()).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using (var scope = platform.CaseworkApp.Services.CreateAsyncScope())
        {
            await scope
                .ServiceProvider.GetRequiredService<CallbackSampling>()
                .DrawAsync(month, null, "nat-sup", CancellationToken.None);
        }

        await national.StepAsync(
            ids[0],
            new
            {
                action = "record-callback",
                reached = true,
                channel = "phone",
                satisfaction = 4,
                disputes = false,
                comment = "빨리 처리해 주어 고맙습니다",
            }
        );

        // Ten days on: one case is accepted late, another still waits past its acceptance deadline (7 days).
        clock.Advance(TimeSpan.FromDays(10));
        await busan.StepAsync(ids[5], new { action = "accept" });
        return new WorkedCases
        {
            Platform = platform,
            Clock = clock,
            Busan = busan,
            National = national,
            SeoulStaff = seoulStaff,
            Closed = ids[0],
            Unconfirmed = ids[1],
            Rejected = ids[2],
            Overdue = ids[3],
            MergedAway = ids[4],
            Late = ids[5],
            Seoul = seoul,
            Month = month,
        };
    }
}
