using Jebo.Screening.Scoring;

namespace Jebo.Screening.Tests.Scoring;

public sealed class ScreenerTests
{
    private static ScreeningInput Input(
        string description,
        string? category = null,
        string? when = null,
        string? where = null,
        string[]? names = null,
        int officials = 0
    ) => new(description, category, null, when, where, names ?? [], [], officials);

    [Fact]
    public void An_organised_crime_report_scores_in_scope_with_reasons()
    {
        var result = Screener.Screen(
            Input(
                "조직폭력배들이 시장 상인들에게 매달 보호비를 갈취합니다. 두목은 칠성파 소속입니다.",
                "protection-racket"
            )
        );
        Assert.True(result.Scope >= 70, $"scope {result.Scope}");
        Assert.Contains(result.Reasons, r => r.Contains("protection money", StringComparison.Ordinal));
        Assert.Contains(result.Reasons, r => r.Contains("category", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unrelated_complaint_scores_low_and_says_why()
    {
        var result = Screener.Screen(Input("이웃집 개가 밤마다 짖어서 잠을 못 잡니다."));
        Assert.True(result.Scope < 30, $"scope {result.Scope}");
        Assert.Contains(result.Reasons, r => r.Contains("no sign", StringComparison.Ordinal));
    }

    [Fact]
    public void Chinese_and_English_reports_are_read_too()
    {
        Assert.True(Screener.Screen(Input("黑社会团伙向商户收取保护费，并敲诈勒索。")).Scope >= 60);
        Assert.True(
            Screener.Screen(Input("A gang runs an illegal gambling den and takes protection money.")).Scope >= 60
        );
    }

    [Fact]
    public void Completeness_grows_with_what_a_verifier_can_check()
    {
        var thin = Screener.Screen(Input("도박장이 있다"));
        var rich = Screener.Screen(
            Input(
                "매주 금요일 밤 사하구 OO빌딩 지하에서 불법 도박장이 열립니다. 운영자는 010-1234-5678 번을 쓰고 검은 차 12가 3456 를 탑니다. 판돈은 계좌 "
                    + "110-234-567890 으로 받습니다.",
                when: "2026-10",
                where: "부산 사하구",
                names: ["박철수"]
            )
        );
        Assert.True(rich.Completeness > thin.Completeness + 40, $"{thin.Completeness} vs {rich.Completeness}");
        Assert.Contains(rich.Reasons, r => r.Contains("3 phone, plate or account", StringComparison.Ordinal));
    }
}
