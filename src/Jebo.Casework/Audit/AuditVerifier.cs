using System.Globalization;
using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Transfer.Keys;
using Microsoft.EntityFrameworkCore;
using NSec.Cryptography;

namespace Jebo.Casework.Audit;

/// <summary>Recomputes the whole chain and checks every checkpoint — those in the database, those in the checkpoint
/// file outside it and, when given, copies kept off the machine — naming the first thing that does not hold.</summary>
public sealed class AuditVerifier(CaseworkDb db)
{
    public sealed record Outcome(bool Intact, long Entries, int Checkpoints, string? Problem);

    /// <summary>Checks the chain against the database's checkpoints, the checkpoint file outside it, and exported
    /// copies.</summary>
    /// <param name="signingPublicKeys">Casework signing public keys (current and retired), by key id
    /// (<see cref="KeyFolder.OwnSigningKeys"/>, as <see cref="Keys.CaseworkKeys.OwnSigning"/> holds them).</param>
    /// <param name="file">The checkpoint file (<see cref="AuditCheckpointFile"/>, the zone's own or a copy kept off the
    /// machine), or null to skip it.</param>
    /// <param name="external">Checkpoints exported earlier (<c>jebo audit checkpoint --export</c>), or null.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public async Task<Outcome> VerifyAsync(
        IReadOnlyDictionary<string, PublicKey> signingPublicKeys,
        AuditCheckpointFile? file,
        IReadOnlyList<AuditCheckpoint>? external,
        CancellationToken cancellationToken
    )
    {
        var filed = new List<AuditCheckpoint>();
        if (file is not null)
        {
            if (!file.Exists)
            {
                var inDatabase = await db.AuditCheckpoints.CountAsync(cancellationToken);
                if (inDatabase > 0)
                {
                    return new Outcome(
                        false,
                        0,
                        inDatabase,
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"the checkpoint file {file.Path} is missing, yet the database holds {inDatabase} "
                                + $"checkpoint(s): put back the copy kept off the machine, or name it with "
                                + $"--checkpoint-file"
                        )
                    );
                }
            }
            else
            {
                try
                {
                    filed.AddRange(file.ReadAll(signingPublicKeys));
                }
                catch (InvalidDataException e)
                {
                    return new Outcome(false, 0, 0, e.Message);
                }
            }
        }

        return await VerifyAsync(signingPublicKeys, [.. filed, .. external ?? []], cancellationToken);
    }

    /// <param name="signingPublicKeys">Casework signing public keys (current and retired), by key id
    /// (<see cref="KeyFolder.OwnSigningKeys"/>, as <see cref="Keys.CaseworkKeys.OwnSigning"/> holds them).</param>
    /// <param name="external">Checkpoints kept outside the database (the checkpoint file, exported copies), or
    /// null.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public async Task<Outcome> VerifyAsync(
        IReadOnlyDictionary<string, PublicKey> signingPublicKeys,
        IReadOnlyList<AuditCheckpoint>? external,
        CancellationToken cancellationToken
    )
    {
        var stored = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(cancellationToken);
        var count = stored.Count + (external?.Count ?? 0);
        var checkpoints = stored.Concat(external ?? []).ToLookup(c => c.Sequence);
        foreach (var checkpoint in stored.Concat(external ?? []))
        {
            if (!signingPublicKeys.TryGetValue(checkpoint.KeyId, out var key) || !checkpoint.Verifies(key))
            {
                return new Outcome(
                    false,
                    0,
                    count,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"checkpoint at entry {checkpoint.Sequence} has no valid signature (changed, or signed by an "
                            + $"unknown key {checkpoint.KeyId})"
                    )
                );
            }
        }

        // Stream the chain in pages: a national log holds millions of entries.
        const int page = 10_000;
        var previous = AuditChain.Genesis;
        var expected = 1L;
        while (true)
        {
            var entries = await db
                .AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= expected)
                .OrderBy(e => e.Sequence)
                .Take(page)
                .ToListAsync(cancellationToken);
            if (entries.Count == 0)
            {
                break;
            }

            if (AuditChain.FirstBreak(entries, expected, previous) is { } problem)
            {
                return new Outcome(false, expected - 1, count, problem);
            }

            foreach (var entry in entries)
            {
                foreach (var checkpoint in checkpoints[entry.Sequence])
                {
                    if (checkpoint.Hash != entry.Hash)
                    {
                        return new Outcome(
                            false,
                            entry.Sequence,
                            count,
                            string.Create(
                                CultureInfo.InvariantCulture,
                                $"entry {entry.Sequence} differs from the signed checkpoint made at {checkpoint.At:u}: "
                                    + $"the chain was rewritten from there or earlier"
                            )
                        );
                    }
                }
            }

            previous = entries[^1].Hash;
            expected = entries[^1].Sequence + 1;
        }

        var beyond = stored
            .Concat(external ?? [])
            .Where(c => c.Sequence >= expected)
            .Select(c => c.Sequence)
            .DefaultIfEmpty(0)
            .Max();
        if (beyond > 0)
        {
            return new Outcome(
                false,
                expected - 1,
                count,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"a signed checkpoint names entry {beyond}, but the log ends at {expected - 1}: entries were "
                        + $"removed from the end"
                )
            );
        }

        return new Outcome(true, expected - 1, count, null);
    }

    /// <summary>Checkpoints as JSON lines, for copying off the machine.</summary>
    public static string Export(IEnumerable<AuditCheckpoint> checkpoints) =>
        string.Concat(
            checkpoints.Select(c =>
                JsonSerializer.Serialize(
                    new ExportedCheckpoint(c.Sequence, c.Hash, c.At, c.KeyId, Convert.ToBase64String(c.Signature))
                ) + "\n"
            )
        );

    public static IReadOnlyList<AuditCheckpoint> Import(string jsonLines) =>
        [
            .. jsonLines
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line =>
                    JsonSerializer.Deserialize<ExportedCheckpoint>(line)
                    ?? throw new JsonException("empty checkpoint line")
                )
                .Select(e => new AuditCheckpoint
                {
                    Sequence = e.Sequence,
                    Hash = e.Hash,
                    At = e.At,
                    KeyId = e.KeyId,
                    Signature = Convert.FromBase64String(e.Signature),
                }),
        ];

    private sealed record ExportedCheckpoint(
        long Sequence,
        string Hash,
        DateTimeOffset At,
        string KeyId,
        string Signature
    );
}
