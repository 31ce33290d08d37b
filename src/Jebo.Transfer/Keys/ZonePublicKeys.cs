using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using NSec.Cryptography;

namespace Jebo.Transfer.Keys;

/// <summary>One public key in an export: what it is for, its id, the raw key in base64, and whether it is the one
/// in use. <paramref name="Generation"/> counts rotations (1 for the first key), so a stale export cannot replace a
/// newer sealing key.</summary>
public sealed record ExportedKey(
    string Purpose,
    string Algorithm,
    string Id,
    string PublicKey,
    int Generation,
    bool Current
)
{
    public const string Sealing = "sealing";
    public const string Signing = "signing";

    public byte[] Raw => Convert.FromBase64String(PublicKey);
}

/// <summary>
/// The public keys one zone gives the other, as the file <c>jebo keys export</c> writes and <c>jebo keys install</c>
/// reads (<c>jebo-ZONE-public-keys.json</c>). It holds no secret.
/// </summary>
/// <remarks>Security: the file is not signed — the first exchange of keys cannot be — so an operator compares the
/// fingerprints <c>jebo keys export</c> and <c>jebo keys install</c> print, by telephone or on paper, before trusting
/// it. Each key's id is checked against the key itself, so a damaged file is refused.</remarks>
public sealed record ZonePublicKeys(
    string Format,
    string Zone,
    DateTimeOffset ExportedAt,
    IReadOnlyList<ExportedKey> Keys
)
{
    public const string CurrentFormat = "jebo-public-keys/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The zone whose keys these are (<see cref="Read"/> refuses a file naming neither).</summary>
    [JsonIgnore]
    public ZoneName Owner =>
        ZoneName.TryParse(Zone, out var zone)
            ? zone
            : throw new KeyFileException($"the key file names no zone Jebo knows ('{Zone}')");

    public static string FileName(ZoneName zone) => $"jebo-{zone}-public-keys.json";

    public static ExportedKey Describe(string purpose, ReadOnlySpan<byte> raw, int generation, bool current) =>
        new(
            purpose,
            purpose == ExportedKey.Sealing ? "x25519" : "ed25519",
            KeyId.Of(raw),
            Convert.ToBase64String(raw),
            generation,
            current
        );

    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        Bundles.AtomicFile.Write(
            Path.Combine(folder, FileName(Owner)),
            JsonSerializer.SerializeToUtf8Bytes(this, Json)
        );
    }

    /// <summary>Reads and checks an export; throws <see cref="KeyFileException"/> saying what is wrong.</summary>
    public static ZonePublicKeys Read(string path)
    {
        ZonePublicKeys? keys;
        try
        {
            keys = JsonSerializer.Deserialize<ZonePublicKeys>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new KeyFileException($"{path} is not a Jebo public key file: {e.Message}");
        }

        if (keys is null || keys.Format != CurrentFormat)
        {
            throw new KeyFileException($"{path} is not a Jebo public key file of format {CurrentFormat}");
        }

        if (!ZoneName.TryParse(keys.Zone, out _) || keys.Keys is null)
        {
            throw new KeyFileException($"{path} names no zone or no keys");
        }

        foreach (var key in keys.Keys)
        {
            byte[] raw;
            try
            {
                raw = key.Raw;
            }
            catch (FormatException)
            {
                throw new KeyFileException($"{path}: key {key.Id} is not valid base64");
            }

            var algorithmFits = key.Purpose switch
            {
                ExportedKey.Sealing => key.Algorithm == "x25519",
                ExportedKey.Signing => key.Algorithm == "ed25519",
                _ => false,
            };
            if (!algorithmFits || raw.Length != 32 || key.Generation < 1)
            {
                throw new KeyFileException($"{path}: key {key.Id} is not a {key.Purpose} key Jebo can use");
            }

            if (KeyId.Of(raw) != key.Id)
            {
                throw new KeyFileException(
                    $"{path}: key {key.Id} does not match its id (the file was changed or damaged)"
                );
            }
        }

        if (
            keys.Keys.Count(k => k.Current && k.Purpose == ExportedKey.Signing) != 1
            || keys.Keys.Count(k => k.Current && k.Purpose == ExportedKey.Sealing)
                != (keys.Owner == ZoneName.Casework ? 1 : 0)
        )
        {
            throw new KeyFileException(
                $"{path}: a {keys.Zone} export must name exactly one current signing "
                    + $"key{(keys.Owner == ZoneName.Casework ? " and one current sealing key" : "")}"
            );
        }

        return keys;
    }

    /// <summary>The key's full SHA-256 in groups of four, for comparing by voice or on paper.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> raw) =>
        string.Join(' ', Convert.ToHexStringLower(SHA256.HashData(raw)).Chunk(4).Select(c => new string(c)));

    /// <summary>The fingerprint of the whole export — its zone and every key with its purpose, generation and whether
    /// it is current — in groups of four: what <c>jebo keys export</c> prints for the other operator to compare, and
    /// what <c>jebo keys install --replace --fingerprint F</c> must be given, so a replacement (which can undo a
    /// rotation and drop trusted keys) is made only from the very file that operator exported.</summary>
    [JsonIgnore]
    public string ExportFingerprint
    {
        get
        {
            var text = new System.Text.StringBuilder(Zone).Append('\n');
            foreach (
                var key in Keys.OrderBy(k => k.Purpose, StringComparer.Ordinal)
                    .ThenBy(k => k.Id, StringComparer.Ordinal)
            )
            {
                text.Append(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"{key.Purpose} {key.Generation} {key.Current} {key.PublicKey}\n"
                );
            }

            return Fingerprint(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        }
    }

    /// <summary>Whether an operator's <paramref name="typed"/> fingerprint is this export's, ignoring spaces and
    /// case.</summary>
    public bool HasFingerprint(string typed) =>
        string.Equals(
            new string([.. typed.Where(c => !char.IsWhiteSpace(c))]),
            ExportFingerprint.Replace(" ", "", StringComparison.Ordinal),
            StringComparison.OrdinalIgnoreCase
        );

    /// <summary>Imports a signing public key from an export.</summary>
    public static PublicKey SigningKey(ExportedKey key) =>
        PublicKey.Import(SignatureAlgorithm.Ed25519, key.Raw, KeyBlobFormat.RawPublicKey);
}
