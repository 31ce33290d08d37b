using System.Net;
using System.Security.Cryptography;
using System.Text;
using Jebo.Transfer.Receipts;
using Microsoft.AspNetCore.Http;

namespace Jebo.Intake.Abuse;

/// <summary>The names limits are counted under: a keyed hash of the client's network, or of a receipt.</summary>
/// <remarks>Security: the key is random, made in memory, replaced at every UTC midnight and never written anywhere, so
/// the counting tables in memory hold no address and cannot be matched against an address list, even by someone who
/// reads the process's memory after the day has turned. The price: every count starts afresh at midnight, which the
/// guessing arithmetic in docs/abuse.md allows for.</remarks>
public sealed class ClientKeys(IntakeOptions options, TimeProvider time)
{
    private readonly Lock gate = new();
    private DateOnly day;
    private byte[] key = [];

    /// <summary>The client key of a request (see <see cref="ClientAddress"/> for which address counts).</summary>
    public string ForClient(HttpContext context) =>
        ForAddress(ClientAddress.Of(context, options.ClientAddressHeader, options.TrustedProxies));

    public string ForAddress(IPAddress? address)
    {
        Span<byte> input = stackalloc byte[17];
        input[0] = (byte)'c';
        var length = 1;
        if (address is not null && address.TryWriteBytes(input[1..], out var written))
        {
            length += written;
        }

        return Hash(input[..length]);
    }

    /// <summary>The key look-ups and follow-ups of one receipt are counted under.</summary>
    public string ForReceipt(Receipt receipt)
    {
        Span<byte> input = stackalloc byte[1 + Receipt.Length];
        input[0] = (byte)'r';
        Encoding.ASCII.GetBytes(receipt.Canonical, input[1..]);
        return Hash(input);
    }

    private string Hash(ReadOnlySpan<byte> input)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(CurrentKey(), input, mac);
        return Convert.ToBase64String(mac[..16]);
    }

    private byte[] CurrentKey()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        lock (gate)
        {
            if (today != day)
            {
                // Yesterday's key is wiped, not left for the collector: at worst one request hashing at the turn of
                // the day gets a meaningless name, which only gives it a fresh count.
                CryptographicOperations.ZeroMemory(key);
                key = RandomNumberGenerator.GetBytes(32);
                day = today;
            }

            return key;
        }
    }
}
