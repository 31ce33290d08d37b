using Jebo.Intake.Validation;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.Reports;

/// <summary>Checks a report before it is sealed; the result names each bad field by its JSON path.</summary>
/// <remarks>Once sealed, intake can no longer look inside a report, so everything that must be refused is refused
/// here, while the reporter is still there to correct it.</remarks>
public sealed class ReportValidator(CategoryList categories, RegionDataset regions)
{
    public const int MaxDescription = 20_000;
    public const int MaxShortText = 200;
    public const int MaxLongText = 4_000;
    public const int MaxPeople = 20;

    public static readonly IReadOnlySet<string> Languages = new HashSet<string>(StringComparer.Ordinal)
    {
        "ko",
        "en",
        "zh",
    };

    public FieldErrors Validate(ReportContent report)
    {
        var errors = new FieldErrors();
        if (report.Language is { } language && !Languages.Contains(language))
        {
            errors.Add("language", ValidationCode.UnknownCode);
        }

        if (report.Category is { Length: > 0 } category && !categories.IsKnown(category))
        {
            errors.Add("category", ValidationCode.UnknownCode);
        }

        if (report.Region is { Length: > 0 } region && !regions.IsKnown(region))
        {
            errors.Add("region", ValidationCode.UnknownCode);
        }

        foreach (var field in ReporterChoices.ContactWhileAnonymous(report.Reporter))
        {
            errors.Add("reporter." + field, ValidationCode.AnonymousWithContact);
        }

        if (report.Reporter is { Anonymous: false } reporter)
        {
            if (string.IsNullOrWhiteSpace(reporter.Name) && string.IsNullOrWhiteSpace(reporter.Phone))
            {
                errors.Add("reporter.name", ValidationCode.NameOrPhoneRequired);
            }

            Text(errors, "reporter.name", reporter.Name, MaxShortText);
            if (reporter.Phone is { Length: > 0 } phone && !ReporterChoices.IsPhone(phone))
            {
                errors.Add("reporter.phone", ValidationCode.InvalidPhone);
            }
        }

        People(errors, "subjects", report.Subjects, (s, at) =>
        {
            Text(errors, at + ".name", s.Name, MaxShortText);
            Text(errors, at + ".alias", s.Alias, MaxShortText);
            Text(errors, at + ".organization", s.Organization, MaxShortText);
            Text(errors, at + ".description", s.Description, MaxLongText);
        });
        People(errors, "officials", report.Officials, (o, at) =>
        {
            Text(errors, at + ".name", o.Name, MaxShortText);
            Text(errors, at + ".position", o.Position, MaxShortText);
            Text(errors, at + ".organization", o.Organization, MaxShortText);
            Text(errors, at + ".description", o.Description, MaxLongText);
        });

        Text(errors, "facts.when", report.Facts?.When, MaxShortText);
        Text(errors, "facts.where", report.Facts?.Where, MaxShortText);
        if (string.IsNullOrWhiteSpace(report.Facts?.Description))
        {
            errors.Add("facts.description", ValidationCode.Required);
        }
        else
        {
            Text(errors, "facts.description", report.Facts.Description, MaxDescription);
        }

        return errors;
    }

    private static void People<T>(FieldErrors errors, string field, IReadOnlyList<T>? people, Action<T, string> check)
    {
        if (people is null)
        {
            return;
        }

        if (people.Count > MaxPeople)
        {
            errors.Add(field, ValidationCode.TooMany);
            return;
        }

        for (var i = 0; i < people.Count; i++)
        {
            if (people[i] is null)
            {
                errors.Add($"{field}[{i}]", ValidationCode.InvalidValue);
                continue;
            }

            check(people[i], $"{field}[{i}]");
        }
    }

    internal static void Text(FieldErrors errors, string field, string? value, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > max)
        {
            errors.Add(field, ValidationCode.TooLong);
        }
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(field, ValidationCode.InvalidCharacters);
        }
    }
}
