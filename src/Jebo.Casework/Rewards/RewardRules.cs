using System.Text.Json;
using System.Text.Json.Serialization;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Transfer.Status;

namespace Jebo.Casework.Rewards;

/// <summary>The amounts a reward may be granted in, in won, per category of crime: an operator's file
/// (<c>casework/rewards.json</c>, written with these defaults by <c>jebo init</c> and read at every decision, so an
/// edit holds from the next one). A category the file does not name takes <see cref="Default"/>.</summary>
public sealed record RewardRules(RewardRange Default, IReadOnlyDictionary<string, RewardRange> Categories)
{
    /// <summary>The file's name in casework's folder.</summary>
    public const string FileName = "rewards.json";

    /// <summary>What <c>jebo init</c> writes, and what holds when the file is missing.</summary>
    public static readonly RewardRules Defaults = new(
        new RewardRange(100_000, 5_000_000),
        new Dictionary<string, RewardRange>(StringComparer.Ordinal)
        {
            ["organized-violence"] = new(300_000, 20_000_000),
            ["protection-racket"] = new(300_000, 20_000_000),
            ["shielding-officials"] = new(500_000, 50_000_000),
            ["election-interference"] = new(500_000, 50_000_000),
            ["drugs"] = new(300_000, 20_000_000),
        }
    );

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The range for a case of <paramref name="category"/>.</summary>
    public RewardRange For(string category) => Categories.TryGetValue(category, out var range) ? range : Default;

    /// <summary>Why a reward may not be granted on the case at all, or null: only for a case whose result is
    /// <c>substantiated</c> and was reviewed by an office above. The one place casework decides it.</summary>
    /// <remarks>Security: intake takes a claim only once the reviewed result was published to the receipt, but a
    /// claim a compromised intake let through early must still pay nothing; casework checks its own record.</remarks>
    public static string? CaseRefusal(CaseRecord caseRecord) =>
        caseRecord.Result == PublicResult.Substantiated && caseRecord.ReviewedAt is not null
            ? null
            : Refusals.Text("Refusal.RewardNotSubstantiated");

    /// <summary>Why <paramref name="amount"/> may not be granted on a case of <paramref name="category"/>, or
    /// null.</summary>
    public string? AmountRefusal(string category, long amount)
    {
        var range = For(category);
        return amount >= range.Min && amount <= range.Max
            ? null
            : Refusals.Text("Refusal.RewardOutsideRange", category, range.Min, range.Max, FileName, amount);
    }

    /// <summary>Reads the rules from <paramref name="path"/>, or the defaults when there is no such file.</summary>
    /// <exception cref="RewardRulesException">The file exists but does not hold valid rules.</exception>
    public static RewardRules Read(string path)
    {
        if (!File.Exists(path))
        {
            return Defaults;
        }

        RewardRulesFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RewardRulesFile>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new RewardRulesException($"{path} is not valid reward rules: {e.Message}");
        }

        if (file?.Default is not { } fallback)
        {
            throw new RewardRulesException($"{path} names no \"default\" range");
        }

        var categories = new Dictionary<string, RewardRange>(StringComparer.Ordinal);
        foreach (var (category, range) in file.Categories ?? [])
        {
            categories[category] = range;
        }

        foreach (var (name, range) in categories.Prepend(new("default", fallback)))
        {
            if (range is null || range.Min < 0 || range.Max < range.Min)
            {
                throw new RewardRulesException(
                    $"{path}: the range of {name} needs \"min\" from 0 and \"max\" not below it"
                );
            }
        }

        return new RewardRules(fallback, categories);
    }

    /// <summary>Writes the defaults to <paramref name="path"/> unless a file is there (an operator's edits
    /// stay).</summary>
    public static void WriteDefaultIfMissing(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        var file = new RewardRulesFile(
            "Reward amounts in won per category of crime (docs/operations.md, Rewards); a category not named takes "
                + "the default range. Read at every decision.",
            Defaults.Default,
            new Dictionary<string, RewardRange>(Defaults.Categories, StringComparer.Ordinal)
        );
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(file, Json));
    }

    /// <summary>The file as an operator writes it.</summary>
    private sealed record RewardRulesFile(
        [property: JsonPropertyName("_comment")] string? Comment,
        RewardRange? Default,
        Dictionary<string, RewardRange>? Categories
    );
}

/// <summary>The lowest and highest amount a reward may be granted in, in won.</summary>
public sealed record RewardRange(long Min, long Max);

/// <summary>The reward rules file exists but cannot be used; the message names the file and what is wrong.</summary>
public sealed class RewardRulesException(string message) : Exception(message);
