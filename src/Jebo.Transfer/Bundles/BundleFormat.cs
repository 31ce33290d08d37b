using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using NSec.Cryptography;

namespace Jebo.Transfer.Bundles;

/// <summary>
/// Writes and reads bundle files, format version 1. Layout (integers big-endian):
/// <c>"JEBOBNDL" | u16 version | u32 header length | header (UTF-8 JSON) | records | Ed25519 signature (64)</c>,
/// each record <c>u8 type | 16-byte id | u32 length | payload</c>. The signature covers every byte before it.
/// The full specification, with limits and the rules for later versions, is docs/transfer-format.md.
/// </summary>
/// <remarks>
/// Security: a reader checks the signature against a key it already trusts before it believes anything in the file
/// but the few header fields it needs to choose that key, and checks the layout to the last byte; sequence and chain
/// are checked by the receiver, which knows its position (<see cref="InboundPlacement"/>). Nothing in a bundle is
/// readable without casework's private key but the header and the public status codes.
/// </remarks>
public static class BundleFormat
{
    public const int CurrentVersion = 1;
    public const int SignatureLength = 64;
    public const int MaxHeaderLength = 64 * 1024;

    /// <summary>The largest bundle file any reader accepts; writers aim far lower (see
    /// <c>--max-bundle-bytes</c>).</summary>
    public const long MaxBundleLength = 512L * 1024 * 1024;

    public const int MaxRecordLength = 256 * 1024 * 1024;

    /// <summary>The most bytes of records (with their overhead) a bundle can carry whatever its header: what one report
    /// with all its files may take at most, since a report travels whole in one bundle.</summary>
    public const long MaxRecordsLength = MaxBundleLength - PreambleLength - MaxHeaderLength - SignatureLength;
    public const int MaxRecords = 1_000_000;
    public const int MaxAcknowledgedRanges = 10_000;

    /// <summary>The most lost ranges a status bundle names; a writer with more names the newest (intake keeps what
    /// earlier bundles said). About 80 bytes each, so they fit the header beside the acknowledged ranges.</summary>
    public const int MaxLostRanges = 200;
    public const int RecordOverhead = 1 + 16 + 4;
    public const string FileExtension = ".jebo";

    /// <summary>Bytes before the header: magic, version, header length.</summary>
    public const int PreambleLength = 8 + 2 + 4;

    /// <summary>The format versions this build reads. A later build keeps reading every version it ever
    /// wrote.</summary>
    public static readonly IReadOnlySet<int> ReadableVersions = new HashSet<int> { 1 };

    private static ReadOnlySpan<byte> Magic => "JEBOBNDL"u8;

    private static readonly JsonSerializerOptions HeaderJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>The name prefix of a kind's files: <c>reports</c> or <c>status</c>.</summary>
    public static string Prefix(BundleKind kind) => kind == BundleKind.Reports ? "reports" : "status";

    /// <summary>The file name of a bundle: its kind and zero-padded sequence, so names sort in order. Receivers order
    /// by the signed sequence in the header, never by the name.</summary>
    public static string FileName(BundleKind kind, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(kind)}-{sequence:D12}{FileExtension}");

    /// <summary>How many bytes a bundle of these records takes, header aside; for writers sizing a bundle.</summary>
    public static long RecordBytes(long payloadBytes, int records) => payloadBytes + (long)records * RecordOverhead;

    /// <summary>Writes a bundle and signs it.</summary>
    public static byte[] Write(BundleHeader header, IReadOnlyCollection<BundleRecord> records, Key signingKey)
    {
        var output = Layout(header, records);
        var signed = output.AsSpan(0, output.Length - SignatureLength);
        SignatureAlgorithm.Ed25519.Sign(signingKey, signed, output.AsSpan(signed.Length));
        return output;
    }

    /// <summary>Writes a bundle with a signature made earlier over the same header and records: rebuilding a bundle
    /// this way gives the bytes first written even after the signing key has been rotated.</summary>
    public static byte[] Write(
        BundleHeader header,
        IReadOnlyCollection<BundleRecord> records,
        ReadOnlySpan<byte> signature
    )
    {
        if (signature.Length != SignatureLength)
        {
            throw new ArgumentException("an Ed25519 signature is 64 bytes", nameof(signature));
        }

        var output = Layout(header, records);
        signature.CopyTo(output.AsSpan(output.Length - SignatureLength));
        return output;
    }

    /// <summary>The signature at the end of a bundle file.</summary>
    public static ReadOnlySpan<byte> SignatureOf(ReadOnlySpan<byte> file) => file[^SignatureLength..];

