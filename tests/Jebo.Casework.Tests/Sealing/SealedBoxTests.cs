using System.Text;
using Jebo.Casework.Keys;
using Jebo.Casework.Sealing;
using Jebo.Testing;
using Jebo.Transfer.Sealing;
using NSec.Cryptography;

namespace Jebo.Casework.Tests.Sealing;

/// <summary>Sealing to casework and opening there; every change to a box must make it unopenable.</summary>
public sealed class SealedBoxTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("jebo-keys-").FullName;
    private readonly CaseworkKeys keys;
    private readonly PublicKey sealingPublic;

    public SealedBoxTests()
    {
        TestKeyFolders.CreateCasework(folder);
        keys = CaseworkKeys.Load(folder);
        sealingPublic = PublicKey.Import(
            KeyAgreementAlgorithm.X25519,
            Jebo.Transfer.Keys.KeyFile.Read(Path.Combine(folder, CaseworkKeys.SealingPublicFile)),
            KeyBlobFormat.RawPublicKey
        );
    }

    public void Dispose()
    {
        keys.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_sealed_box_opens_to_the_same_bytes_and_hides_them()
    {
        var plaintext = Encoding.UTF8.GetBytes("조직폭력배가 보호비를 요구합니다 secretword");
        var box = SealedBox.Seal(sealingPublic, plaintext);
        Assert.DoesNotContain("secretword", Encoding.UTF8.GetString(box), StringComparison.Ordinal);
        Assert.Equal(plaintext.Length + SealedBox.Overhead, box.Length);
        Assert.Equal(plaintext, new SealedBoxOpener(keys).Open(box));
    }

    [Fact]
    public void The_opener_agrees_with_NSecs_composition_on_many_boxes_of_every_length()
    {
        // The reference: X25519, HKDF-SHA256 and XChaCha20-Poly1305 as NSec composes them, with NSec's own key.
        var opener = new SealedBoxOpener(keys);
        using var reference = Key.Import(
            KeyAgreementAlgorithm.X25519,
            Jebo.Transfer.Keys.KeyFile.Read(Path.Combine(folder, CaseworkKeys.SealingKeyFile)),
            KeyBlobFormat.RawPrivateKey
        );
        for (var length = 0; length < 300; length += 7)
        {
            var plaintext = new byte[length];
            Random.Shared.NextBytes(plaintext);
            var box = SealedBox.Seal(sealingPublic, plaintext);
            Assert.Equal(plaintext, opener.Open(box));
            Assert.Equal(plaintext, OpenWithNSec(reference, box));
        }
    }

    [Fact]
    public void A_box_with_a_low_order_ephemeral_key_is_refused_not_opened_with_a_zero_secret()
    {
        var box = SealedBox.Seal(sealingPublic, "secret"u8);
        Array.Clear(box, 1 + SealedBox.KeyIdLength, SealedBox.PublicKeyLength);
        Assert.Null(new SealedBoxOpener(keys).Open(box));
    }

    private static byte[]? OpenWithNSec(Key key, byte[] box)
    {
        var ephemeralRaw = box.AsSpan(1 + SealedBox.KeyIdLength, SealedBox.PublicKeyLength);
        var ephemeral = PublicKey.Import(KeyAgreementAlgorithm.X25519, ephemeralRaw, KeyBlobFormat.RawPublicKey);
        using var shared = KeyAgreementAlgorithm.X25519.Agree(key, ephemeral);
        if (shared is null)
        {
            return null;
        }

        using var aeadKey = SealedBox.DeriveKey(shared, ephemeralRaw, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        var plaintext = new byte[box.Length - SealedBox.Overhead];
        return AeadAlgorithm.XChaCha20Poly1305.Decrypt(
            aeadKey,
            box.AsSpan(1 + SealedBox.KeyIdLength + SealedBox.PublicKeyLength, SealedBox.NonceLength),
            box.AsSpan(0, SealedBox.HeaderLength - SealedBox.NonceLength),
            box.AsSpan(SealedBox.HeaderLength),
            plaintext
        )
            ? plaintext
            : null;
    }

    [Fact]
    public void Sealing_to_a_low_order_point_is_refused()
    {
        // The all-zero key would make the shared secret zero, and with it the box key public.
        var zero = PublicKey.Import(KeyAgreementAlgorithm.X25519, new byte[32], KeyBlobFormat.RawPublicKey);
        Assert.Throws<InvalidOperationException>(() => SealedBox.Seal(zero, "secret"u8));
    }

    [Fact]
    public void Two_boxes_of_the_same_text_differ()
    {
        var plaintext = "same"u8.ToArray();
        Assert.NotEqual(SealedBox.Seal(sealingPublic, plaintext), SealedBox.Seal(sealingPublic, plaintext));
    }

    [Fact]
    public void Any_flipped_bit_anywhere_makes_the_box_unopenable()
    {
        var box = SealedBox.Seal(sealingPublic, "tamper me"u8.ToArray());
        var opener = new SealedBoxOpener(keys);
        for (var i = 0; i < box.Length; i++)
        {
            var changed = (byte[])box.Clone();
            changed[i] ^= 0x01;
            Assert.Null(opener.Open(changed));
        }
    }

    [Fact]
    public void Truncated_or_empty_boxes_do_not_open()
    {
        var box = SealedBox.Seal(sealingPublic, "short"u8.ToArray());
        var opener = new SealedBoxOpener(keys);
        Assert.Null(opener.Open([]));
        Assert.Null(opener.Open(box.AsSpan(0, SealedBox.Overhead - 1)));
        Assert.Null(opener.Open(box.AsSpan(0, box.Length - 1)));
    }

    [Fact]
    public void A_box_sealed_to_another_key_does_not_open()
    {
        using var other = Key.Create(KeyAgreementAlgorithm.X25519);
        var box = SealedBox.Seal(other.PublicKey, "not for you"u8.ToArray());
        Assert.Null(new SealedBoxOpener(keys).Open(box));
    }
}
