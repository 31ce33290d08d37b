using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Jebo.Intake.Web;

/// <summary>Accessible form fields, written the same way everywhere: a label tied to the control, a hint and any error
/// tied to it with <c>aria-describedby</c>, <c>aria-invalid</c> on a refused field, and an id the error summary links
/// to.</summary>
public static partial class FormFields
{
    /// <summary>The element id of a field: <c>subjects[0].name</c> → <c>subjects-0-name</c>.</summary>
    public static string IdOf(string name) => NotIdCharacters().Replace(name, "-").Trim('-');

    public static IHtmlContent Text(
        string name,
        string label,
        string value,
        IReadOnlyList<string>? errors,
        string? hint = null,
        string type = "text",
        string? autocomplete = null,
        int? maxLength = null,
        string? inputMode = null,
        bool required = false,
        string? labelNote = null
    )
    {
        var input = new TagBuilder("input") { TagRenderMode = TagRenderMode.SelfClosing };
        input.Attributes["type"] = type;
        input.Attributes["name"] = name;
        input.Attributes["id"] = IdOf(name);
        input.Attributes["value"] = value;
        input.AddCssClass("input");
        Common(input, name, errors, hint, autocomplete, maxLength, required);
        if (inputMode is not null)
        {
            input.Attributes["inputmode"] = inputMode;
        }

        return Field(name, label, labelNote, hint, errors, input);
    }

    public static IHtmlContent TextArea(
        string name,
        string label,
        string value,
        IReadOnlyList<string>? errors,
        string? hint = null,
        int rows = 4,
        int? maxLength = null,
        bool required = false,
        string? labelNote = null
    )
    {
        var area = new TagBuilder("textarea");
        area.Attributes["name"] = name;
        area.Attributes["id"] = IdOf(name);
        area.Attributes["rows"] = rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        area.AddCssClass("textarea");
        Common(area, name, errors, hint, null, maxLength, required);
        // A leading newline after <textarea> is dropped by the parser; keep one that the reporter typed.
        area.InnerHtml.Append(value.StartsWith('\n') ? "\n" + value : value);
        return Field(name, label, labelNote, hint, errors, area);
    }

    public static IHtmlContent Select(
        string name,
        string label,
        IHtmlContent options,
        IReadOnlyList<string>? errors,
        string? hint = null
    )
    {
        var select = new TagBuilder("select");
        select.Attributes["name"] = name;
        select.Attributes["id"] = IdOf(name);
        select.AddCssClass("select");
        Common(select, name, errors, hint, null, null, false);
        select.InnerHtml.AppendHtml(options);
        return Field(name, label, null, hint, errors, select);
    }

    /// <summary>An <c>&lt;option&gt;</c>, selected when its value is the current one.</summary>
    public static IHtmlContent Option(string value, string text, string current)
    {
        var option = new TagBuilder("option");
        option.Attributes["value"] = value;
        if (string.Equals(value, current, StringComparison.Ordinal))
        {
            option.Attributes["selected"] = "selected";
        }

        option.InnerHtml.Append(text);
        return option;
    }

    private static void Common(
        TagBuilder control,
        string name,
        IReadOnlyList<string>? errors,
        string? hint,
        string? autocomplete,
        int? maxLength,
        bool required
    )
    {
        var id = IdOf(name);
        var describedBy = new List<string>();
        if (hint is not null)
        {
            describedBy.Add(id + "-hint");
        }

        if (errors is { Count: > 0 })
        {
            describedBy.Add(id + "-error");
            control.Attributes["aria-invalid"] = "true";
        }

        if (describedBy.Count > 0)
        {
            control.Attributes["aria-describedby"] = string.Join(' ', describedBy);
        }

        if (autocomplete is not null)
        {
            control.Attributes["autocomplete"] = autocomplete;
        }

        if (maxLength is not null)
        {
            control.Attributes["maxlength"] = maxLength.Value.ToString(
                System.Globalization.CultureInfo.InvariantCulture
            );
        }

        if (required)
        {
            control.Attributes["required"] = "required";
            control.Attributes["aria-required"] = "true";
        }
    }

    private static HtmlContentBuilder Field(
        string name,
        string label,
        string? labelNote,
        string? hint,
        IReadOnlyList<string>? errors,
        TagBuilder control
    )
    {
        var id = IdOf(name);
        var group = new TagBuilder("div");
        group.AddCssClass(errors is { Count: > 0 } ? "field field-error" : "field");
        var labelTag = new TagBuilder("label");
        labelTag.Attributes["for"] = id;
        labelTag.AddCssClass("label");
        labelTag.InnerHtml.Append(label);
        if (labelNote is not null)
        {
            var note = new TagBuilder("span");
            note.AddCssClass("label-note");
            note.InnerHtml.Append(" " + labelNote);
            labelTag.InnerHtml.AppendHtml(note);
        }

        group.InnerHtml.AppendHtml(labelTag);
        if (hint is not null)
        {
            var hintTag = new TagBuilder("p");
            hintTag.Attributes["id"] = id + "-hint";
            hintTag.AddCssClass("hint");
            hintTag.InnerHtml.Append(hint);
            group.InnerHtml.AppendHtml(hintTag);
        }

        if (errors is { Count: > 0 })
        {
            var errorTag = new TagBuilder("p");
            errorTag.Attributes["id"] = id + "-error";
            errorTag.AddCssClass("error-message");
            errorTag.InnerHtml.Append(string.Join(' ', errors));
            group.InnerHtml.AppendHtml(errorTag);
        }

        group.InnerHtml.AppendHtml(control);
        var result = new HtmlContentBuilder();
        result.AppendHtml(group);
        return result;
    }

    [GeneratedRegex("[^A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotIdCharacters();
}

/// <summary>A refused field as the error summary lists it: the field's id to link to, and the message.</summary>
public sealed record FieldMessage(string Field, string Message)
{
    public string Id => FormFields.IdOf(Field);
}