    private static byte[] Layout(BundleHeader header, IReadOnlyCollection<BundleRecord> records)
    {
        if (header.RecordCount != records.Count)
        {
            throw new ArgumentException("header record count differs from the records given", nameof(header));
        }

        if (Problem(header) is { } problem)
        {
            throw new ArgumentException($"bundle header is not valid: {problem}", nameof(header));
        }

        var seen = new HashSet<(RecordType, Guid)>();
        foreach (var record in records)
        {
            if (record.Payload.Length > MaxRecordLength)
            {
                throw new ArgumentException(
                    $"record {record.Id} is {record.Payload.Length} bytes, above the limit of {MaxRecordLength}",
                    nameof(records)
                );
            }

            if (!seen.Add((record.Type, record.Id)))
            {
                throw new ArgumentException(
                    $"record {record.Id} of {RecordTypes.Name(record.Type)} appears twice",
                    nameof(records)
                );
            }
        }

        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, HeaderJson);
        if (headerBytes.Length > MaxHeaderLength)
        {
            throw new ArgumentException(
                $"bundle header would be {headerBytes.Length} bytes, above the limit of {MaxHeaderLength}",
                nameof(header)
            );
        }

        var length =
            PreambleLength
            + headerBytes.Length
            + RecordBytes(records.Sum(r => (long)r.Payload.Length), records.Count)
            + SignatureLength;
        if (length > MaxBundleLength)
        {
            throw new ArgumentException(
                $"bundle would be {length} bytes, above the limit of {MaxBundleLength}",
                nameof(records)
            );
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

        return output;
    }

    /// <summary>Reads the header without checking the signature: for listing, ordering, and choosing the key to verify
    /// with. Throws <see cref="BundleRejectedException"/> (or <see cref="BundleNotYetReadableException"/> for a newer
    /// format version) naming what does not hold.</summary>
    public static BundleHeader ReadHeaderUnverified(ReadOnlySpan<byte> file)
    {
        if (file.Length < Magic.Length || !file.StartsWith(Magic))
        {
            throw new BundleRejectedException("not a Jebo bundle (the file does not start with JEBOBNDL)");
        }

        if (file.Length < PreambleLength)
        {
            throw new BundleRejectedException("bundle is cut short before its header");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(file[Magic.Length..]);
        if (!ReadableVersions.Contains(version))
        {
            throw new BundleNotYetReadableException(
                $"bundle format version {version} is not readable by this build (it reads "
                    + $"{string.Join(", ", ReadableVersions)}): upgrade this zone"
            );
        }

        var headerLength = BinaryPrimitives.ReadInt32BigEndian(file[(Magic.Length + 2)..]);
        if (headerLength <= 0 || headerLength > MaxHeaderLength)
        {
            throw new BundleRejectedException($"bundle header length {headerLength} is out of bounds");
        }

        if (PreambleLength + (long)headerLength > file.Length)
        {
            throw new BundleRejectedException("bundle is cut short inside its header");
        }

        BundleHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<BundleHeader>(file.Slice(PreambleLength, headerLength), HeaderJson);
        }
        catch (JsonException e)
        {
            throw new BundleRejectedException($"bundle header is not valid: {e.Message}");
        }

        if (header is null)
        {
            throw new BundleRejectedException("bundle header is empty");
        }

        if (header.Version != version)
        {
            throw new BundleRejectedException(
                $"bundle header says version {header.Version} but the file is version {version}"
            );
        }

        if (Problem(header) is { } problem)
        {
            throw new BundleRejectedException($"bundle header is not valid: {problem}");
        }

        return header;
    }

    /// <summary>Reads the header of a bundle file from its first bytes only (a plain file only: see
    /// <see cref="SpoolFile"/>).</summary>
    public static BundleHeader ReadHeaderUnverified(string path) =>
        ReadHeaderUnverified(SpoolFile.ReadPrefix(path, PreambleLength + MaxHeaderLength, out _));

    /// <summary>
    /// Reads a bundle and checks its signature with the key the sender is trusted to use; throws
    /// <see cref="BundleRejectedException"/> naming the first thing that does not hold, or
    /// <see cref="BundleNotYetReadableException"/> when the signing key or the version is unknown here.
    /// </summary>
    /// <param name="file">The whole file.</param>
    /// <param name="trustedKey">Finds the public key for a sender and key id, or null when that key is not
    /// trusted.</param>
    public static Bundle Read(ReadOnlySpan<byte> file, Func<string, string, PublicKey?> trustedKey)
    {
        if (file.Length > MaxBundleLength)
        {
            throw new BundleRejectedException($"bundle is larger than {MaxBundleLength} bytes");
        }

        var header = ReadHeaderUnverified(file);
        var headerLength = BinaryPrimitives.ReadInt32BigEndian(file[(Magic.Length + 2)..]);
        if (PreambleLength + headerLength + SignatureLength > file.Length)
        {
            throw new BundleRejectedException($"{Describe(header)} is cut short: it has no room for a signature");
        }

        var key = trustedKey(header.Sender, header.KeyId)
            ?? throw new BundleNotYetReadableException(
                $"{Describe(header)} is signed by {header.Sender} key {header.KeyId}, which this zone does not trust"
            );
        var signed = file[..^SignatureLength];
        if (!SignatureAlgorithm.Ed25519.Verify(key, signed, file[^SignatureLength..]))
        {
            throw new BundleRejectedException(
                $"{Describe(header)}: the signature does not verify; the file was changed, cut short or damaged"
            );
        }

        var at = PreambleLength + headerLength;
        var records = new List<BundleRecord>(header.RecordCount);
        var seen = new HashSet<(RecordType, Guid)>(header.RecordCount);
        for (var i = 0; i < header.RecordCount; i++)
        {
            if (at + RecordOverhead > signed.Length)
            {
                throw new BundleRejectedException($"record {i + 1} of {header.RecordCount} is cut short");
            }

            var type = (RecordType)signed[at];
            var id = new Guid(signed.Slice(at + 1, 16), bigEndian: true);
            var length = BinaryPrimitives.ReadInt32BigEndian(signed[(at + 17)..]);
            at += RecordOverhead;
            if (length < 0 || length > MaxRecordLength || at + (long)length > signed.Length)
            {
                throw new BundleRejectedException($"record {i + 1} of {header.RecordCount} has a length out of bounds");
            }

            if (!seen.Add((type, id)))
            {
                throw new BundleRejectedException($"record {i + 1} repeats {RecordTypes.Name(type)} {id}");
            }

            records.Add(new BundleRecord(type, id, signed.Slice(at, length).ToArray()));
            at += length;
        }

        if (at != signed.Length)
        {
            throw new BundleRejectedException($"bundle has {signed.Length - at} bytes after its last record");
        }

        return new Bundle(header, records, Hash(file));
    }

