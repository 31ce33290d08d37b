using System.Security.Cryptography;
using System.Text;
using Jebo.Casework.Keys;
using Jebo.Screening.Normalization;
using Jebo.Transfer.Keys;

namespace Jebo.Casework.Screening;

/// <summary>
/// The keyed hash of a reporter's phone by which reports from one contact are counted (<see cref="RepetitionWatch"/>):
/// HMAC-SHA256 of the number in its national form (<see cref="PhoneNumber.Normalize"/>, so <c>010-3456-7890</c>,
/// <c>01034567890</c> and <c>+82 10 3456 7890</c> are one contact), under a key derived (HKDF-SHA256, info
/// <c>jebo/contact-hash/v1</c>) from the zone's hashing secret (<see cref="CaseworkKeys.HashingKeyFile"/>).
/// </summary>
/// <remarks>Security: a phone number has few enough digits to be guessed, so an unkeyed hash would be a list of
/// identities in another form; keyed with a secret that stays in the zone's key folder, the column links reports only
/// for code that holds the key, and shows no number to whoever reads the database. The key is for this purpose alone:
/// no other hash in the zone uses it.</remarks>
public sealed class ContactHashing
{
    private static readonly byte[] Info = "jebo/contact-hash/v1"u8.ToArray();
    private readonly byte[] key;

    public ContactHashing(ReadOnlySpan<byte> secret) =>
        key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, salt: [], info: Info);

    /// <summary>The hashing of the zone whose key folder is <paramref name="keysFolder"/>; makes the secret when a zone
    /// set up before it existed has none.</summary>
    public static ContactHashing Load(string keysFolder)
    {
        var path = Path.Combine(keysFolder, CaseworkKeys.HashingKeyFile);
        try
        {
            CaseworkKeys.CreateHashingKeyIfMissing(keysFolder);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Made meanwhile by another process of the zone: read theirs.
        }

        return new ContactHashing(KeyFile.Read(path));
    }

    /// <summary>The hash of <paramref name="phone"/> in lower-case hex; null when nothing was written. A phone that is
    /// no Korean number is hashed as written (trimmed, NFKC), so it still counts as one contact.</summary>
    public string? Hash(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var number = PhoneNumber.Normalize(phone) ?? "as-written:" + phone.Normalize(NormalizationForm.FormKC).Trim();
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(number)));
    }
}
