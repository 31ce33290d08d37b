using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Casework.Search;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Transfer;

/// <summary>A report opened and checked, with what casework stores of it: whether the reporter gave a name or phone,
/// and the content without them (the identity is kept apart, <see cref="ReporterIdentity"/>), written readable
/// (<see cref="StoredJson"/>), and its search terms. Prepared while opening, on every core, rather than on the
/// single-threaded write path.</summary>
public sealed record OpenedReport(SealedReportPlaintext Sealed, bool Named, string Content, string SearchTerms)
{
    /// <summary>The reporter gave a phone and consented to be contacted (<see cref="ReporterChoices"/>).</summary>
    public bool Contactable => ReporterChoices.MayBeContacted(Sealed.Report.Reporter);

    public Guid ReportId => Sealed.ReportId;

    public static OpenedReport Of(SealedReportPlaintext sealedReport)
    {
        var named = ReporterChoices.Named(sealedReport.Report.Reporter);
        var content = JsonSerializer.Serialize(
            sealedReport.Report with
            {
                Reporter = new ReporterContent { Anonymous = !named },
            },
            StoredJson.Options
        );
        return new OpenedReport(sealedReport, named, content, SearchIndexing.TermsOf(sealedReport.Report));
    }
}
