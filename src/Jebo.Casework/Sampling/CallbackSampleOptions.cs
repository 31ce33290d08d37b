namespace Jebo.Casework.Sampling;

/// <summary>How large the monthly callback sample is, per province, and whether the zone draws it by itself
/// (docs/operations.md, "Monthly callback sample").</summary>
public sealed record CallbackSampleOptions
{
    /// <summary>How many cases are drawn from each province (and from the national office's own cases) a month
    /// (<c>--sample-size per-province=N</c>).</summary>
    public int PerProvince { get; init; } = CallbackSampling.DefaultSize;

    /// <summary>Other sizes for named provinces, by office code (<c>--sample-size 11=30,26=10</c>).</summary>
    public IReadOnlyDictionary<string, int> Provinces { get; init; } = new Dictionary<string, int>();

    /// <summary>The size for <paramref name="province"/>.</summary>
    public int SizeOf(string province) => Provinces.TryGetValue(province, out var size) ? size : PerProvince;

    /// <summary>Why the options cannot be used, or null.</summary>
    public string? Problem() =>
        PerProvince is < 0 or > 1000 || Provinces.Values.Any(s => s is < 0 or > 1000)
            ? "callback sample sizes must be between 0 and 1000"
            : null;
}
