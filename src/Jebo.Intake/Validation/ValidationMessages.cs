using Jebo.Intake.Localization;

namespace Jebo.Intake.Validation;

/// <summary>The words a reporter reads when a field is refused, in Korean, English and Chinese; the texts are the
/// <c>Validation.*</c> entries of <see cref="Texts"/>.</summary>
public static class ValidationMessages
{
    public static string For(ValidationCode code, string language) => Texts.Get("Validation." + code, language);

    public static string For(FieldError error, string language) =>
        error.Args.Count == 0
            ? For(error.Code, language)
            : Texts.Format("Validation." + error.Code, language, [.. error.Args]);
}
