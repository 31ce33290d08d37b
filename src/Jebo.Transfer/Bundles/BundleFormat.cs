using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using NSec.Cryptography;

namespace Jebo.Transfer.Bundles;

/// <summary>
/// Writes and reads bundle files. Layout (big-endian):
/// <c>"JEBOBNDL" | u16 version | u32 header length | header (UTF-8 JSON) | records | Ed25519 signature (64)</c>,
/// each record <c>u8 type | 16-byte id | u32 length | payload</c>. The signature covers every byte before it.
/// </summary>
/// <remarks>
/// Security: a reader checks the signature against a key it already trusts before it believes anything in the
/// file, and checks the layout to the last byte; chain and sequence are checked by the receiver, which knows its
/// position. Nothing in a bundle is readable without casework's private key but the header and the status codes.
/// </remarks>
public static class BundleFormat
{
    public const int CurrentVersion = 1;
    public const int SignatureLength = 64;
    public const int MaxHeaderLength = 64 * 1024;
    public const long MaxBundleLength = 512L * 1024 * 1024;
    public const int MaxRecordLength = 256 * 1024 * 1024;
    public const int MaxRecords = 1_000_000;
    public const string FileExtension = ".jebo";

    private static ReadOnlySpan<byte> Magic => "JEBOBNDL"u8;

    private static readonly JsonSerializerOptions HeaderJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The file name of a bundle: its kind and zero-padded sequence, so names sort in order.</summary>
    public static string FileName(BundleKind kind, long sequence) =>
        $"{(kind == BundleKind.Reports ? "reports" : "status")}-{sequence:D12}{FileExtension}";

    public static byte[] Write(BundleHeader header, IReadOnlyCollection<BundleRecord> records, Key signingKey)
    {
        if (header.RecordCount != records.Count)
        {
            throw new ArgumentException("header record count differs from the records given", nameof(header));
        }

        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, HeaderJson);
        var length = Magic.Length + 2 + 4 + headerBytes.Length + records.Sum(r => 1 + 16 + 4 + (long)r.Payload.Length) + SignatureLength;
        if (length > MaxBundleLength)
        {
            throw new ArgumentException($"bundle would be {length} bytes, above the limit of {MaxBundleLength}", nameof(records));
        }

