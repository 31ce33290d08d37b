namespace Jebo.Testing;

/// <summary>axe-core's script, for the accessibility tests to inject into pages: installed by <c>npm ci</c> in
/// <c>tests/browser</c> (as .ci/run does); null where it is not, and those tests skip, saying so.</summary>
public static class AxeCore
{
    public static string? Script { get; } = Find();

    /// <summary>The WCAG 2.1 A and AA rules, as axe names them.</summary>
    public const string Run =
        "async () => await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })";

    private static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "browser", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }

            if (File.Exists(Path.Combine(folder.FullName, "Jebo.slnx")))
            {
                return null;
            }
        }

        return null;
    }
}
