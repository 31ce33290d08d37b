using Jebo.Intake.Abuse;
using Jebo.Intake.Validation;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.Tests.Abuse;

public sealed class SpamSignalsTests
{
    private static SpamVerdict Read(
        string description,
        string? honeypot = null,
        IReadOnlyList<SubjectContent>? subjects = null
    ) =>
        SpamSignals.Read(
            new ReportContent
            {
                Facts = new FactsContent { Description = description },
                Subjects = subjects,
            },
            honeypot,
            AbuseSettings.Defaults
        );

    [Theory]
    [InlineData("test")]
    [InlineData("TEST!!!")]
    [InlineData("테스트")]
    [InlineData("ㅋㅋㅋㅋㅋㅋㅋㅋ")]
    [InlineData("...!!!???")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("Lorem ipsum.")]
    [InlineData("测试")]
    public void Text_that_holds_no_clue_is_refused_with_a_reason(string description)
    {
        var verdict = Read(description);
        Assert.Equal(
            [("facts.description", ValidationCode.NoClue)],
            verdict.Refusal.Items.Select(e => (e.Field, e.Code))
        );
    }

    [Theory]
    [InlineData("부산 사하구 시장에서 조직폭력배가 상인들에게 매달 보호비를 요구합니다")]
    [InlineData("홍길동")]
    [InlineData("The test results were forged by the gang's accountant")]
    public void A_real_clue_passes_without_marks(string description)
    {
        var verdict = Read(description);
        Assert.True(verdict.Refusal.IsEmpty);
        Assert.Empty(verdict.Marks);
    }

    [Fact]
    public void A_filled_honeypot_marks_the_report_but_keeps_it()
    {
        var verdict = Read("불법 도박장이 운영되고 있습니다", honeypot: "http://spam.example");
        Assert.True(verdict.Refusal.IsEmpty);
        Assert.Equal(["honeypot"], verdict.Marks);
    }

    [Fact]
    public void A_flood_of_links_anywhere_in_the_report_is_marked_with_their_number()
    {
        var links = string.Join(' ', Enumerable.Range(0, 4).Select(i => $"https://spam{i}.example/buy"));
        var verdict = Read(
            "cheap pills " + links,
            subjects: [new SubjectContent { Description = "see www.spam.example" }]
        );
        Assert.Equal(["links:5"], verdict.Marks);
    }

    [Fact]
    public void A_long_run_of_one_character_is_marked_with_its_length()
    {
        var verdict = Read("조직폭력배 신고합니다 " + new string('!', 12) + new string('ㅋ', 40));
        Assert.Equal(["repeated-characters:40"], verdict.Marks);
    }
}
