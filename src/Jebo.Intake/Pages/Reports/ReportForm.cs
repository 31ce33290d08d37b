using System.Globalization;
using System.Text.RegularExpressions;
using Jebo.Intake.Reports;
using Jebo.Intake.Web;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.Pages.Reports;

/// <summary>The report form as posted: field names are the JSON paths of the report (<c>facts.description</c>,
/// <c>subjects[0].name</c>), so the validator's field errors land on the right field without a mapping table.</summary>
public sealed partial class ReportForm
{
    public const string Anonymous = "anonymous";
    public const string Named = "named";
    public const string ModeField = "reporter.mode";
    public const string NameField = "reporter.name";
    public const string PhoneField = "reporter.phone";
    public const string ConsentField = "reporter.contactConsent";
    public const string ProtectionField = "reporter.protection";
    public const string CategoryField = "category";
    public const string RegionField = "region";
    public const string WhenField = "facts.when";
    public const string WhereField = "facts.where";
    public const string DescriptionField = "facts.description";
    public const string AttachmentsField = "attachments";
    public const string KeptField = "kept";
    public const string CommandField = "command";

    public string ReporterMode { get; set; } = Anonymous;
    public string ReporterName { get; set; } = "";
    public string ReporterPhone { get; set; } = "";
    public bool ContactConsent { get; set; }
    public bool Protection { get; set; }
    public List<PersonInput> Subjects { get; } = [];
    public string Category { get; set; } = CategoryList.Unclear;
    public string Region { get; set; } = RegionDataset.Unclear;
    public string When { get; set; } = "";
    public string Where { get; set; } = "";
    public string Description { get; set; } = "";
    public List<PersonInput> Officials { get; } = [];
    public List<KeptAttachment> Attachments { get; } = [];

    /// <summary>An empty form: one block for a person, one for an official.</summary>
    public static ReportForm Blank()
    {
        var form = new ReportForm();
        form.Subjects.Add(new PersonInput());
        form.Officials.Add(new PersonInput());
        return form;
    }

    public static ReportForm Read(FormRead posted)
    {
        var form = new ReportForm
        {
            ReporterMode = posted.Get(ModeField) == Named ? Named : Anonymous,
            ReporterName = posted.Get(NameField),
            ReporterPhone = posted.Get(PhoneField),
            ContactConsent = posted.Get(ConsentField) is "true" or "on",
            Protection = posted.Get(ProtectionField) is "true" or "on",
            Category = Choice(posted.Get(CategoryField), CategoryList.Unclear),
            Region = Choice(posted.Get(RegionField), RegionDataset.Unclear),
            When = posted.Get(WhenField),
            Where = posted.Get(WhereField),
            Description = posted.Get(DescriptionField),
        };
        ReadPeople(posted, "subjects", form.Subjects, "alias");
        ReadPeople(posted, "officials", form.Officials, "position");
        if (posted.Fields.TryGetValue(KeptField, out var kept))
        {
            foreach (var value in kept)
            {
                if (KeptAttachment.Parse(value) is { } attachment && form.Attachments.All(a => a.Id != attachment.Id))
                {
                    form.Attachments.Add(attachment);
                }
            }
        }

        return form;
    }

    /// <summary>The report the API would have received: empty person blocks are left out, and the reporter block
    /// says anonymous unless the reporter chose to give their name. A name or phone written while "anonymous" is
    /// chosen stays in it, so the validator refuses it as it refuses the same body through the API
    /// (<see cref="ReporterChoices"/>).</summary>
    public ReportContent ToContent(string language) =>
        new()
        {
            Language = language,
            Category = Category,
            Region = Region,
            Reporter =
                ReporterMode == Named
                    ? new ReporterContent
                    {
                        Anonymous = false,
                        Name = Trimmed(ReporterName),
                        Phone = Trimmed(ReporterPhone),
                        ContactConsent = ContactConsent,
                        Protection = Protection,
                    }
                    : new ReporterContent
                    {
                        Anonymous = true,
                        Name = Trimmed(ReporterName),
                        Phone = Trimmed(ReporterPhone),
                        Protection = Protection,
                    },
            Subjects =
            [
                .. FilledSubjects()
                    .Select(p => new SubjectContent
                    {
                        Name = Trimmed(p.Person.Name),
                        Alias = Trimmed(p.Person.Second),
                        Organization = Trimmed(p.Person.Organization),
                        Description = Trimmed(p.Person.Description),
                    }),
            ],
            Facts = new FactsContent
            {
                When = Trimmed(When),
                Where = Trimmed(Where),
                Description = Description.Trim(),
            },
            Officials =
            [
                .. FilledOfficials()
                    .Select(p => new OfficialContent
                    {
                        Name = Trimmed(p.Person.Name),
                        Position = Trimmed(p.Person.Second),
                        Organization = Trimmed(p.Person.Organization),
                        Description = Trimmed(p.Person.Description),
                    }),
            ],
        };

