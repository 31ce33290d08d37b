using System.Globalization;

namespace Jebo.Casework.Pages.Statistics;

/// <summary>One bar: its label, its length, the value written beside it, and its row of the table (the shown value
/// unless more is said).</summary>
public sealed record Bar(string Label, double Value, string Shown)
{
    public IReadOnlyList<string>? Cells { get; init; }

    public IReadOnlyList<string> Row => Cells ?? [Shown];
}

/// <summary>A horizontal bar chart drawn on the server as SVG (<c>_BarChart.cshtml</c>): a title and a description
/// read by screen readers, and the same figures in a table beside it. No script draws it.</summary>
public sealed record BarChart(string Id, string Title, string Description, string LabelHeader, string ValueHeader)
{
    public const int Width = 640;
    public const int LabelWidth = 230;
    public const int RowHeight = 26;
    public const int ValueWidth = 70;

    public IReadOnlyList<Bar> Bars { get; init; } = [];

    /// <summary>The table's columns after the label; the value's header unless more is said.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    public IReadOnlyList<string> Headers => Columns ?? [ValueHeader];

    /// <summary>The longest bar takes the whole width; a scale of 1 when every value is 0.</summary>
    public double Max => Bars.Count == 0 ? 1 : Math.Max(Bars.Max(b => b.Value), double.Epsilon);

    public int Height => Math.Max(1, Bars.Count) * RowHeight + 4;

    /// <summary>The length of a bar in the picture's units.</summary>
    public string LengthOf(Bar bar) =>
        (bar.Value <= 0 ? 0 : Math.Max(1, bar.Value / Max * (Width - LabelWidth - ValueWidth))).ToString(
            "0.#",
            CultureInfo.InvariantCulture
        );

    public static string Percent(double? share) =>
        share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Number(double? value) =>
        value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "–";
}
