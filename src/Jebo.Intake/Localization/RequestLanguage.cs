using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace Jebo.Intake.Localization;

/// <summary>The language a request is answered in: <c>ko</c>, <c>en</c> or <c>zh</c> (Korean by default).</summary>
public static class RequestLanguage
{
    public static string Of(HttpContext context)
    {
        var culture = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name;
        return culture switch
        {
            null => "ko",
            _ when culture.StartsWith("en", StringComparison.Ordinal) => "en",
            _ when culture.StartsWith("zh", StringComparison.Ordinal) => "zh",
            _ => "ko",
        };
    }
}
