using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Casework.Statistics;
using Jebo.Casework.Web;
using Jebo.Reference.Categories;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Pages.Statistics;

/// <summary>The statistics of the person's jurisdiction as charts, each with its table (<see cref="CaseStatistics"/>,
/// the same figures as <c>GET /api/v1/stats</c>), filtered by period, office and category; and the office's ledger to
/// download (<see cref="CaseLedger"/>, audited).</summary>
public sealed class IndexModel(
    CaseStatistics statistics,
    CaseLedger ledger,
    StatsFilterReader reader,
    Jurisdiction jurisdiction,
    CategoryList categories,
    StaffNames names,
    IStringLocalizer<StaffText> text,
    PlatformTimeZone zone,
    TimeProvider time
) : StaffPageModel
{
    public string? From { get; private set; }
    public string? To { get; private set; }
    public string? Office { get; private set; }
    public string? Category { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.Ordinal);
    public CaseStats? Stats { get; private set; }
    public IReadOnlyList<string> Offices => jurisdiction.Offices(Staff);
    public IReadOnlyList<Category> Categories => categories.All;
    public bool MayExport => CasePermissions.MayReadCases(Staff.Role);
    public IReadOnlyList<BarChart> Charts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? from, string? to, string? office, string? category)
    {
        if (from is null && to is null && office is null && category is null)
        {
            // The last twelve months unless asked otherwise: a year reads at a glance.
            var today = zone.DateOf(time.GetUtcNow());
            (from, to) = (
                new DateOnly(today.Year, today.Month, 1)
                    .AddMonths(-11)
                    .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            );
        }

        (From, To, Office, Category) = (from, to, office, category);
        var reading = reader.Read(Staff, from, to, office, category);
        if (reading.OfficeNotFound)
        {
            return NotFound();
        }

        Errors = reading.Errors;
        if (Errors.Count == 0)
        {
            Stats = await statistics.ComputeAsync(Staff, reading.Filter, HttpContext.RequestAborted);
            Charts = ChartsOf(Stats);
        }

        return Page();
    }

    /// <summary>The ledger of the filter as CSV or XLSX; the export is recorded before it is sent.</summary>
    public async Task<IActionResult> OnPostLedgerAsync(
        string? from,
        string? to,
        string? office,
        string? category,
        string? format
    )
    {
        if (!MayExport)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var reading = reader.Read(Staff, from, to, office, category);
        if (reading.OfficeNotFound)
        {
            return NotFound();
        }

        if (reading.Errors.Count > 0 || !ExportFile.Formats.Contains(format ?? ""))
        {
            return await OnGetAsync(from, to, office, category);
        }

        var file = await ledger.ExportAsync(Staff, reading.Filter, format!, HttpContext.RequestAborted);
        return File(file.Content, file.ContentType, file.FileName);
    }

    private List<BarChart> ChartsOf(CaseStats stats)
    {
        var count = text["Stats.Count"].Value;
        BarChart Counts(string id, string label, IReadOnlyDictionary<string, int> counts, Func<string, string> name) =>
            new(id, text[$"Stats.Chart.{id}"], Described(id, counts.Values.Sum()), label, count)
            {
                Bars = [.. counts.Select(c => new Bar(name(c.Key), c.Value, Whole(c.Value)))],
            };

        var charts = new List<BarChart>
        {
            new(
                "months",
                text["Stats.Chart.months"],
                Described("months", stats.Total),
                text["Stats.Month"],
                text["Stats.Received"]
            )
            {
                Columns =
                [
                    text["Stats.Received"],
                    text["Stats.Accepted"],
                    text["Stats.NotAccepted"],
                    text["Stats.Confirmed"],
                    text["Stats.Closed"],
                ],
                Bars =
                [
                    .. stats.Months.Select(m => new Bar(m.Month, m.Received, Whole(m.Received))
                    {
                        Cells =
                        [
                            Whole(m.Received),
                            Whole(m.Accepted),
                            Whole(m.NotAccepted),
                            Whole(m.Confirmed),
                            Whole(m.Closed),
                        ],
                    }),
                ],
            },
            Counts("outcomes", text["Stats.Outcome"], stats.ByOutcome, r => text["Result." + r]),
            Counts("rejections", text["Stats.Reason"], stats.ByRejectionReason, r => text["Rejection." + r]),
            new(
                "rates",
                text["Stats.Chart.rates"],
                Described("rates", stats.Total),
                text["Stats.Rate"],
                text["Stats.Share"]
            )
            {
                Columns = [text["Stats.Share"], text["Stats.CountOf"]],
                Bars =
                [
                    RateBar(text["Stats.Rate.acceptance"], stats.Rates.Acceptance),
                    RateBar(text["Stats.Rate.closure"], stats.Rates.Closure),
                    RateBar(text["Stats.Rate.confirmation"], stats.Rates.Confirmation),
                ],
            },
        };
        charts.AddRange(
            CaseStatistics.OfficeDeadlines.Select(kind => new BarChart(
                "deadline-" + kind,
                text["Stats.Chart.deadline", text["Deadline." + kind]],
                text["Stats.Describe.deadline", text["Deadline." + kind]],
                text["Stats.Office"],
                text["Stats.OnTime"]
            )
            {
                Columns =
                [
                    text["Stats.OnTime"],
                    text["DeadlineState.met"],
                    text["DeadlineState.met-late"],
                    text["DeadlineState.open"],
                    text["DeadlineState.overdue"],
                ],
                Bars =
                [
                    .. stats.Offices.Select(o =>
                        ComplianceBar(OfficeLabel(o), o.Deadlines.GetValueOrDefault(kind) ?? DeadlineCompliance.None)
                    ),
                    ComplianceBar(text["Stats.All"], stats.Deadlines[kind]),
                ],
            })
        );
        charts.Add(
            new(
                "stages",
                text["Stats.Chart.stages"],
                Described("stages", stats.Total),
                text["Stats.Stage"],
                text["Stats.MeanDays"]
            )
            {
                Columns = [text["Stats.MeanDays"], text["Stats.MedianDays"], text["Stats.Cases"]],
                Bars =
                [
                    .. stats.Stages.Select(s => new Bar(
                        text["Stats.Stage." + s.Stage],
                        s.MeanDays ?? 0,
                        BarChart.Number(s.MeanDays)
                    )
                    {
                        Cells = [BarChart.Number(s.MeanDays), BarChart.Number(s.MedianDays), Whole(s.Cases)],
                    }),
                ],
            }
        );
        charts.Add(
            new(
                "reporters",
                text["Stats.Chart.reporters"],
                Described("reporters", stats.Reporters.Anonymous + stats.Reporters.Named),
                text["Stats.Reporter"],
                count
            )
            {
                Bars =
                [
                    new Bar(text["Stats.Anonymous"], stats.Reporters.Anonymous, Whole(stats.Reporters.Anonymous)),
                    new Bar(text["Stats.Named"], stats.Reporters.Named, Whole(stats.Reporters.Named)),
                ],
            }
        );
        // How clues arrived: online through intake, or entered by hand from a call, a letter, a visit or an agency.
        charts.Add(Counts("sources", text["Stats.Source"], stats.BySource, s => text["Source." + s]));
        var satisfaction = stats.Satisfaction;
        charts.Add(
            new(
                "callbacks",
                text["Stats.Chart.callbacks"],
                text[
                    "Stats.Describe.callbacks",
                    satisfaction.Sampled,
                    satisfaction.Called,
                    satisfaction.Reached,
                    BarChart.Number(satisfaction.Mean),
                    satisfaction.Disputes
                ],
                text["Stats.Callback"],
                count
            )
            {
                Bars =
                [
                    new Bar(text["Stats.Sampled"], satisfaction.Sampled, Whole(satisfaction.Sampled)),
                    new Bar(text["Stats.Called"], satisfaction.Called, Whole(satisfaction.Called)),
                    new Bar(text["Stats.Reached"], satisfaction.Reached, Whole(satisfaction.Reached)),
                    new Bar(text["Stats.Disputes"], satisfaction.Disputes, Whole(satisfaction.Disputes)),
                ],
            }
        );
        charts.Add(
            new(
                "satisfaction",
                text["Stats.Chart.satisfaction"],
                text["Stats.Describe.satisfaction", satisfaction.Responses, BarChart.Number(satisfaction.Mean)],
                text["Stats.Score"],
                count
            )
            {
                Bars = [.. satisfaction.ByScore.Select(s => new Bar(s.Key, s.Value, Whole(s.Value)))],
            }
        );
        return charts;
    }

    private string Described(string id, int total) => text["Stats.Describe." + id, total];

    private string OfficeLabel(OfficeStats office) =>
        office.WithOfficesBelow ? names.Office(office.Office) : text["Stats.OwnCases", names.Office(office.Office)];

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Bar RateBar(string label, Rate rate) =>
        new(label, rate.Share ?? 0, BarChart.Percent(rate.Share))
        {
            Cells = [BarChart.Percent(rate.Share), $"{Whole(rate.Count)} / {Whole(rate.Of)}"],
        };

    private static Bar ComplianceBar(string label, DeadlineCompliance compliance) =>
        new(label, compliance.Rate ?? 0, BarChart.Percent(compliance.Rate))
        {
            Cells =
            [
                BarChart.Percent(compliance.Rate),
                Whole(compliance.MetOnTime),
                Whole(compliance.MetLate),
                Whole(compliance.Running),
                Whole(compliance.Overdue),
            ],
        };
}