    /// <summary>The form field a validator error names: <c>subjects[1].name</c> of the report is the form's block
    /// that was second among the filled ones.</summary>
    public string FieldOf(string jsonPath)
    {
        var match = PersonPath().Match(jsonPath);
        if (!match.Success)
        {
            return jsonPath;
        }

        var list = match.Groups[1].Value;
        var index = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var filled = list == "subjects" ? FilledSubjects() : FilledOfficials();
        return index < filled.Count ? $"{list}[{filled[index].Index}]{match.Groups[3].Value}" : jsonPath;
    }

    /// <summary>Applies a button other than "send": add or remove a block or an attachment. False for "send".</summary>
    public bool Apply(string command)
    {
        switch (command)
        {
            case "add-subject" when Subjects.Count < ReportValidator.MaxPeople:
                Subjects.Add(new PersonInput());
                return true;
            case "add-official" when Officials.Count < ReportValidator.MaxPeople:
                Officials.Add(new PersonInput());
                return true;
            case "add-subject" or "add-official" or "stay":
                return true;
        }

        if (
            command.StartsWith("remove-subject:", StringComparison.Ordinal)
            && Index(command) is { } s
            && s < Subjects.Count
        )
        {
            Subjects.RemoveAt(s);
            if (Subjects.Count == 0)
            {
                Subjects.Add(new PersonInput());
            }

            return true;
        }

        if (
            command.StartsWith("remove-official:", StringComparison.Ordinal)
            && Index(command) is { } o
            && o < Officials.Count
        )
        {
            Officials.RemoveAt(o);
            if (Officials.Count == 0)
            {
                Officials.Add(new PersonInput());
            }

            return true;
        }

        if (command.StartsWith("remove-attachment:", StringComparison.Ordinal))
        {
            Attachments.RemoveAll(a => a.Id.ToString("n") == command["remove-attachment:".Length..]);
            return true;
        }

        return false;
    }

    private List<(int Index, PersonInput Person)> FilledSubjects() =>
        [.. Subjects.Select((p, i) => (i, p)).Where(p => !p.p.IsEmpty)];

    private List<(int Index, PersonInput Person)> FilledOfficials() =>
        [.. Officials.Select((p, i) => (i, p)).Where(p => !p.p.IsEmpty)];

    private static int? Index(string command) =>
        int.TryParse(
            command[(command.IndexOf(':', StringComparison.Ordinal) + 1)..],
            NumberStyles.None,
            CultureInfo.InvariantCulture,
            out var i
        )
            ? i
            : null;

    private static string Choice(string value, string unclear) =>
        string.IsNullOrWhiteSpace(value) ? unclear : value.Trim();

    private static string? Trimmed(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void ReadPeople(FormRead posted, string list, List<PersonInput> people, string second)
    {
        var count = 0;
        foreach (var key in posted.Fields.Keys)
        {
            var match = PersonPath().Match(key);
            if (
                match.Success
                && match.Groups[1].Value == list
                && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < ReportValidator.MaxPeople
            )
            {
                count = Math.Max(count, index + 1);
            }
        }

        for (var i = 0; i < Math.Max(count, 1); i++)
        {
            people.Add(
                new PersonInput
                {
                    Name = posted.Get($"{list}[{i}].name"),
                    Second = posted.Get($"{list}[{i}].{second}"),
                    Organization = posted.Get($"{list}[{i}].organization"),
                    Description = posted.Get($"{list}[{i}].description"),
                }
            );
        }
    }

    [GeneratedRegex(@"^(subjects|officials)\[(\d{1,3})\](.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PersonPath();
}

/// <summary>One block of people: a reported person (second field: alias) or an official (second field:
/// position).</summary>
public sealed class PersonInput
{
    public string Name { get; set; } = "";
    public string Second { get; set; } = "";
    public string Organization { get; set; } = "";
    public string Description { get; set; } = "";

    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(Name)
        && string.IsNullOrWhiteSpace(Second)
        && string.IsNullOrWhiteSpace(Organization)
        && string.IsNullOrWhiteSpace(Description);
}

/// <summary>A file already sealed and kept for this form (see <c>Attachments/AttachmentIntake</c>), carried in a hidden
/// field as <c>id|size|cleaned|name</c> so the page can list it again; only the id is believed.</summary>
public sealed record KeptAttachment(Guid Id, long Size, bool Cleaned, string Name)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Id:n}|{Size}|{(Cleaned ? 1 : 0)}|{Name}");

    public static KeptAttachment? Parse(string? value)
    {
        var parts = (value ?? "").Split('|', 4);
        return
            parts.Length == 4
            && Guid.TryParseExact(parts[0], "n", out var id)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? new KeptAttachment(id, size, parts[2] == "1", parts[3].Length > 255 ? parts[3][..255] : parts[3])
            : null;
    }
}
