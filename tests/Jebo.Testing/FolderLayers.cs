using System.Text.RegularExpressions;

namespace Jebo.Testing;

/// <summary>The order in which the feature folders of a zone's source may depend on one another: a folder may use the
/// folders before it in <see cref="Order"/> and none after it, so dependencies point one way and no two folders need
/// each other. Read from the source files (folder = namespace): a <c>using</c> of another folder's namespace, a name
/// qualified with it (<c>Jebo.Casework.Cases.CaseQueries</c>, <c>Cases.CaseQueries</c>), or a type of the project's
/// root folder (the composition root, at the top) other than those every folder may read (its options).</summary>
/// <remarks>The source is read rather than the compiled assembly because constants (audit action names, roles) and
/// <c>nameof</c> leave no trace in IL, and documentation references bind names as surely as code does; the build's
/// IDE0005 (no unnecessary <c>using</c>) keeps every <c>using</c> a real use.</remarks>
public sealed partial class FolderLayers(
    string rootNamespace,
    IReadOnlyList<string> order,
    IReadOnlyList<string> readEverywhere
)
{
    /// <summary>The root folder's name in <see cref="Order"/> and in messages.</summary>
    public const string Root = "(root)";

    public IReadOnlyList<string> Order => order;

    /// <summary>The source files of a project folder (paths relative to it, with '/'), build output left out.</summary>
    public static IReadOnlyList<(string Path, string Text)> SourceOf(string projectFolder) =>
        [
            .. Directory
                .EnumerateFiles(projectFolder, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(projectFolder, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(f => f.Split('/')[0] is not ("bin" or "obj"))
                .Order(StringComparer.Ordinal)
                .Select(f => (f, File.ReadAllText(Path.Combine(projectFolder, f)))),
        ];

    /// <summary>Every dependency that points the wrong way, as a sentence naming the file, its folder, the folder it
    /// uses and the types it uses there; empty when the layering holds.</summary>
    public IReadOnlyList<string> Violations(IReadOnlyList<(string Path, string Text)> files)
    {
        var types = files
            .SelectMany(f =>
                TypeDeclaration().Matches(f.Text).Select(m => (Folder: FolderOf(f.Path), Type: m.Groups[1].Value))
            )
            .GroupBy(t => t.Folder, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(t => t.Type).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal
            );
        var folders = types.Keys.Where(f => f != Root).ToHashSet(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var folder in folders.Where(f => !order.Contains(f)).Order(StringComparer.Ordinal))
        {
            violations.Add($"{folder}/ has no place in the order of folders; add it where its dependencies allow");
        }

        foreach (var (path, text) in files)
        {
            var folder = FolderOf(path);
            var rank = RankOf(folder);
            foreach (var used in UsedFolders(text, folders, types).Where(u => u != folder))
            {
                var usedTypes = types
                    .GetValueOrDefault(used, [])
                    .Where(t => UsesName(text, t))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (used == Root)
                {
                    usedTypes = [.. usedTypes.Where(t => !readEverywhere.Contains(t))];
                    if (usedTypes.Count == 0)
                    {
                        continue;
                    }
                }
                else if (RankOf(used) < rank)
                {
                    continue;
                }

                var what = usedTypes.Count > 0 ? string.Join(", ", usedTypes) : $"using {rootNamespace}.{used}";
                violations.Add($"{path} ({folder}) uses {used} ({what}), which comes after {folder} in the order");
            }
        }

        return violations;
    }

    private int RankOf(string folder) =>
        folder == Root ? order.Count
        : order.Contains(folder) ? IndexOf(folder)
        : -1;

    private int IndexOf(string folder)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == folder)
            {
                return i;
            }
        }

        return -1;
    }

    private static string FolderOf(string path) => path.Split('/') is { Length: > 1 } parts ? parts[0] : Root;

    private HashSet<string> UsedFolders(string text, HashSet<string> folders, Dictionary<string, HashSet<string>> types)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var qualified = new Regex(@"(?<![\w.])" + Regex.Escape(rootNamespace) + @"\.(\w+)\b");
        foreach (Match match in qualified.Matches(text))
        {
            var name = match.Groups[1].Value;
            if (folders.Contains(name))
            {
                used.Add(name);
            }
            else if (types.GetValueOrDefault(Root, []).Contains(name))
            {
                used.Add(Root);
            }
        }

        foreach (Match match in PartlyQualified().Matches(text))
        {
            if (folders.Contains(match.Groups[1].Value) && types[match.Groups[1].Value].Contains(match.Groups[2].Value))
            {
                used.Add(match.Groups[1].Value);
            }
        }

        if (types.GetValueOrDefault(Root, []).Any(t => UsesName(text, t)))
        {
            used.Add(Root);
        }

        return used;
    }

    // A name alone or at the end of a qualified name (Staff.Jurisdiction), never inside a longer identifier.
    private static bool UsesName(string text, string name) =>
        Regex.IsMatch(text, @"(?<!\w)" + Regex.Escape(name) + @"\b");

    [GeneratedRegex(
        @"^\s*(?:(?:public|internal|private|protected|file|sealed|static|abstract|partial|readonly|ref)\s+)*"
            + @"(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(\w+)",
        RegexOptions.Multiline
    )]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex PartlyQualified();
}