    /// <summary>The hash that the next bundle's header names as <c>previousHash</c>: SHA-256 of the whole
    /// file.</summary>
    public static string Hash(ReadOnlySpan<byte> file) => Convert.ToHexStringLower(SHA256.HashData(file));

    /// <summary>A one-line summary for operators.</summary>
    public static string Describe(BundleHeader header) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix(header.Kind)} bundle {header.Sequence} from {header.Sender}"
        );

    /// <summary>What is wrong with a header, or null when it is well formed.</summary>
    private static string? Problem(BundleHeader header)
    {
        if (!Enum.IsDefined(header.Kind))
        {
            return "unknown kind";
        }

        if (
            string.IsNullOrEmpty(header.Sender)
            || header.Sender.Length > 32
            || !header.Sender.All(c => c is (>= 'a' and <= 'z') or '-')
        )
        {
            return "sender must be a short lower-case zone name";
        }

        if (header.KeyId is null || header.KeyId.Length != 16 || !IsLowerHex(header.KeyId))
        {
            return "key id must be 16 lower-case hex digits";
        }

        if (header.Sequence < 1)
        {
            return "sequence must be 1 or more";
        }

        if (
            header.PreviousHash is null
            || (
                header.Sequence == 1
                    ? header.PreviousHash.Length != 0
                    : header.PreviousHash.Length != 64 || !IsLowerHex(header.PreviousHash)
            )
        )
        {
            return "previous hash must be empty for bundle 1 and 64 lower-case hex digits after it";
        }

        if (header.RecordCount is < 0 or > MaxRecords)
        {
            return $"record count must be between 0 and {MaxRecords}";
        }

        if (
            header.Kind == BundleKind.Reports
            && (
                header.AcknowledgedThrough is not null
                || header.AcknowledgedAlso is not null
                || header.AcknowledgedLost is not null
            )
        )
        {
            return "a report bundle carries no acknowledgement";
        }

        if (header.AcknowledgedThrough is < 0)
        {
            return "acknowledged-through must not be negative";
        }

        if (header.AcknowledgedAlso is { } ranges)
        {
            if (ranges.Count > MaxAcknowledgedRanges)
            {
                return "too many acknowledged ranges";
            }

            // Counted in 128 bits: a range ending at long.MaxValue must not wrap the floor round to let any range
            // follow.
            var floor = (Int128)(header.AcknowledgedThrough ?? 0) + 1;
            foreach (var range in ranges)
            {
                if (range is null || range.From <= floor || range.Through < range.From)
                {
                    return "acknowledged ranges must be ordered, apart from each other and above acknowledged-through";
                }

                floor = (Int128)range.Through + 1;
            }
        }

        return header.AcknowledgedLost is { } lost ? LostProblem(header, lost) : null;
    }

    /// <summary>Lost ranges are few, ordered, apart from each other, dated, and lie in the holes of the same header's
    /// acknowledgement: a sender that calls one bundle both imported and lost is not believed at all.</summary>
    private static string? LostProblem(BundleHeader header, IReadOnlyList<LostRange> lost)
    {
        if (lost.Count > MaxLostRanges)
        {
            return "too many lost ranges";
        }

        var imported = new Acknowledgement(header.AcknowledgedThrough ?? 0, header.AcknowledgedAlso ?? []);
        Int128 floor = 1; // 128 bits, as above: a range ending at long.MaxValue leaves no room after it
        foreach (var range in lost)
        {
            if (range is null || range.From < floor || range.Through < range.From)
            {
                return "lost ranges must be ordered and apart from each other";
            }

            if (range.At == default)
            {
                return "a lost range must say when it was acknowledged";
            }

            if (imported.Overlaps(range.From, range.Through) || range.Through > imported.Highest)
            {
                return "a lost range lies in a hole below the highest bundle acknowledged as imported";
            }

            floor = (Int128)range.Through + 1;
        }

        return null;
    }

    private static bool IsLowerHex(string text) => text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
