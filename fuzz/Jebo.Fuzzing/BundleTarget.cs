using System.Security.Cryptography;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Fuzzing;

/// <summary>Fuzzes the bundle reader as both zones' receivers run it (<see cref="BundleReceiver{TOpened}.CheckAsync"/>:
/// layout, sender, trusted key, signature, kind, then the bundle's place in the stream), with a test key pair. Each
/// input is read twice: as it is, and re-signed with the test key, so that the fuzzer also reaches everything a
/// signature guards. A refusal (<see cref="BundleRejectedException"/>) is the answer to a bad bundle; anything else is
/// a finding, and so is a bundle read although its header breaks a rule of docs/transfer-format.md.</summary>
public sealed class BundleTarget() : FuzzTarget("bundle")
{
    private static readonly FuzzReceiver[] Receivers =
    [
        new(BundleKind.Reports, "intake"),
        new(BundleKind.Status, "casework"),
    ];

    public override bool TakesSeed(ReadOnlySpan<byte> file) => file.StartsWith("JEBOBNDL"u8);

    protected override string RunOnce(byte[] input)
    {
        var outcome = Read(input);
        if (input.Length < BundleFormat.SignatureLength)
        {
            return outcome;
        }

        var signed = input.ToArray();
        SignatureAlgorithm.Ed25519.Sign(
            TestKey.Signing,
            signed.AsSpan(0, signed.Length - BundleFormat.SignatureLength),
            signed.AsSpan(signed.Length - BundleFormat.SignatureLength)
        );
        return $"{outcome}, re-signed {Read(signed)}";
    }

    private static string Read(byte[] file)
    {
        var outcome = "rejected";
        foreach (var receiver in Receivers)
        {
            try
            {
                var (bundle, _, place) = receiver.CheckAsync(file, CancellationToken.None).GetAwaiter().GetResult();
                CheckAcknowledgement(Acknowledgement.From(bundle.Header));
                outcome = $"read ({place.Placement})";
            }
            catch (BundleRejectedException)
            {
                // The answer to a bad bundle (a BundleNotYetReadableException is one too).
            }
        }

        return outcome;
    }

    /// <summary>The ranges a status bundle acknowledges lie above acknowledged-through, in order, each apart from the
    /// one before (docs/transfer-format.md); counted without overflow.</summary>
    private static void CheckAcknowledgement(Acknowledgement acknowledgement)
    {
        var floor = (Int128)acknowledgement.Through + 1;
        foreach (var range in acknowledgement.Also)
        {
            if (range.From <= floor || range.Through < range.From)
            {
                throw new BrokenPropertyException(
                    $"bundle: a header acknowledging {range.From}–{range.Through} after {floor - 1} was read"
                );
            }

            floor = (Int128)range.Through + 1;
        }
    }

    /// <summary>A receiver with no database: it trusts the test key, and stands after bundle 2 of its stream.</summary>
    private sealed class FuzzReceiver(BundleKind kind, string sender)
        : BundleReceiver<Bundle>(kind, sender, new ReceiverFolders("unused", "unused", "unused"), TimeProvider.System)
    {
        private static readonly string[] AppliedHashes = [new('1', 64), new('2', 64)];

        protected override PublicKey? TrustedKey(string keyId) =>
            keyId == TestKey.Id ? TestKey.Signing.PublicKey : null;

        protected override Task<Neighbourhood> NeighbourhoodAsync(long sequence, CancellationToken cancellationToken)
        {
            AppliedBundle? At(long n) =>
                n is >= 1 and <= 2 ? new(n, AppliedHashes[n - 1], n == 1 ? "" : AppliedHashes[0]) : null;
            return Task.FromResult(
                new Neighbourhood(2, At(sequence), At(sequence - 1), At(sequence + 1), false, sequence == 5)
            );
        }

        protected override Bundle Open(Bundle bundle) => bundle;

        // The harness only checks bundles (CheckAsync); it never applies one.
        protected override Task<int> OpenAndApplyAsync(
            Bundle bundle,
            Placement placement,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException();

        protected override Task OnQuarantinedAsync(
            string name,
            string folder,
            string hash,
            long? sequence,
            string reason,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException();
    }
}

/// <summary>The fuzzing key pair: Ed25519 from a fixed seed (SHA-256 of "jebo fuzzing test key"), so that the seed
/// bundles in fuzz/corpus/bundle verify. It signs nothing but fuzzing inputs.</summary>
public static class TestKey
{
    public static Key Signing { get; } =
        Key.Import(SignatureAlgorithm.Ed25519, SHA256.HashData("jebo fuzzing test key"u8), KeyBlobFormat.RawPrivateKey);

    public static string Id { get; } = KeyId.Of(Signing.PublicKey.Export(KeyBlobFormat.RawPublicKey));
}
