using System.Globalization;
using System.Text;
using Jebo.Casework.Keys;
using NSec.Cryptography;

namespace Jebo.Casework.Data;

/// <summary>A signed statement "the audit chain had this hash at this entry", made periodically with casework's
/// Ed25519 key and exportable off the machine.</summary>
/// <remarks>Security: the hash chain alone shows that entries were changed, unless someone rewrites every hash after
/// the change. A signature needs the signing key, and a checkpoint copied off the machine cannot be rewritten at all,
/// so a rewritten chain no longer matches the checkpoints an auditor holds.</remarks>
public sealed class AuditCheckpoint
{
    public long Sequence { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset At { get; set; }
    public required string KeyId { get; set; }
    public required byte[] Signature { get; set; }

    public static byte[] SignedBytes(long sequence, string hash, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(
            string.Create(
                CultureInfo.InvariantCulture,
                $"jebo/audit-checkpoint/v1|{sequence}|{hash}|{at.ToUnixTimeMilliseconds()}"
            )
        );

    public static AuditCheckpoint Sign(CaseworkKeys keys, long sequence, string hash, DateTimeOffset at)
    {
        var signing = keys.Signing;
        return new()
        {
            Sequence = sequence,
            Hash = hash,
            At = at,
            KeyId = signing.Id,
            Signature = SignatureAlgorithm.Ed25519.Sign(signing.Key, SignedBytes(sequence, hash, at)),
        };
    }

    public bool Verifies(PublicKey key) =>
        SignatureAlgorithm.Ed25519.Verify(key, SignedBytes(Sequence, Hash, At), Signature);
}
