using Jebo.Testing;

namespace Jebo.Tests.Architecture;

/// <summary>No C# line is wider than 120 characters (CONVENTIONS.md; CSharpier lays code out at that width, see
/// <c>.csharpierrc.yaml</c>), so code reads without scrolling in a review and side by side in a merge. Generated
/// migrations are left as the tool writes them.</summary>
public sealed class LineLengthTests
{
    private const int Width = 120;

    public static TheoryData<string> Folders => new("src", "tests", "bench", "fuzz");

    [Theory]
    [MemberData(nameof(Folders))]
    public void No_line_of_code_is_wider_than_120_characters(string folder)
    {
        var root = TestRepository.Root;
        var files = Directory
            .EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Generated(Path.GetRelativePath(root, f)))
            .ToList();
        Assert.NotEmpty(files);

        var wide = files
            .SelectMany(file =>
                File.ReadLines(file)
                    .Select((line, index) => (line, index))
                    .Where(l => l.line.Length > Width)
                    .Select(l => $"{Path.GetRelativePath(root, file)}:{l.index + 1} ({l.line.Length} characters)")
            )
            .ToList();
        Assert.True(wide.Count == 0, $"{wide.Count} line(s) wider than {Width}:\n" + string.Join("\n", wide.Take(40)));
    }

    [Theory]
    [InlineData("src/Jebo.Casework/Cases/CaseLifecycle.cs", false)]
    [InlineData("src/Jebo.Casework/Data/MigrationsHelp.cs", false)]
    [InlineData("src/Jebo.Casework/Data/Migrations/Postgres/20261201_Retention.cs", true)]
    [InlineData("tests/Jebo.Tests/obj/Release/net10.0/Jebo.Tests.AssemblyInfo.cs", true)]
    public void Only_generated_migrations_and_build_output_are_left_out(string path, bool leftOut) =>
        Assert.Equal(leftOut, Generated(path));

    private static bool Generated(string relative)
    {
        var parts = relative.Replace('\\', '/').Split('/');
        return parts.Contains("Migrations") || parts.Contains("bin") || parts.Contains("obj");
    }
}
