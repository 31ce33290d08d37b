using System.Globalization;
using NSec.Cryptography;

namespace Jebo.Transfer.Keys;

/// <summary>
/// The layout both zones share in their <c>keys/</c> folder for signing keys: their own current Ed25519 key
/// (<c>signing.key</c>, <c>signing.pub</c>), the public halves of keys they signed with before a rotation
/// (<c>retired/signing-ID.pub</c>), and the other zone's signing keys they trust (<c>trusted/ZONE-signing-ID.pub</c>).
/// </summary>
/// <remarks>Security: a retired signing key's private half is destroyed at rotation — nothing needs to sign with it
/// again — while its public half stays trusted, so bundles signed before the rotation still verify. Trust is added
/// only by <c>jebo keys install</c> (or by <c>jebo init</c> when both zones share one data folder).</remarks>
public static class KeyFolder
{
    public const string SigningKeyFile = "signing.key";
    public const string SigningPublicFile = "signing.pub";
    public const string RetiredFolder = "retired";
    public const string TrustedFolder = "trusted";

    public static string Retired(string folder) => Path.Combine(folder, RetiredFolder);

    public static string Trusted(string folder) => Path.Combine(folder, TrustedFolder);

    /// <summary>Creates the zone's signing key if there is none; true when it did.</summary>
    public static bool CreateSigningKeyIfMissing(string folder)
    {
        if (File.Exists(Path.Combine(folder, SigningKeyFile)))
        {
            return false;
        }

        WriteNewKey(folder, SignatureAlgorithm.Ed25519, SigningKeyFile, SigningPublicFile);
        return true;
    }

