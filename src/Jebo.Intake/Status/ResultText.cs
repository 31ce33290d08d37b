using Jebo.Intake.Localization;
using Jebo.Transfer.Status;

namespace Jebo.Intake.Status;

/// <summary>A published result as the reporter reads it, in their language: the same words on the status page and in
/// <c>POST /api/v1/status</c>.</summary>
public static class ResultText
{
    public static string Of(PublicResult result, string language) =>
        result.Agency is { } agency
            ? Texts.Format("Status.Result." + result.Result, language, Texts.Get("Status.Agency." + agency, language))
            : Texts.Get("Status.Result." + result.Result, language);
}
