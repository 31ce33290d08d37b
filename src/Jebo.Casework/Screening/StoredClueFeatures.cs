using System.Runtime.InteropServices;
using System.Text.Json;
using Jebo.Screening.Entities;
using Jebo.Screening.Similarity;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Screening;

/// <summary>
/// A report's or a follow-up's related-clue features (<see cref="ClueFeatures"/>) as the database keeps them beside
/// its screening: the signature and the term hashes as little-endian bytes, the entity keys with how the clue wrote
/// them as a JSON object, the script as one letter. A restart rebuilds the index from these columns alone, without
/// reading or parsing a single report.
/// </summary>
public static class StoredClueFeatures
{
    /// <summary>The words a report's features are made of, as the evaluation set's clues are written: what happened,
    /// where, and the people, groups and officials the reporter named, in one text.</summary>
    public static string Text(ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return string.Join(
            '\n',
            new[] { content.Facts?.Description, content.Facts?.Where }
                .Concat((content.Subjects ?? []).SelectMany(s => new[] { s.Name, s.Organization }))
                .Concat((content.Officials ?? []).SelectMany(o => new[] { o.Name, o.Organization }))
                .Where(part => !string.IsNullOrWhiteSpace(part))
        );
    }

    /// <summary>The features of a report: its text (<see cref="Text"/>), with the people the reporter named in the
    /// subject fields as entities of their own (a name alone in a field is not found in running text).</summary>
    public static ClueFeatures Of(MinHasher hasher, ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var names = (content.Subjects ?? [])
            .Select(s => s.Name)
            .Concat((content.Officials ?? []).Select(o => o.Name))
            .OfType<string>()
            .ToList();
        var fields = EntityExtractor.Extract("", names, []).Where(e => e.Kind == EntityKind.Person);
        return ClueFeatures.Of(hasher, Text(content), fields);
    }

    /// <summary>The features of a follow-up's words.</summary>
    public static ClueFeatures Of(MinHasher hasher, string followUp) => ClueFeatures.Of(hasher, followUp ?? "");

    public static byte[] Signature(ClueFeatures features) =>
        MemoryMarshal.AsBytes(features.Signature.AsSpan()).ToArray();

    public static byte[] Terms(ClueFeatures features) =>
        MemoryMarshal.AsBytes(features.Terms.ToArray().AsSpan()).ToArray();

    /// <summary>The entity keys in order, each with how the clue wrote it.</summary>
    public static string Keys(ClueFeatures features) =>
        JsonSerializer.Serialize(
            features.EntityKeys.ToDictionary(
                k => k,
                k => features.Written?.GetValueOrDefault(k) ?? k[(k.IndexOf(':', StringComparison.Ordinal) + 1)..],
                StringComparer.Ordinal
            )
        );

    public static string Script(ClueFeatures features) => features.Script.ToString();

    /// <summary>Features read back from the columns.</summary>
    public static ClueFeatures Read(byte[] signature, string keys, byte[] terms, string? script)
    {
        var written = JsonSerializer.Deserialize<Dictionary<string, string>>(keys)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        return new ClueFeatures(
            MemoryMarshal.Cast<byte, uint>(signature).ToArray(),
            [.. written.Keys],
            MemoryMarshal.Cast<byte, ulong>(terms).ToArray(),
            written,
            string.IsNullOrEmpty(script) ? ClueFeatures.UnknownScript : script[0]
        );
    }
}
