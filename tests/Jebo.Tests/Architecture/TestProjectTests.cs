using System.Text.RegularExpressions;
using System.Xml.Linq;
using Jebo.Testing;

namespace Jebo.Tests.Architecture;

/// <summary>Tests mirror the source: each test project tests one source project (<c>Jebo.X.Tests</c> tests
/// <c>src/Jebo.X</c>; <c>Jebo.Tests</c> tests the whole platform through <c>src/Jebo</c>), references only it and the
/// shared <c>Jebo.Testing</c>, and names no code its source project cannot reach: casework is tested in
/// <c>Jebo.Casework.Tests</c>, never from the intake or transfer tests.</summary>
/// <remarks><c>Jebo.Testing</c> starts the whole platform, so the compiler would let any test project name anything;
/// the names a test project's files use are checked here instead.</remarks>
public sealed partial class TestProjectTests
{
    private static readonly string Root = TestRepository.Root;

    private static readonly string[] Projects =
    [
        .. Directory
            .GetDirectories(Path.Combine(Root, "tests"), "Jebo*.Tests")
            .Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal),
    ];

    public static TheoryData<string> TestProjects => new(Projects);

    private static string SourceProjectOf(string testProject) => testProject[..^".Tests".Length];

    /// <summary>The project names a project file references, without folder or extension.</summary>
    private static List<string> ReferencesOf(string projectFile) =>
        [
            .. XDocument
                .Load(projectFile)
                .Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/'))),
        ];

    /// <summary>A source project and every source project it reaches.</summary>
    private static HashSet<string> Reachable(string sourceProject)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([sourceProject]);
        while (pending.TryPop(out var project))
        {
            if (seen.Add(project))
            {
                ReferencesOf(Path.Combine(Root, "src", project, project + ".csproj")).ForEach(pending.Push);
            }
        }

        return seen;
    }

    [Fact]
    public void Every_test_project_is_named_for_a_source_project()
    {
        Assert.Contains(Projects, p => SourceProjectOf(p) == "Jebo");
        Assert.All(Projects, p =>
            Assert.True(
                File.Exists(Path.Combine(Root, "src", SourceProjectOf(p), SourceProjectOf(p) + ".csproj")),
                $"{p} tests no source project: there is no src/{SourceProjectOf(p)}"
            )
        );
    }

    [Theory]
    [MemberData(nameof(TestProjects))]
    public void A_test_project_references_its_source_project_and_the_shared_testing_project_only(string testProject)
    {
        var references = ReferencesOf(Path.Combine(Root, "tests", testProject, testProject + ".csproj"));
        Assert.Equal(
            new[] { SourceProjectOf(testProject), "Jebo.Testing" }.Order(StringComparer.Ordinal),
            references.Order(StringComparer.Ordinal)
        );
    }

    [Theory]
    [MemberData(nameof(TestProjects))]
    public void A_test_project_names_only_code_its_source_project_reaches(string testProject)
    {
        var sourceProjects = Directory
            .GetDirectories(Path.Combine(Root, "src"))
            .Select(d => Path.GetFileName(d)!)
            .ToList();
        var allowed = Reachable(SourceProjectOf(testProject));
        allowed.UnionWith(["Jebo.Testing", testProject]);
        var known = sourceProjects.Concat(Projects).Append("Jebo.Testing").OrderByDescending(p => p.Length).ToList();
        var folder = Path.Combine(Root, "tests", testProject);
        var misplaced = new List<string>();
        foreach (
            var file in Directory
                .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(folder, f))
        )
        {
            var code = Comment().Replace(File.ReadAllText(file), "");
            foreach (var name in QualifiedName().Matches(code).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                // The longest project name the namespace starts with owns it (Jebo.Casework.Tests before Jebo.Casework
                // before Jebo).
                var owner = known.First(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal));
                if (!allowed.Contains(owner))
                {
                    misplaced.Add($"{Path.GetRelativePath(Root, file)} names {name} (of {owner})");
                }
            }
        }

        Assert.True(
            misplaced.Count == 0,
            $"{testProject} tests {SourceProjectOf(testProject)}; move these tests to the project of what they test:\n"
                + string.Join('\n', misplaced)
        );
    }

    private static bool IsBuildOutput(string project, string file) =>
        Path.GetRelativePath(project, file).Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    [GeneratedRegex("//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\bJebo(\.[A-Z][A-Za-z0-9]*)+")]
    private static partial Regex QualifiedName();
}
