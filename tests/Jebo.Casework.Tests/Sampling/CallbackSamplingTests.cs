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
}
