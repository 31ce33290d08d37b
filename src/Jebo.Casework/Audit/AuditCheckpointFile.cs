using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Data;
using NSec.Cryptography;

namespace Jebo.Casework.Audit;

/// <summary>
/// The record of checkpoints outside the database: <c>casework/audit-checkpoints.log</c>, one JSON line per signed
/// checkpoint, appended and flushed to disk before the checkpoint is stored in the database, owner-only. Each line is
/// self-describing (format, entry, hash, time, key id, Ed25519 signature) and names the SHA-256 of the line before it,
/// so a copy carried off the machine can be checked alone and lines cannot be dropped from its middle unnoticed.
/// </summary>
/// <remarks>Security: checkpoints kept only in the database they vouch for protect nothing against whoever can write
/// that database — delete them, rehash the chain, and everything agrees again. This file is outside the database (a
/// database administrator cannot reach it) and is copied off the machine (a machine administrator cannot reach the
/// copy), so <c>jebo audit verify</c> and the alerts check the chain against it by default.</remarks>
public sealed class AuditCheckpointFile(string path)
{
    public const string FileName = "audit-checkpoints.log";
    public const string Format = "jebo/audit-checkpoint-line/v1";
    public static readonly string FirstPrevious = new('0', 64);

    private static readonly Lock Writing = new();

    public string Path { get; } = path;

    public bool Exists => File.Exists(Path);

    /// <summary>Appends a checkpoint and makes it durable; called before the database stores it.</summary>
    public void Append(AuditCheckpoint checkpoint)
    {
        lock (Writing)
        {
            var previous = LastLine() is { } last ? HashOfLine(last) : FirstPrevious;
            var line =
                JsonSerializer.Serialize(
                    new Line(
                        Format,
                        checkpoint.Sequence,
                        checkpoint.Hash,
                        checkpoint.At,
                        checkpoint.KeyId,
                        Convert.ToBase64String(checkpoint.Signature),
                        previous
                    )
                ) + "\n";
            var options = new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.Read,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(Path, options);
            stream.Write(Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Reads and checks every line: each parses, is signed by a known key, and follows the one before
    /// it.</summary>
    /// <exception cref="InvalidDataException">A line is damaged, unsigned, or out of the chain; the message names
    /// it.</exception>
    public IReadOnlyList<AuditCheckpoint> ReadAll(IReadOnlyDictionary<string, PublicKey> signingKeys)
    {
        var checkpoints = new List<AuditCheckpoint>();
        var previous = FirstPrevious;
        var number = 0;
        foreach (var line in File.ReadLines(Path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var (checkpoint, linePrevious) = Parse(line, number, signingKeys);
            if (linePrevious != previous)
            {
                throw new InvalidDataException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"line {number} of {Path} does not follow line {number - 1}: a line was removed, inserted or "
                            + $"changed"
                    )
                );
            }

            checkpoints.Add(checkpoint);
            previous = HashOfLine(line);
        }

        return checkpoints;
    }

    /// <summary>The last checkpoint in the file, checked alone (signature only): cheap enough for every alerts
    /// page.</summary>
    /// <exception cref="InvalidDataException">The last line is damaged or unsigned.</exception>
    public AuditCheckpoint? ReadLast(IReadOnlyDictionary<string, PublicKey> signingKeys) =>
        LastLine() is { } line ? Parse(line, 0, signingKeys).Checkpoint : null;

    private static (AuditCheckpoint Checkpoint, string Previous) Parse(
        string line,
        int number,
        IReadOnlyDictionary<string, PublicKey> signingKeys
    )
    {
        var where = number > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {number}") : "the last line";
        Line? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Line>(line);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        if (
            parsed is null
            || parsed.Format != Format
            || parsed.Hash is null
            || parsed.KeyId is null
            || parsed.Previous is null
            || parsed.Signature is null
        )
        {
            throw new InvalidDataException(
                $"{where} of the checkpoint file is not a {Format} line (damaged or edited)"
            );
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(parsed.Signature);
        }
        catch (FormatException)
        {
            throw new InvalidDataException(
                $"{where} of the checkpoint file holds a signature that is not base64 (damaged or edited)"
            );
        }

        var checkpoint = new AuditCheckpoint
        {
            Sequence = parsed.Sequence,
            Hash = parsed.Hash,
            At = parsed.At,
            KeyId = parsed.KeyId,
            Signature = signature,
        };
        if (!signingKeys.TryGetValue(checkpoint.KeyId, out var key) || !checkpoint.Verifies(key))
        {
            throw new InvalidDataException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{where} of the checkpoint file (entry {checkpoint.Sequence}) has no valid signature (changed, or "
                        + $"signed by an unknown key {checkpoint.KeyId})"
                )
            );
        }

        return (checkpoint, parsed.Previous);
    }

    private static string HashOfLine(string line) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));

    /// <summary>The last non-empty line, read from the end of the file (it grows by one line per checkpoint).</summary>
    private string? LastLine()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = (int)Math.Min(stream.Length, 64 * 1024);
        stream.Seek(-length, SeekOrigin.End);
        var tail = new byte[length];
        stream.ReadExactly(tail);
        var lines = Encoding.UTF8.GetString(tail).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? null : lines[^1];
    }

    private sealed record Line(
        [property: System.Text.Json.Serialization.JsonPropertyName("format")] string Format,
        [property: System.Text.Json.Serialization.JsonPropertyName("sequence")] long Sequence,
        [property: System.Text.Json.Serialization.JsonPropertyName("hash")] string Hash,
        [property: System.Text.Json.Serialization.JsonPropertyName("at")] DateTimeOffset At,
        [property: System.Text.Json.Serialization.JsonPropertyName("keyId")] string KeyId,
        [property: System.Text.Json.Serialization.JsonPropertyName("signature")] string Signature,
        [property: System.Text.Json.Serialization.JsonPropertyName("previous")] string Previous
    );
}
