using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Jebo.Casework.StaffWeb;

namespace Jebo.Casework.Tests.StaffWeb;

public sealed partial class StaffTextTests
{
    private static readonly ResourceManager Texts = new("Jebo.Casework.StaffWeb.StaffText", typeof(StaffText).Assembly);

    private static string SourceFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Jebo.slnx")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "Jebo.Casework");
    }

    public static TheoryData<string> KeysUsedInPages()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(SourceFolder(), "*.cs*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            foreach (Match match in KeyPattern().Matches(File.ReadAllText(file)))
            {
                keys.Add(match.Groups[1].Value);
            }
        }

        return [.. keys];
    }

    [Theory]
    [MemberData(nameof(KeysUsedInPages))]
    public void Every_text_a_page_uses_exists_in_Korean_English_and_Chinese(string key)
    {
        var korean = Texts.GetString(key, CultureInfo.InvariantCulture);
        Assert.False(string.IsNullOrWhiteSpace(korean), $"{key} has no Korean text");
        foreach (var language in new[] { "en", "zh" })
        {
            var text = Texts.GetResourceSet(new CultureInfo(language), createIfNotExists: true, tryParents: false)?.GetString(key);
            Assert.False(string.IsNullOrWhiteSpace(text), $"{key} has no {language} text");
        }
    }

    [GeneratedRegex("""(?:T|text)\["([A-Za-z0-9]+\.[A-Za-z0-9.\-]+|Yes|No|Unclear)"[,\]]""")]
    private static partial Regex KeyPattern();
}
