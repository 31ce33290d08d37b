using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Jebo.Transfer.Receipts;

/// <summary>
/// The reporter's query code: 100 random bits written as 20 Crockford base-32 characters in five groups of four
/// (<c>7KQ2-M9XD-4HTR-E8PA-WZ3C</c>).
/// </summary>
/// <remarks>
/// Security: the receipt is the reporter's only key to their report's status and messages, so it is drawn from
/// the operating system's CSPRNG and never stored; intake keeps only a keyed hash of it (see
/// <c>Intake/Receipts/ReceiptKeys</c>). 100 bits make online guessing hopeless without a slow hash. Intake issues it
/// for a report from the portal, casework for a clue entered by hand; both derive the same keys from it
/// (<see cref="ReceiptDerivation"/>). Parsing forgives what people
/// get wrong when they copy a code by hand: case, spaces and dashes, O for 0, I or L for 1.
/// </remarks>
public readonly record struct Receipt
{
    public const int Length = 20;
    public const int Bits = 100;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private readonly string canonical;

    private Receipt(string canonical) => this.canonical = canonical;

    /// <summary>The 20 characters without separators, upper case: what keys are derived from.</summary>
    public string Canonical => canonical ?? throw new InvalidOperationException("default receipt");

    public static Receipt New()
    {
        Span<byte> random = stackalloc byte[13];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[Length];
        var bitPosition = 0;
        for (var i = 0; i < Length; i++, bitPosition += 5)
        {
            var index = bitPosition / 8;
            var shift = bitPosition % 8;
            var pair = (random[index] << 8) | (index + 1 < random.Length ? random[index + 1] : 0);
            chars[i] = Alphabet[(pair >> (11 - shift)) & 31];
        }

        return new Receipt(new string(chars));
    }

    /// <summary>Reads a receipt typed by a person; false when it cannot be one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Receipt? receipt)
    {
        receipt = null;
        if (text is null || text.Length > 64)
        {
            return false;
        }

        Span<char> chars = stackalloc char[Length];
        var count = 0;
        foreach (var raw in text)
        {
            if (
                raw
                is ' '
                    or '-'
                    or '\t'
                    or '\u00A0'
                    or '\u2010'
                    or '\u2011'
                    or '\u2012'
                    or '\u2013'
                    or '\u2014'
                    or '\u2212'
                    or '\u3000'
            )
            {
                continue;
            }

            var c = Normalize(raw);
            if (c < 0 || count == Length)
            {
                return false;
            }

            chars[count++] = Alphabet[c];
        }

        if (count != Length)
        {
            return false;
        }

        receipt = new Receipt(new string(chars));
        return true;
    }

    /// <summary>Five groups of four, as shown to the reporter.</summary>
    public override string ToString()
    {
        var text = Canonical;
        return string.Join('-', Enumerable.Range(0, 5).Select(g => text.Substring(g * 4, 4)));
    }

    private static int Normalize(char c)
    {
        // Full-width forms come from East Asian input methods.
        if (c is >= '\uFF10' and <= '\uFF19' or >= '\uFF21' and <= '\uFF3A' or >= '\uFF41' and <= '\uFF5A')
        {
            c = (char)(c - 0xFEE0);
        }

        c = char.ToUpperInvariant(c);
        return c switch
        {
            'O' => 0,
            'I' or 'L' => 1,
            _ => Alphabet.IndexOf(c, StringComparison.Ordinal),
        };
    }
}
