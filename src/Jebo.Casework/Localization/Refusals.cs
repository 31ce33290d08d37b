using System.Globalization;
using System.Resources;

namespace Jebo.Casework.Localization;

/// <summary>Why a step was refused, as staff read it: the <c>Refusal.*</c> texts of <see cref="StaffText"/> in the
/// request's language (the staff pages' language, or the API caller's <c>Accept-Language</c>), with the codes they name
/// (actions, states, roles) in that language too.</summary>
/// <remarks>A refusal is built where the rule that refuses lives, while the request's culture is current; it reads
/// English unless the request asked for Korean or Chinese, so a program that names no language, and the services
/// called outside a request, read the English text.</remarks>
public static class Refusals
{
    private static readonly ResourceManager Texts = new(
        "Jebo.Casework.Localization.StaffText",
        typeof(StaffText).Assembly
    );

    private static readonly CultureInfo English = new("en");

    /// <summary>The text <paramref name="key"/> with <paramref name="values"/> in its places.</summary>
    public static string Text(string key, params object?[] values) =>
        string.Format(CultureInfo.InvariantCulture, Lookup(key), values);

    /// <summary>The text <paramref name="key"/> in the reader's language, or null when there is none.</summary>
    public static string? TextOrNull(string key) => Texts.GetString(key, Reader) is { Length: > 0 } text ? text : null;

    /// <summary>The name of a code in Korean or Chinese (<c>Action.accept</c>, <c>Status.closed</c>,
    /// <c>Role.screener</c>); in English, the code itself, as the API and its documents name it.</summary>
    public static string Name(string prefix, string code) =>
        Reader != English && Texts.GetString(prefix + "." + code, Reader) is { Length: > 0 } name ? name : code;

    private static string Lookup(string key) =>
        Texts.GetString(key, Reader) is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"no staff text {key}");

    /// <summary>Korean or Chinese when the request asked for it; English otherwise (the neutral resources are
    /// Korean).</summary>
    private static CultureInfo Reader =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is "ko" or "zh" ? CultureInfo.CurrentUICulture : English;
}
