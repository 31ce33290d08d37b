using Jebo.Testing;

namespace Jebo.Intake.Tests;

/// <summary>Intake's folders depend on one another one way, in the order docs/architecture.md gives.</summary>
public sealed class IntakeLayersTests
{
    /// <summary>Bottom first: a folder may use the folders before it and none after it; the root folder
    /// (<c>IntakeZone</c>, the composition root) comes last, apart from the options every folder reads.</summary>
    public static readonly FolderLayers Layers = new(
        "Jebo.Intake",
        [
            "Receipts",
            "Keys",
            "Localization",
            "Validation",
            "Data",
            "Maintenance",
            "Abuse",
            "Monitoring",
            "Attachments",
            "Transfer",
            "Reports",
            "FollowUps",
            "Status",
            "Retention",
            "Web",
            "Api",
            "Pages",
        ],
        readEverywhere: ["IntakeOptions"]
    );

    private static IReadOnlyList<(string Path, string Text)> Source =>
        FolderLayers.SourceOf(Path.Combine(TestRepository.Root, "src", "Jebo.Intake"));

    [Fact]
    public void Every_folder_uses_only_the_folders_before_it() => Assert.Empty(Layers.Violations(Source));

    [Fact]
    public void The_abuse_defences_reach_no_report_and_the_guard_around_reports_is_found_if_put_back()
    {
        // IntakeGuard wraps reports, follow-ups and look-ups in the abuse defences, so it sits above them in Web/; in
        // Abuse/, where it once was, it would make abuse and reports need each other.
        var violations = Layers.Violations([
            .. Source,
            (
                "Abuse/BackReference.cs",
                "using Jebo.Intake.Reports;\n\nnamespace Jebo.Intake.Abuse;\n\npublic static class BackReference\n{\n"
                    + "    public static Type Of => typeof(ReportIntake);\n}\n"
            ),
            (
                "Data/BackReference.cs",
                "namespace Jebo.Intake.Data;\n\n/// <summary>See <see cref=\"Web.IntakeGuard\"/>.</summary>\n"
                    + "public static class BackReference;\n"
            ),
        ]);

        Assert.Equal(
            [
                "Abuse/BackReference.cs (Abuse) uses Reports (ReportIntake), which comes after Abuse in the order",
                "Data/BackReference.cs (Data) uses Web (IntakeGuard), which comes after Data in the order",
            ],
            violations
        );
    }

    [Fact]
    public void The_composition_root_is_used_by_no_folder_and_a_new_folder_needs_a_place()
    {
        var violations = Layers.Violations([
            .. Source,
            (
                "Reports/BackReference.cs",
                "namespace Jebo.Intake.Reports;\n\npublic static class BackReference\n{\n"
                    + "    public static Type Of => typeof(IntakeZone);\n"
                    + "    public static Type Options => typeof(IntakeOptions);\n}\n"
            ),
            ("Elsewhere/Stray.cs", "namespace Jebo.Intake.Elsewhere;\n\npublic sealed class Stray;\n"),
        ]);

        Assert.Equal(
            [
                "Elsewhere/ has no place in the order of folders; add it where its dependencies allow",
                "Reports/BackReference.cs (Reports) uses (root) (IntakeZone), which comes after Reports in the order",
            ],
            violations
        );
    }
}
