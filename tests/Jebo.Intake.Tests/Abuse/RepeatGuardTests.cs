using Jebo.Intake.Abuse;
using Jebo.Testing;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.Tests.Abuse;

public sealed class RepeatGuardTests
{
    private static ReportContent Report(string description, string region = "26") =>
        new()
        {
            Language = "ko",
            Category = "unclear",
            Region = region,
            Facts = new FactsContent { Description = description },
        };

    [Fact]
    public void The_same_content_is_refused_within_the_window_and_taken_after_it()
    {
        var time = new ManualClock(ManualClock.Morning);
        var guard = new RepeatGuard(AbuseSettings.Defaults, time);
        using (var first = guard.TryReserve(RepeatGuard.ContentOf(Report("조직폭력배가 보호비를 요구합니다"))))
        {
            Assert.NotNull(first);
            first.Keep();
        }

        time.Advance(TimeSpan.FromHours(23));
        Assert.Null(guard.TryReserve(RepeatGuard.ContentOf(Report("조직폭력배가 보호비를 요구합니다"))));
        time.Advance(TimeSpan.FromHours(2));
        Assert.NotNull(guard.TryReserve(RepeatGuard.ContentOf(Report("조직폭력배가 보호비를 요구합니다"))));
    }

    [Fact]
    public void Case_width_and_punctuation_do_not_make_content_new_but_another_region_does()
    {
        var guard = new RepeatGuard(AbuseSettings.Defaults, new ManualClock(ManualClock.Morning));
        guard.TryReserve(RepeatGuard.ContentOf(Report("Gang at the Market, Saha-gu!")))!.Keep();
        Assert.Null(guard.TryReserve(RepeatGuard.ContentOf(Report("ｇａｎｇ  AT the market saha gu"))));
        Assert.NotNull(guard.TryReserve(RepeatGuard.ContentOf(Report("Gang at the Market, Saha-gu!", region: "11"))));
    }

    [Fact]
    public void A_reservation_not_kept_is_released_so_a_retry_after_a_failed_store_goes_through()
    {
        var guard = new RepeatGuard(AbuseSettings.Defaults, new ManualClock(ManualClock.Morning));
        var content = RepeatGuard.ContentOf(Report("도박장 운영 제보"));
        using (guard.TryReserve(content))
        {
            Assert.Null(guard.TryReserve(content));
        }

        Assert.NotNull(guard.TryReserve(content));
    }

    [Fact]
    public void Follow_ups_repeat_only_on_the_same_receipt()
    {
        var guard = new RepeatGuard(AbuseSettings.Defaults, new ManualClock(ManualClock.Morning));
        var receipt = Receipt.New();
        guard.TryReserve(RepeatGuard.ContentOf(receipt, "차량 번호는 12가 3456"))!.Keep();
        Assert.Null(guard.TryReserve(RepeatGuard.ContentOf(receipt, "차량 번호는 12가 3456")));
        Assert.NotNull(guard.TryReserve(RepeatGuard.ContentOf(Receipt.New(), "차량 번호는 12가 3456")));
    }

    [Fact]
    public void The_oldest_fingerprints_are_forgotten_past_the_memory_bound()
    {
        var guard = new RepeatGuard(
            AbuseSettings.Defaults with
            {
                MaxRememberedFingerprints = 3,
            },
            new ManualClock(ManualClock.Morning)
        );
        for (var i = 0; i < 4; i++)
        {
            guard.TryReserve("content " + i)!.Keep();
        }

        Assert.NotNull(guard.TryReserve("content 0"));
        Assert.Null(guard.TryReserve("content 3"));
    }
}
