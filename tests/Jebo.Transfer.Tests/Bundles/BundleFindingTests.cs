using System.Security.Cryptography;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Keys;
using NSec.Cryptography;

namespace Jebo.Transfer.Tests.Bundles;

/// <summary>Every bundle the fuzzer found (tests/corpus/bundles/findings/, see its NOTES.md and docs/fuzzing.md), read
/// as it is and re-signed with the fuzzing key as a sender holding a trusted key could write it: refused, never read,
/// and never another exception.</summary>
public sealed class BundleFindingTests
{
    /// <summary>The fuzzing harness's key pair (fuzz/Jebo.Fuzzing/BundleTarget.cs), which the findings name.</summary>
    private static readonly Key FuzzingKey = Key.Import(
        SignatureAlgorithm.Ed25519,
        SHA256.HashData("jebo fuzzing test key"u8),
        KeyBlobFormat.RawPrivateKey
    );

    private static readonly string FuzzingKeyId = KeyId.Of(FuzzingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public static TheoryData<string> Findings()
    {
        var data = new TheoryData<string>();
        var root = FindingsFolder();
        if (Directory.Exists(root))
        {
            foreach (
                var file in Directory
                    .EnumerateFiles(root)
                    .Where(f => Path.GetFileName(f) != "NOTES.md")
                    .Order(StringComparer.Ordinal)
            )
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(Findings))]
    public async Task A_bundle_the_fuzzer_found_is_refused_as_it_is_and_re_signed(string file)
    {
        var bytes = await File.ReadAllBytesAsync(
            Path.Combine(FindingsFolder(), file),
            TestContext.Current.CancellationToken
        );
        Assert.ThrowsAny<BundleRejectedException>(() => Read(bytes));
        if (bytes.Length >= BundleFormat.SignatureLength)
        {
            var signed = bytes.ToArray();
            SignatureAlgorithm.Ed25519.Sign(
                FuzzingKey,
                signed.AsSpan(0, signed.Length - BundleFormat.SignatureLength),
                signed.AsSpan(signed.Length - BundleFormat.SignatureLength)
            );
            Assert.ThrowsAny<BundleRejectedException>(() => Read(signed));
        }
    }

    private static Bundle Read(byte[] file) =>
        BundleFormat.Read(file, (_, keyId) => keyId == FuzzingKeyId ? FuzzingKey.PublicKey : null);

    private static string FindingsFolder() =>
        Path.Combine(TestRepository.Root, "tests", "corpus", "bundles", "findings");
}
