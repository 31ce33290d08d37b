using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Testing;
using Jebo.Transfer.Keys;
using Microsoft.EntityFrameworkCore;
using NSec.Cryptography;

namespace Jebo.Casework.Tests.Audit;

/// <summary>The keys that sign audit checkpoints and the keys that verify them are found by one discovery
/// (<see cref="KeyFolder.OwnSigningKeys"/>): a key the zone signed with before a rotation still verifies, and a public
/// key file that merely looks like one of the zone's does not.</summary>
public sealed class AuditSigningKeysTests
{
    [Theory]
    [DatabaseProviders]
    public async Task The_verifier_finds_exactly_the_keys_the_signer_signed_with_a_rotated_one_included(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("보이스피싱 조직 자금 세탁 계좌 신고", region: "26");
        await platform.TransferAsync();
        await platform.RunCliAsync(null, "audit", "checkpoint");
        await platform.RunCliAsync(null, "keys", "rotate", "--zone", "casework", "--key", "signing");
        await platform.RunCliAsync(
            "Long-enough-password-1\n",
            "users",
            "add",
            "--login",
            "after-rotation",
            "--office",
            "26",
            "--role",
            "screener",
            "--password-stdin"
        );
        await platform.RunCliAsync(null, "audit", "checkpoint");
        var folder = platform.Settings.Casework.KeysFolder;

        using var signer = CaseworkKeys.Load(folder);
        var verifier = KeyFolder.OwnSigningKeys(folder);
        Assert.Equal(signer.OwnSigning.Keys.Order(StringComparer.Ordinal), verifier.Keys.Order(StringComparer.Ordinal));
        await using (var db = platform.OpenCaseworkDb())
        {
            var signedWith = await db
                .AuditCheckpoints.Select(c => c.KeyId)
                .Distinct()
                .ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(2, signedWith.Count);
            Assert.All(signedWith, id => Assert.Contains(id, verifier.Keys));
            Assert.Contains(signer.SigningKeyId, signedWith);
        }

        Assert.Contains("intact", await platform.RunCliAsync(null, "audit", "verify"), StringComparison.Ordinal);

        // A public key dropped beside the zone's own, named like one of them, is not a key the zone signs with: a
        // checkpoint it signed is refused.
        using var stranger = Key.Create(SignatureAlgorithm.Ed25519);
        var strangerPublic = stranger.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyFile.WritePublic(Path.Combine(folder, "signing-copy.pub"), strangerPublic);
        KeyFile.WritePublic(Path.Combine(KeyFolder.Retired(folder), "signing.pub"), strangerPublic);
        await platform.RunCliAsync(
            "Long-enough-password-1\n",
            "users",
            "add",
            "--login",
            "forged-head",
            "--office",
            "26",
            "--role",
            "screener",
            "--password-stdin"
        );
        await using (var db = platform.OpenCaseworkDb())
        {
            var head = await db
                .AuditEntries.OrderByDescending(e => e.Sequence)
                .FirstAsync(TestContext.Current.CancellationToken);
            var at = DateTimeOffset.UtcNow;
            db.AuditCheckpoints.Add(
                new AuditCheckpoint
                {
                    Sequence = head.Sequence,
                    Hash = head.Hash,
                    At = at,
                    KeyId = KeyId.Of(strangerPublic),
                    Signature = SignatureAlgorithm.Ed25519.Sign(
                        stranger,
                        AuditCheckpoint.SignedBytes(head.Sequence, head.Hash, at)
                    ),
                }
            );
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(KeyId.Of(strangerPublic), KeyFolder.OwnSigningKeys(folder).Keys);
        var (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains($"signed by an unknown key {KeyId.Of(strangerPublic)}", error, StringComparison.Ordinal);
    }
}
