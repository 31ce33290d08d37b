using Jebo.Cli;

namespace Jebo.Tests.Cli;

/// <summary>Every <c>jebo …</c> line docs/operations.md shows names a verb and options the entry point knows: each is
/// run through <see cref="CommandLine.RunAsync"/> with one option no verb has added at its end, so the verb's own usage
/// check refuses it (exit 2, naming that option) — which it does only after finding every documented option known —
/// before anything is read or written.</summary>
public sealed class DocumentedCommandLinesTests
{
    private const string Undocumented = "--zz-undocumented";
    private const string RefusedUndocumented = $"jebo: unknown option {Undocumented}\n";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_jebo_command_line_in_the_operations_guide_names_a_verb_and_options_that_exist()
    {
        using var site = OperatorFolder.Empty();
        var lines = OperationsDocument.CommandLines();
        Assert.True(lines.Count >= 50, $"only {lines.Count} command lines found in {OperationsDocument.Path}");
        Assert.Contains("jebo transfer quarantine resolve --id ID --reason TEXT", lines);

        var wrong = new List<string>();
        foreach (var line in lines.Distinct(StringComparer.Ordinal))
        {
            var (exit, error) = await UsageAsync(site, line);
            var words = Words(line);
            var accepted =
                words.Contains("--version") || words.Contains("--help")
                    ? exit == 0
                    : exit == 2
                        && (
                            error.StartsWith(RefusedUndocumented, StringComparison.Ordinal)
                            // A verb named alone, as a group ("`jebo users`"): its own usage line shows it is known.
                            || (
                                words.Count == 2
                                && error.StartsWith($"jebo: usage: jebo {words[1]} ", StringComparison.Ordinal)
                            )
                        );
            if (!accepted)
            {
                wrong.Add($"`{line}` → exit {exit}: {error.Split('\n')[0]}");
            }
        }

        Assert.True(
            wrong.Count == 0,
            "docs/operations.md shows command lines the entry point does not take:\n" + string.Join("\n", wrong)
        );
    }

    [Theory]
    [InlineData("jebo transfer export --to DIR --force")]
    [InlineData("jebo transfer send --to DIR")]
    [InlineData("jebo keys forget --id ID")]
    [InlineData("jebo users add --login kim --office 26 --role supervisor --password-file F")]
    [InlineData("jebo audit verify --checkpoint FILE")]
    [InlineData("jebo transfer quarantine list --open")]
    public async Task The_check_finds_a_verb_or_option_that_does_not_exist(string line)
    {
        using var site = OperatorFolder.Empty();
        var known = await UsageAsync(site, "jebo transfer export --to DIR --zone Z");
        Assert.Equal((2, RefusedUndocumented), FirstLine(known));

        Assert.NotEqual((2, RefusedUndocumented), FirstLine(await UsageAsync(site, line)));
    }

    private static (int, string) FirstLine((int Exit, string Error) result) =>
        (result.Exit, result.Error.Split('\n')[0] + "\n");

    /// <summary>The line's words as the shell passes them, optional parts (<c>[--zone Z]</c>) included, an option
    /// named last without a value given one, absolute paths moved into the scratch folder; then
    /// <see cref="Undocumented"/>.</summary>
    private static async Task<(int Exit, string Error)> UsageAsync(OperatorFolder site, string line)
    {
        var words = Words(line);
        if (words[^1].StartsWith("--", StringComparison.Ordinal) && words[^1] is not ("--version" or "--help"))
        {
            words.Add("VALUE");
        }

        var args = words.Skip(1).Select(w => w.StartsWith('/') ? site.Path(w.TrimStart('/').Replace('/', '-')) : w);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            [.. args, "--data", site.Data, Undocumented, "x"],
            new StringReader(""),
            output,
            error,
            Cancel
        );
        return (exit, error.ToString());
    }

    private static List<string> Words(string line) =>
        OperationsDocument.Words(
            line.Replace("\\|", "|", StringComparison.Ordinal)
                .Replace("[", "", StringComparison.Ordinal)
                .Replace("]", "", StringComparison.Ordinal)
                .Replace("/opt/jebo/jebo", "jebo", StringComparison.Ordinal)
        );
}
