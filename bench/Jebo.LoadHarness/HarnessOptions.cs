using System.Globalization;

namespace Jebo.LoadHarness;

/// <summary>The harness's <c>--name value</c> options.</summary>
public sealed class HarnessOptions
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected an option, not '{args[i]}'");
            }

            options.values[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    public string Text(string name, string? fallback = null) =>
        values.TryGetValue(name, out var value)
            ? value
            : fallback ?? throw new ArgumentException($"--{name} is required");

    public int Number(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
