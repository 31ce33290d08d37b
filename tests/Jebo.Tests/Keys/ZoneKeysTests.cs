using System.Text.Json.Nodes;
using Jebo.Casework.Keys;
using Jebo.Casework.Sealing;
using Jebo.Intake.Keys;
using Jebo.Transfer;
using Jebo.Transfer.Keys;
using Jebo.Transfer.Sealing;
using NSec.Cryptography;

namespace Jebo.Tests.Keys;

/// <summary>Exchanging public keys between two zones on two machines, and rotating them without losing
/// anything.</summary>
public sealed class ZoneKeysTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("jebo-zone-keys-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string IntakeFolder => Path.Combine(root, "intake", "keys");

    private string CaseworkFolder => Path.Combine(root, "casework", "keys");

    private string Carried => Path.Combine(root, "usb");

    private void InitialiseBothAndExchange()
    {
        IntakeKeys.CreateIfMissing(IntakeFolder);
        CaseworkKeys.CreateIfMissing(CaseworkFolder);
        CaseworkKeys.Export(CaseworkFolder, DateTimeOffset.UtcNow).Write(Carried);
        IntakeKeys.Export(IntakeFolder, DateTimeOffset.UtcNow).Write(Carried);
        IntakeKeys.Install(
            IntakeFolder,
            ZonePublicKeys.Read(Path.Combine(Carried, ZonePublicKeys.FileName(ZoneName.Casework)))
        );
        CaseworkKeys.Install(
            CaseworkFolder,
            ZonePublicKeys.Read(Path.Combine(Carried, ZonePublicKeys.FileName(ZoneName.Intake)))
        );
    }

    [Fact]
    public void Each_zone_refuses_to_load_until_the_other_zones_public_keys_are_installed()
    {
        IntakeKeys.CreateIfMissing(IntakeFolder);
        CaseworkKeys.CreateIfMissing(CaseworkFolder);

        var intake = Assert.Throws<KeyFileException>(() => IntakeKeys.Load(IntakeFolder));
        Assert.Contains("jebo keys install", intake.Message, StringComparison.Ordinal);
        var casework = Assert.Throws<KeyFileException>(() => CaseworkKeys.Load(CaseworkFolder));
        Assert.Contains("jebo keys export --zone intake", casework.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_holds_public_keys_only_and_installing_it_lets_both_zones_load()
    {
        InitialiseBothAndExchange();

        var text = File.ReadAllText(Path.Combine(Carried, ZonePublicKeys.FileName(ZoneName.Casework)));
        foreach (var secret in new[] { "sealing.key", "signing.key", "hashing.key" })
        {
            var privateKey = File.ReadAllText(Path.Combine(CaseworkFolder, secret)).Trim();
            Assert.DoesNotContain(privateKey, text, StringComparison.Ordinal);
        }

        using var intake = IntakeKeys.Load(IntakeFolder);
        using var casework = CaseworkKeys.Load(CaseworkFolder);
        Assert.Contains(casework.SigningKeyId, intake.CaseworkSigning.Keys);
        Assert.Contains(intake.SigningKeyId, casework.IntakeSigning.Keys);
        var box = SealedBox.Seal(intake.CaseworkSealing, "clue"u8);
        Assert.Equal("clue"u8.ToArray(), new SealedBoxOpener(casework).Open(box));
    }

    [Fact]
    public void A_damaged_or_foreign_key_file_is_refused()
    {
        InitialiseBothAndExchange();
        var path = Path.Combine(Carried, ZonePublicKeys.FileName(ZoneName.Casework));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var key = json["keys"]![0]!;
        var raw = Convert.FromBase64String(key["publicKey"]!.GetValue<string>());
        raw[0] ^= 1;
        key["publicKey"] = Convert.ToBase64String(raw);
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains(
            "does not match its id",
            Assert.Throws<KeyFileException>(() => ZonePublicKeys.Read(path)).Message,
            StringComparison.Ordinal
        );

        File.WriteAllText(path, "{}");
        Assert.Throws<KeyFileException>(() => ZonePublicKeys.Read(path));

        var intakeKeys = ZonePublicKeys.Read(Path.Combine(Carried, ZonePublicKeys.FileName(ZoneName.Intake)));
        Assert.Throws<KeyFileException>(() => IntakeKeys.Install(IntakeFolder, intakeKeys));
    }

    [Fact]
    public void After_a_sealing_key_rotation_boxes_sealed_to_the_old_key_still_open_and_new_ones_use_the_new_key()
    {
        InitialiseBothAndExchange();
        byte[] oldBox;
        using (var intake = IntakeKeys.Load(IntakeFolder))
        {
            oldBox = SealedBox.Seal(intake.CaseworkSealing, "sealed before the rotation"u8);
        }

        var newId = CaseworkKeys.RotateSealingKey(CaseworkFolder);
        Assert.Equal(2, CaseworkKeys.SealingGeneration(CaseworkFolder));
        IntakeKeys.Install(IntakeFolder, CaseworkKeys.Export(CaseworkFolder, DateTimeOffset.UtcNow));

        using var intakeAfter = IntakeKeys.Load(IntakeFolder);
        using var casework = CaseworkKeys.Load(CaseworkFolder);
        Assert.Equal(newId, intakeAfter.CaseworkSealingKeyId);
        var opener = new SealedBoxOpener(casework);
        Assert.Equal("sealed before the rotation"u8.ToArray(), opener.Open(oldBox));
        Assert.Equal("after"u8.ToArray(), opener.Open(SealedBox.Seal(intakeAfter.CaseworkSealing, "after"u8)));
        Assert.Equal(newId, SealedBox.RecipientKeyId(SealedBox.Seal(intakeAfter.CaseworkSealing, "x"u8)));
    }

    [Fact]
    public void A_stale_export_cannot_undo_a_sealing_key_rotation()
    {
        InitialiseBothAndExchange();
        var stale = CaseworkKeys.Export(CaseworkFolder, DateTimeOffset.UtcNow);
        CaseworkKeys.RotateSealingKey(CaseworkFolder);
        IntakeKeys.Install(IntakeFolder, CaseworkKeys.Export(CaseworkFolder, DateTimeOffset.UtcNow));
        using var before = IntakeKeys.Load(IntakeFolder);

        Assert.Empty(IntakeKeys.Install(IntakeFolder, stale)); // every key in it is known: nothing changes
        using var after = IntakeKeys.Load(IntakeFolder);
        Assert.Equal(before.CaseworkSealingKeyId, after.CaseworkSealingKeyId);
    }

    [Fact]
    public void After_a_signing_key_rotation_the_old_public_key_is_still_trusted_and_its_private_half_is_gone()
    {
        InitialiseBothAndExchange();
        string oldId;
        using (var before = CaseworkKeys.Load(CaseworkFolder))
        {
            oldId = before.SigningKeyId;
        }

        var newId = CaseworkKeys.RotateSigningKey(CaseworkFolder);
        IntakeKeys.Install(IntakeFolder, CaseworkKeys.Export(CaseworkFolder, DateTimeOffset.UtcNow));

        using var intake = IntakeKeys.Load(IntakeFolder);
        using var casework = CaseworkKeys.Load(CaseworkFolder);
        Assert.Equal(newId, casework.SigningKeyId);
        Assert.Contains(oldId, intake.CaseworkSigning.Keys);
        Assert.Contains(newId, intake.CaseworkSigning.Keys);
        Assert.Contains(oldId, casework.OwnSigning.Keys);
        Assert.Empty(Directory.GetFiles(KeyFolder.Retired(CaseworkFolder), "signing-*.key"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Private_key_files_are_readable_by_their_owner_only()
    {
        InitialiseBothAndExchange();
        CaseworkKeys.RotateSealingKey(CaseworkFolder);
        foreach (var file in Directory.GetFiles(root, "*.key", SearchOption.AllDirectories))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Fingerprints_are_the_whole_sha256_in_groups_of_four()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519);
        var fingerprint = ZonePublicKeys.Fingerprint(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        Assert.Equal(16, fingerprint.Split(' ').Length);
        Assert.All(fingerprint.Split(' '), g => Assert.Equal(4, g.Length));
    }
}
