namespace Jebo.Casework.Localization;

/// <summary>The staff pages' texts: <c>StaffText.resx</c> (Korean, the default), <c>StaffText.en.resx</c>,
/// <c>StaffText.zh.resx</c>. Pages use them through <c>IStringLocalizer&lt;StaffText&gt;</c>, as
/// <c>T["Key"]</c>.</summary>
public sealed class StaffText;
