using Jebo.Casework.Sampling;
using Jebo.Reference.TimeZones;

namespace Jebo.Casework.Tests.Sampling;

public sealed class CallbackSamplingTests
{
    private static readonly string[] Candidates = [.. Enumerable.Range(0, 50).Select(i => $"CASE-{i:D3}")];

    [Fact]
    public void The_same_seed_and_candidates_draw_the_same_sample()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(CallbackSampling.Draw(Candidates, seed, 10), CallbackSampling.Draw(Candidates, seed, 10));
    }

    [Fact]
    public void Another_seed_draws_another_sample_without_repeats()
    {
        var one = CallbackSampling.Draw(Candidates, new byte[32], 10);
        var other = CallbackSampling.Draw(Candidates, Enumerable.Repeat((byte)7, 32).ToArray(), 10);
        Assert.NotEqual(one, other);
        Assert.Equal(10, one.Distinct().Count());
        Assert.All(one, c => Assert.Contains(c, Candidates));
    }

    [Fact]
    public void Every_candidate_can_be_drawn()
    {
        var seen = new HashSet<string>();
        for (byte s = 0; s < 60; s++)
        {
            seen.UnionWith(CallbackSampling.Draw(Candidates, Enumerable.Repeat(s, 32).ToArray(), 5));
        }

        Assert.True(seen.Count > 45, $"only {seen.Count} of 50 ever drawn");
    }

    [Fact]
    public void Months_are_bounded_on_the_Seoul_calendar()
    {
        var (from, to) = CallbackSampling.MonthBounds("2026-02", new PlatformTimeZone());
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 15, 0, 0, TimeSpan.Zero), from);
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 15, 0, 0, TimeSpan.Zero), to);
        Assert.Throws<ArgumentException>(() => CallbackSampling.MonthBounds("2026-13", new PlatformTimeZone()));
    }

    /// <summary>10,000 draws under seeds derived from one fixed seed: each of ten candidates is drawn first about as
    /// often as any other, and each lands in a sample of three about as often; the chi-square statistic stays below
    /// the 0.1% critical value for 9 degrees of freedom (27.88). The seeds are fixed, so the test is
    /// deterministic.</summary>
    [Fact]
    public void The_draw_is_uniform_by_a_chi_square_test_at_a_fixed_seed()
    {
        string[] ten = [.. Enumerable.Range(0, 10).Select(i => $"C{i}")];
        var master = System.Text.Encoding.UTF8.GetBytes("jebo callback chi-square");
        var first = new double[10];
        var inSample = new double[10];
        const int Draws = 10_000;
        for (var n = 0; n < Draws; n++)
        {
            var seed = System.Security.Cryptography.HMACSHA256.HashData(master, BitConverter.GetBytes(n));
            var drawn = CallbackSampling.Draw(ten, seed, 3);
            first[Array.IndexOf(ten, drawn[0])]++;
            foreach (var c in drawn)
            {
                inSample[Array.IndexOf(ten, c)]++;
            }
        }

        static double ChiSquare(double[] observed, double expected) =>
            observed.Sum(o => (o - expected) * (o - expected) / expected);

        Assert.True(ChiSquare(first, Draws / 10.0) < 27.88, $"first draws not uniform: {string.Join(",", first)}");
        Assert.True(ChiSquare(inSample, Draws * 0.3) < 27.88, $"inclusion not uniform: {string.Join(",", inSample)}");
    }

    [Fact]
    public void Each_province_draws_with_its_own_key_from_the_one_seed()
    {
        var seed = new byte[32];
        Assert.Equal(CallbackSampling.ProvinceSeed(seed, "26"), CallbackSampling.ProvinceSeed(seed, "26"));
        Assert.NotEqual(CallbackSampling.ProvinceSeed(seed, "26"), CallbackSampling.ProvinceSeed(seed, "11"));
    }

    [Fact]
    public void The_month_due_is_the_one_that_ended_on_the_Seoul_calendar()
    {
        var zone = new PlatformTimeZone();
        // 1 November 00:30 in Seoul is still 31 October in UTC: October is due.
        Assert.Equal("2026-10", CallbackSampling.DueMonth(new(2026, 10, 31, 15, 30, 0, TimeSpan.Zero), zone));
        Assert.Equal("2026-09", CallbackSampling.DueMonth(new(2026, 10, 31, 14, 30, 0, TimeSpan.Zero), zone));
        Assert.Equal("2025-12", CallbackSampling.DueMonth(new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), zone));
    }
}
