using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Data;

namespace Jebo.Casework.Audit;

/// <summary>
/// The hash chain over the audit log: each entry's hash covers the previous entry's hash and every field of its own,
/// so a changed, removed, inserted or reordered entry breaks every hash after it.
/// </summary>
/// <remarks>Security: fields are hashed as a JSON array, an unambiguous encoding, so moving characters between two
/// fields cannot keep the hash. The chain's start is a fixed value, so removing the first entries is detected
/// too.</remarks>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string HashOf(AuditEntry entry)
    {
        var fields = JsonSerializer.SerializeToUtf8Bytes(
            new object?[]
            {
                entry.PreviousHash,
                entry.Sequence,
                entry.At.ToUnixTimeMilliseconds(),
                entry.Actor,
                entry.ActorOffice,
                entry.Action,
                entry.CaseId,
                entry.Details,
            }
        );
        return Convert.ToHexStringLower(SHA256.HashData(fields));
    }

    /// <summary>Checks entries in order; returns null when intact, or a sentence naming the first bad entry.</summary>
    public static string? FirstBreak(IEnumerable<AuditEntry> entries, long startSequence = 1, string? startHash = null)
    {
        var expectedPrevious = startHash ?? Genesis;
        var expectedSequence = startSequence;
        foreach (var entry in entries)
        {
            if (entry.Sequence != expectedSequence)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"entry {expectedSequence} is missing (found {entry.Sequence} in its place)"
                );
            }

            if (entry.PreviousHash != expectedPrevious)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"entry {entry.Sequence} ({entry.Action}) does not follow entry {entry.Sequence - 1}: an entry "
                        + $"before it was changed, removed or inserted"
                );
            }

            if (HashOf(entry) != entry.Hash)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"entry {entry.Sequence} ({entry.Action} at {entry.At:u}) was changed after it was written"
                );
            }

            expectedPrevious = entry.Hash;
            expectedSequence++;
        }

        return null;
    }
}
