using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jebo.Casework.Staff;

/// <summary>Time-based one-time passwords as RFC 6238 defines them and authenticator apps expect: HMAC-SHA1 over the
/// 30-second step count, dynamic truncation (RFC 4226), six digits, one step of clock drift either way.</summary>
/// <remarks>Security: the one place codes are made and checked. The code is compared in constant time, and a step
/// once used cannot be used again (<see cref="Match"/> takes the last used step), so a code seen over a shoulder or
/// replayed from a proxy log is worthless. HMAC-SHA1 is what RFC 6238 and every authenticator app use; its
/// collision weakness does not affect HMAC.</remarks>
public static class Totp
{
    public const int Digits = 6;
    public const int StepSeconds = 30;

    /// <summary>Steps either side of now that still match: covers a phone clock up to 30 s off.</summary>
    public const int AllowedDrift = 1;

    /// <summary>160 bits, the HMAC-SHA1 block-friendly length RFC 4226 recommends.</summary>
    public const int SecretLength = 20;

    public const string Issuer = "Jebo";

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretLength);

    /// <summary>The step count T of RFC 6238 at a time: whole 30-second periods since the Unix epoch.</summary>
    public static long StepAt(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeSeconds(), StepSeconds).Quotient;

    /// <summary>The code for one step, zero-padded to <paramref name="digits"/> (6 here; 8 for RFC 6238's
    /// vectors).</summary>
    [SuppressMessage(
        "Security",
        "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "RFC 6238 and every authenticator app use HMAC-SHA1; SHA-1's collision weakness does not apply "
            + "to HMAC."
    )]
    public static string Code(byte[] secret, long step, int digits = Digits)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, mac);
        var offset = mac[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7FFF_FFFF;
        var modulo = (int)Math.Pow(10, digits);
        return (binary % modulo).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>The step the code matches within the allowed drift, or null. Steps at or before
    /// <paramref name="lastUsedStep"/> never match: each code works once.</summary>
    public static long? Match(byte[] secret, string? typed, DateTimeOffset now, long? lastUsedStep)
    {
        var code = Normalize(typed);
        if (code is null)
        {
            return null;
        }

        var current = StepAt(now);
        long? matched = null;
        // Every candidate is computed and compared, so the time taken says nothing about which step matched.
        for (var step = current - AllowedDrift; step <= current + AllowedDrift; step++)
        {
            var expected = Encoding.ASCII.GetBytes(Code(secret, step));
            if (
                CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(code))
                && step > (lastUsedStep ?? long.MinValue)
            )
            {
                matched ??= step;
            }
        }

        return matched;
    }

    /// <summary>Six digits, with the spaces and dashes people type between groups removed; null when it is not a
    /// code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 20)
        {
            return null;
        }

        var digits = new string([.. typed.Where(c => c is not (' ' or '-' or '\u00A0'))]);
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>RFC 4648 base-32 without padding, as authenticator apps take secrets typed by hand.</summary>
    public static string ToBase32(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0,
            bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    /// <summary>Reads base-32 (case and spaces ignored); null when it is not base-32.</summary>
    public static byte[]? FromBase32(string text)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0,
            bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '=')
            {
                continue;
            }

            var value = Base32Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    /// <summary>The <c>otpauth://</c> URI (Key Uri Format) an authenticator app reads from the QR code.</summary>
    public static string EnrolmentUri(string login, byte[] secret)
    {
        var label = Uri.EscapeDataString(Issuer) + ":" + Uri.EscapeDataString(login);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"otpauth://totp/{label}?secret={ToBase32(secret)}&issuer={Uri.EscapeDataString(Issuer)}"
                + $"&algorithm=SHA1&digits={Digits}&period={StepSeconds}"
        );
    }
}