        var output = new byte[length];
        var span = output.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)header.Version);
        at += 2;
        BinaryPrimitives.WriteInt32BigEndian(span[at..], headerBytes.Length);
        at += 4;
        headerBytes.CopyTo(span[at..]);
        at += headerBytes.Length;
        foreach (var record in records)
        {
            span[at++] = (byte)record.Type;
            record.Id.TryWriteBytes(span.Slice(at, 16), bigEndian: true, out _);
            at += 16;
            BinaryPrimitives.WriteInt32BigEndian(span[at..], record.Payload.Length);
            at += 4;
            record.Payload.CopyTo(span[at..]);
            at += record.Payload.Length;
        }

        SignatureAlgorithm.Ed25519.Sign(signingKey, span[..at], span[at..]);
        return output;
    }

    /// <summary>Reads the header without checking anything; for listing and for choosing the verification key.</summary>
    public static BundleHeader ReadHeaderUnverified(ReadOnlySpan<byte> file)
    {
        if (file.Length < Magic.Length + 6 + SignatureLength || !file.StartsWith(Magic))
        {
            throw new BundleRejectedException("not a Jebo bundle (bad magic or too short)");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(file[Magic.Length..]);
        if (version != CurrentVersion)
        {
            throw new BundleRejectedException($"bundle format version {version} is not supported (this build reads {CurrentVersion})");
        }

        var headerLength = BinaryPrimitives.ReadInt32BigEndian(file[(Magic.Length + 2)..]);
        if (headerLength <= 0 || headerLength > MaxHeaderLength || Magic.Length + 6 + headerLength + SignatureLength > file.Length)
        {
            throw new BundleRejectedException("bundle header length is out of bounds");
        }

        BundleHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<BundleHeader>(file.Slice(Magic.Length + 6, headerLength), HeaderJson);
        }
        catch (JsonException e)
        {
            throw new BundleRejectedException($"bundle header is not valid JSON: {e.Message}");
        }

        if (header is null || header.Version != version || header.Sequence < 1 || header.RecordCount < 0 || header.RecordCount > MaxRecords
            || string.IsNullOrEmpty(header.Sender) || string.IsNullOrEmpty(header.KeyId) || header.PreviousHash is null)
        {
            throw new BundleRejectedException("bundle header is incomplete or inconsistent");
        }

        return header;
    }

    /// <summary>
    /// Reads a bundle and checks its signature with the key the sender is trusted to use; throws
    /// <see cref="BundleRejectedException"/> naming the first thing that does not hold.
    /// </summary>
    /// <param name="file">The whole file.</param>
    /// <param name="trustedKey">Finds the public key for a sender and key id, or null when that key is not trusted.</param>
    public static Bundle Read(ReadOnlySpan<byte> file, Func<string, string, PublicKey?> trustedKey)
    {
        if (file.Length > MaxBundleLength)
        {
            throw new BundleRejectedException($"bundle is larger than {MaxBundleLength} bytes");
        }

        var header = ReadHeaderUnverified(file);
        var key = trustedKey(header.Sender, header.KeyId)
            ?? throw new BundleRejectedException($"bundle is signed by {header.Sender} key {header.KeyId}, which this zone does not trust");
        var signed = file[..^SignatureLength];
        if (!SignatureAlgorithm.Ed25519.Verify(key, signed, file[^SignatureLength..]))
        {
            throw new BundleRejectedException($"signature of {header.Sender} bundle {header.Sequence} does not verify: the file was changed or damaged");
        }

        var at = Magic.Length + 6 + BinaryPrimitives.ReadInt32BigEndian(file[(Magic.Length + 2)..]);
        var records = new List<BundleRecord>(header.RecordCount);
        for (var i = 0; i < header.RecordCount; i++)
        {
            if (at + 21 > signed.Length)
            {
                throw new BundleRejectedException($"record {i + 1} of {header.RecordCount} is cut short");
            }

            var type = (RecordType)signed[at];
            if (!Enum.IsDefined(type))
            {
                throw new BundleRejectedException($"record {i + 1} has unknown type {(byte)type}");
            }

            var id = new Guid(signed.Slice(at + 1, 16), bigEndian: true);
            var length = BinaryPrimitives.ReadInt32BigEndian(signed[(at + 17)..]);
            at += 21;
            if (length < 0 || length > MaxRecordLength || at + length > signed.Length)
            {
                throw new BundleRejectedException($"record {i + 1} length is out of bounds");
            }

            records.Add(new BundleRecord(type, id, signed.Slice(at, length).ToArray()));
            at += length;
        }

        if (at != signed.Length)
        {
            throw new BundleRejectedException("bundle has bytes after its last record");
        }

        return new Bundle(header, records, Hash(file));
    }

    /// <summary>The unverified header of a bundle file, or null when it cannot be read; for listing only.</summary>
    public static BundleHeader? ReadHeaderUnverifiedOrNull(string path)
    {
        try
        {
            return ReadHeaderUnverified(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is BundleRejectedException or IOException)
        {
            return null;
        }
    }

    /// <summary>The hash that the next bundle's header names as <c>previousHash</c>.</summary>
    public static string Hash(ReadOnlySpan<byte> file) => Convert.ToHexStringLower(SHA256.HashData(file));

    /// <summary>A one-line summary for operators.</summary>
    public static string Describe(BundleHeader header) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{header.Kind.ToString().ToLowerInvariant()} bundle {header.Sequence} from {header.Sender} ({header.RecordCount} records, {header.CreatedAt:u})");

}
