using Jebo.Testing;

namespace Jebo.Casework.Tests;

/// <summary>Casework's folders depend on one another one way, in the order docs/architecture.md gives.</summary>
public sealed class CaseworkLayersTests
{
    /// <summary>Bottom first: a folder may use the folders before it and none after it; the root folder
    /// (<c>CaseworkZone</c>, the composition root) comes last, apart from the options every folder reads.</summary>
    public static readonly FolderLayers Layers = new(
        "Jebo.Casework",
        [
            "Keys",
            "Sealing",
            "Data",
            "Monitoring",
            "Audit",
            "Localization",
            "Offices",
            "Lifecycle",
            "Staff",
            "Deadlines",
            "Feedback",
            "Rewards",
            "Screening",
            "Attachments",
            "Search",
            "Cases",
            "Queues",
            "Sampling",
            "Statistics",
            "Retention",
            "Transfer",
            "Web",
            "Api",
            "Pages",
        ],
        readEverywhere: ["CaseworkOptions"]
    );

    private static IReadOnlyList<(string Path, string Text)> Source =>
        FolderLayers.SourceOf(Path.Combine(TestRepository.Root, "src", "Jebo.Casework"));

    [Fact]
    public void Every_folder_uses_only_the_folders_before_it() => Assert.Empty(Layers.Violations(Source));

    [Fact]
    public void A_using_of_a_later_folder_is_named_with_the_types_it_reaches()
    {
        var violations = Layers.Violations([
            .. Source,
            (
                "Data/BackReference.cs",
                "using Jebo.Casework.Cases;\n\nnamespace Jebo.Casework.Data;\n\npublic static class BackReference\n{\n "
                    + "   public static Type Of => typeof(CaseQueries);\n}\n"
            ),
        ]);

        Assert.Equal(
            ["Data/BackReference.cs (Data) uses Cases (CaseQueries), which comes after Data in the order"],
            violations
        );
    }

    [Fact]
    public void A_name_qualified_with_a_later_folder_is_found_without_a_using()
    {
        var violations = Layers.Violations([
            .. Source,
            (
                "Audit/BackReference.cs",
                "namespace Jebo.Casework.Audit;\n\n/// <summary>See <see "
                    + "cref=\"Staff.Jurisdiction\"/>.</summary>\npublic static class BackReference;\n"
            ),
            (
                "Offices/BackReference.cs",
                "namespace Jebo.Casework.Offices;\n\npublic static class BackReference\n{\n"
                    + "    public static Type Of => typeof(Jebo.Casework.Web.StaffSession);\n}\n"
            ),
        ]);

        Assert.Equal(
            [
                "Audit/BackReference.cs (Audit) uses Staff (Jurisdiction), which comes after Audit in the order",
                "Offices/BackReference.cs (Offices) uses Web (StaffSession), which comes after Offices in the order",
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
                "Cases/BackReference.cs",
                "namespace Jebo.Casework.Cases;\n\npublic static class BackReference\n{\n"
                    + "    public static Type Of => typeof(CaseworkZone);\n"
                    + "    public static Type Options => typeof(CaseworkOptions);\n}\n"
            ),
            ("Elsewhere/Stray.cs", "namespace Jebo.Casework.Elsewhere;\n\npublic sealed class Stray;\n"),
        ]);

        Assert.Equal(
            [
                "Elsewhere/ has no place in the order of folders; add it where its dependencies allow",
                "Cases/BackReference.cs (Cases) uses (root) (CaseworkZone), which comes after Cases in the order",
            ],
            violations
        );
    }
}
