using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Jebo.Casework.Staff;

/// <summary>Staff passwords as Argon2id (libsodium through NSec) in PHC string form:
/// <c>$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH</c>.</summary>
/// <remarks>Security: the parameters are OWASP's minimum for Argon2id; they are stored with each hash so they can be
/// raised later without invalidating existing passwords. Comparison is constant-time.</remarks>
public static class PasswordHasher
{
    private const int MemoryKiB = 19456;
    private const int Passes = 2;
    private const int HashLength = 32;
    private const int SaltLength = 16;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Derive(password, salt, MemoryKiB, Passes);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={MemoryKiB},t={Passes},p=1"
                + $"${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(hash).TrimEnd('=')}"
        );
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id")
        {
            return false;
        }

        var parameters = parts[3]
            .Split(',')
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        var salt = FromUnpaddedBase64(parts[4]);
        var expected = FromUnpaddedBase64(parts[5]);
        var actual = Derive(password, salt, parameters["m"], parameters["t"], expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int passes, int length = HashLength)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(
            new Argon2Parameters
            {
                DegreeOfParallelism = 1,
                MemorySize = memoryKiB,
                NumberOfPasses = passes,
            }
        );
        return algorithm.DeriveBytes(password, salt, length);
    }

    private static byte[] FromUnpaddedBase64(string text) =>
        Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
