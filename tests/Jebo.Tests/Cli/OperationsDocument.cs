using System.Text;
using System.Text.RegularExpressions;
using Jebo.Testing;

namespace Jebo.Tests.Cli;

/// <summary>
/// docs/operations.md as the tests read it: the walk-through section "Two machines, step by step" as steps in order —
/// each shell block on the machine named by the <c>&lt;!-- walk: MACHINE --&gt;</c> comment before it, each other
/// <c>&lt;!-- walk: … --&gt;</c> comment a person's act (a reporter, a staff member) — and every <c>jebo …</c> command
/// line anywhere in the document.
/// </summary>
public static partial class OperationsDocument
{
    public const string WalkThroughHeading = "## Two machines, step by step";

    /// <summary>The machines a walk-through block may name.</summary>
    public static readonly IReadOnlySet<string> Machines = new HashSet<string>(StringComparer.Ordinal)
    {
        "casework",
        "intake",
        "lab",
    };

    public static string Path => System.IO.Path.Combine(TestRepository.Root, "docs", "operations.md");

    public static string[] Lines => File.ReadAllLines(Path);

    /// <summary>The walk-through's steps, in the order the document gives them.</summary>
    public static IReadOnlyList<WalkStep> WalkThrough()
    {
        var lines = Lines;
        var start = Array.IndexOf(lines, WalkThroughHeading);
        Assert.True(start >= 0, $"docs/operations.md has no section '{WalkThroughHeading}'");
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var section = lines[(start + 1)..(end < 0 ? lines.Length : end)];

        var steps = new List<WalkStep>();
        string? machine = null;
        for (var i = 0; i < section.Length; i++)
        {
            var line = section[i];
            if (WalkComment().Match(line) is { Success: true } marker)
            {
                var name = marker.Groups[1].Value.Trim();
                var next = section.Skip(i + 1).FirstOrDefault(l => l.Trim().Length > 0) ?? "";
                if (next.StartsWith("```", StringComparison.Ordinal))
                {
                    Assert.True(
                        Machines.Contains(name),
                        $"walk-through block for an unknown machine '{name}' (known: {string.Join(", ", Machines)})"
                    );
                    machine = name;
                }
                else
                {
                    steps.Add(new WalkStep(null, name, []));
                }

                continue;
            }

            if (!line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var block = section.Skip(i + 1).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToList();
            i += block.Count + 1;
            if (machine is null)
            {
                // A block without a machine is shown, not run: it must not hold a command the test would skip.
                Assert.DoesNotContain(block, l => l.StartsWith("jebo ", StringComparison.Ordinal));
                continue;
            }

            steps.Add(new WalkStep(machine, "", Commands(block)));
            machine = null;
        }

        return steps;
    }

    /// <summary>A block's commands, each with the <c># → TEXT</c> lines under it.</summary>
    private static List<WalkCommand> Commands(IEnumerable<string> block)
    {
        var commands = new List<WalkCommand>();
        foreach (var line in block.Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.StartsWith("# →", StringComparison.Ordinal))
            {
                Assert.True(commands.Count > 0, $"'{line}' follows no command");
                commands[^1].Expected.Add(line["# →".Length..].Trim());
            }
            else if (!line.StartsWith('#'))
            {
                commands.Add(new WalkCommand(line, Words(line), []));
            }
        }

        return commands;
    }

    /// <summary>A shell line's words: quotes group and are removed, an unquoted <c>#</c> after a space starts a
    /// comment.</summary>
    public static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        Assert.True(quote is null, $"unclosed quote in '{line}'");
        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Every <c>jebo VERB …</c> the document shows, in shell blocks and in code spans, as written (from
    /// <c>jebo</c> on, without a trailing comment).</summary>
    public static IReadOnlyList<string> CommandLines()
    {
        var found = new List<string>();
        var inBlock = false;
        foreach (var line in Lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            // A shell line without its comment (which may mention a command in passing); a code span as it is.
            var candidates = inBlock ? [WithoutComment(line)] : CodeSpan().Matches(line).Select(m => m.Groups[1].Value);
            found.AddRange(
                candidates.Select(c => Command().Match(c)).Where(m => m.Success).Select(m => m.Value.Trim())
            );
        }

        return found;
    }

    private static string WithoutComment(string line)
    {
        var trimmed = line.TrimStart();
        var comment = trimmed.StartsWith('#') ? 0 : trimmed.IndexOf(" #", StringComparison.Ordinal);
        return comment < 0 ? trimmed : trimmed[..comment];
    }

    [GeneratedRegex(@"^<!-- walk: (.+?) -->$")]
    private static partial Regex WalkComment();

    [GeneratedRegex(@"(?<!`)`([^`]+)`(?!`)")]
    private static partial Regex CodeSpan();

    // "jebo" as a program (alone, or /opt/jebo/jebo) followed by a verb or an option; not "jebo()" nor "jebo-intake".
    [GeneratedRegex(@"(?<![\w/.-])(?:/opt/jebo/)?jebo (?:[a-z]|--).*$")]
    private static partial Regex Command();
}

/// <summary>One step of the walk-through: a block of <see cref="Commands"/> on a <see cref="Machine"/>, or, with no
/// machine, a person's <see cref="Act"/>.</summary>
public sealed record WalkStep(string? Machine, string Act, IReadOnlyList<WalkCommand> Commands);

/// <summary>A command line of a walk-through block, its words, and what the document says it prints
/// (<c># → TEXT</c>, <c># → exits 1: TEXT</c>).</summary>
public sealed record WalkCommand(string Line, IReadOnlyList<string> Words, List<string> Expected);
