using System.Security.Cryptography;

namespace Jebo.Casework.Cases;

/// <summary>Case ids staff can read out on the phone: 12 Crockford base-32 characters in three groups (60 random bits),
/// which say nothing about how many cases exist.</summary>
public static class CaseId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> chars = stackalloc char[14];
        var random = RandomNumberGenerator.GetBytes(12);
        var at = 0;
        for (var i = 0; i < 12; i++)
        {
            if (i is 4 or 8)
            {
                chars[at++] = '-';
            }

            chars[at++] = Alphabet[random[i] & 31];
        }

        return new string(chars);
    }
}