    public static Key LoadSigningKey(string folder) =>
        Key.Import(
            SignatureAlgorithm.Ed25519,
            KeyFile.Read(Path.Combine(folder, SigningKeyFile)),
            KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }
        );

    /// <summary>Replaces the signing key with a new one, keeping the old public key for verification.</summary>
    /// <returns>The new key's id.</returns>
    public static string RotateSigningKey(string folder)
    {
        using (var old = LoadSigningKey(folder))
        {
            var raw = old.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            KeyFile.WritePublic(Path.Combine(Retired(folder), $"signing-{KeyId.Of(raw)}.pub"), raw);
        }

        return WriteNewKey(folder, SignatureAlgorithm.Ed25519, SigningKeyFile, SigningPublicFile);
    }

    /// <summary>The zone's own signing public keys, current first, then retired ones, by id.</summary>
    public static IReadOnlyList<(string Id, byte[] Raw, bool Current)> OwnSigningPublicKeys(string folder)
    {
        var keys = new List<(string, byte[], bool)>();
        using (var current = LoadSigningKey(folder))
        {
            var raw = current.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            keys.Add((KeyId.Of(raw), raw, true));
        }

        foreach (var raw in ReadPublicKeys(Retired(folder), "signing-*.pub"))
        {
            if (keys.TrueForAll(k => k.Item1 != KeyId.Of(raw)))
            {
                keys.Add((KeyId.Of(raw), raw, false));
            }
        }

        return keys;
    }

    /// <summary>The zone's own signing public keys, current and retired, by key id: the one discovery behind every
    /// check of the zone's own signatures (its status bundles, its audit checkpoints), so a key it signed with is never
    /// missed by one check and found by another.</summary>
    public static Dictionary<string, PublicKey> OwnSigningKeys(string folder) =>
        OwnSigningPublicKeys(folder)
            .ToDictionary(
                k => k.Id,
                k => PublicKey.Import(SignatureAlgorithm.Ed25519, k.Raw, KeyBlobFormat.RawPublicKey),
                StringComparer.Ordinal
            );

    /// <summary>The other zone's signing keys this zone trusts, by key id.</summary>
    public static Dictionary<string, PublicKey> TrustedSigningKeys(string folder, string peer)
    {
        var trusted = new Dictionary<string, PublicKey>(StringComparer.Ordinal);
        foreach (var raw in ReadPublicKeys(Trusted(folder), $"{peer}-signing-*.pub"))
        {
            trusted[KeyId.Of(raw)] = PublicKey.Import(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey);
        }

        return trusted;
    }

    /// <summary>Adds one of the other zone's signing keys to those trusted; false when it was trusted
    /// already.</summary>
    public static bool TrustSigningKey(string folder, string peer, ReadOnlySpan<byte> raw)
    {
        var path = Path.Combine(Trusted(folder), $"{peer}-signing-{KeyId.Of(raw)}.pub");
        if (File.Exists(path))
        {
            return false;
        }

        KeyFile.WritePublic(path, raw);
        return true;
    }

    /// <summary>Every key of the other zone this zone trusts (<c>trusted/PEER-PURPOSE[-gN]-ID.pub</c>), by file
    /// name.</summary>
    public static IReadOnlyList<TrustedKey> TrustedKeys(string folder, string peer)
    {
        var trusted = Trusted(folder);
        if (!Directory.Exists(trusted))
        {
            return [];
        }

        var keys = new List<TrustedKey>();
        foreach (var path in Directory.EnumerateFiles(trusted, $"{peer}-*.pub").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileNameWithoutExtension(path)[(peer.Length + 1)..].Split('-');
            var generation = 0;
            var named = parts switch
            {
                [ExportedKey.Signing, _] => true,
                [ExportedKey.Sealing, ['g', .. var g], _] => int.TryParse(
                    g,
                    NumberStyles.None,
                    CultureInfo.InvariantCulture,
                    out generation
                ),
                _ => false,
            };
            if (named)
            {
                var raw = KeyFile.Read(path);
                keys.Add(new TrustedKey(path, parts[0], generation, KeyId.Of(raw), raw));
            }
        }

        return keys;
    }

    /// <summary>Stops trusting one key: deletes its file from <c>trusted/</c>.</summary>
    public static void Untrust(TrustedKey key)
    {
        File.Delete(key.Path);
        Bundles.AtomicFile.SyncFolder(Path.GetDirectoryName(key.Path)!);
    }

    /// <summary>How each line of <see cref="UntrustAllBut"/> begins: a key no longer trusted, not one
    /// installed.</summary>
    public const string Untrusted = "no longer trusted: ";

    /// <summary>For <c>jebo keys install --replace</c>: stops trusting every key of <paramref name="peer"/> that
    /// <paramref name="export"/> does not hold. Called once the export's keys are in place, so a running zone never
    /// finds none.</summary>
    /// <returns>One line per key removed, for the operator.</returns>
    public static IEnumerable<string> UntrustAllBut(string folder, string peer, ZonePublicKeys export)
    {
        foreach (
            var old in TrustedKeys(folder, peer)
                .Where(k => !export.Keys.Any(n => n.Purpose == k.Purpose && n.Id == k.Id))
        )
        {
            Untrust(old);
            yield return $"{Untrusted}{peer} {old.Purpose} key {Show(old.Raw)} (not in this export)";
        }
    }

    /// <summary>Every raw public key in the files of a folder that match a pattern.</summary>
    public static IEnumerable<byte[]> ReadPublicKeys(string folder, string pattern) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal).Select(KeyFile.Read)
            : [];

    /// <summary>Creates a key pair and puts it in place atomically (private file first, owner-only); returns its
    /// id.</summary>
    public static string WriteNewKey(string folder, Algorithm algorithm, string privateFile, string publicFile)
    {
        using var key = Key.Create(
            algorithm,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }
        );
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(
                folder,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            );
        }

        var next = Path.Combine(folder, privateFile + ".next");
        File.Delete(next);
        KeyFile.WritePrivate(next, key.Export(KeyBlobFormat.RawPrivateKey));
        File.Move(next, Path.Combine(folder, privateFile), overwrite: true);
        Bundles.AtomicFile.SyncFolder(folder);
        var raw = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyFile.WritePublic(Path.Combine(folder, publicFile), raw);
        return KeyId.Of(raw);
    }

    /// <summary>The trusted key with this id (as <c>jebo keys list</c> prints it), or a refusal saying where to find
    /// the ids.</summary>
    public static TrustedKey Find(IReadOnlyList<TrustedKey> trusted, string id, string folder, string zone) =>
        trusted.FirstOrDefault(k => string.Equals(k.Id, id.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyFileException(
            $"no key with id '{id}' is trusted by the {zone} zone in {folder}: `jebo keys list` shows every key with "
                + $"its id"
        );

    /// <summary>"ab12cd34ef56ab12 (fingerprint ...)" for printing.</summary>
    public static string Show(ReadOnlySpan<byte> raw) =>
        string.Create(CultureInfo.InvariantCulture, $"{KeyId.Of(raw)}  fingerprint {ZonePublicKeys.Fingerprint(raw)}");
}

/// <summary>One of the other zone's public keys this zone trusts: its file, purpose (<c>sealing</c> or <c>signing</c>),
/// generation (sealing keys; 0 for signing keys), id and raw bytes.</summary>
public sealed record TrustedKey(string Path, string Purpose, int Generation, string Id, byte[] Raw);

/// <summary>A zone's own current signing key with its id, read together from <c>signing.key</c>.</summary>
public sealed record OwnSigningKey(string Id, Key Key)
{
    public static OwnSigningKey Load(string folder)
    {
        var key = KeyFolder.LoadSigningKey(folder);
        return new OwnSigningKey(KeyId.Of(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)), key);
    }
}

/// <summary>One line of <c>jebo keys list</c>: whose key (<c>own</c> or <c>trusted</c>), its purpose, its state
/// (current, retired, superseded) and the key.</summary>
public sealed record ListedKey(string Whose, string Purpose, string State, byte[] Raw)
{
    public string Id => KeyId.Of(Raw);

    public string Fingerprint => ZonePublicKeys.Fingerprint(Raw);
}
