using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Jebo.Intake.Keys;

namespace Jebo.Intake.Abuse;

/// <summary>A challenge to solve: the text to hash, the leading zero bits needed, and until when it is good.</summary>
public sealed record Challenge(string Text, int Difficulty, DateTimeOffset ExpiresAt);

/// <summary>What a presented proof turned out to be.</summary>
public enum ProofCheck
{
    /// <summary>No proof was sent: the request is counted under the stricter limits.</summary>
    Absent,
    Valid,
    Malformed,
    Forged,
    Expired,
    Insufficient,
    Spent,
}

/// <summary>
/// Hashcash-style proof of work: intake hands out MACed, time-limited challenges; a client finds a nonce such that
/// SHA-256(challenge ‖ nonce) starts with the challenge's number of zero bits and sends <c>challenge:nonce</c>.
/// </summary>
/// <remarks>
/// Security: the challenge carries its issue time, difficulty and 128 random bits under a MAC keyed from the intake
/// pepper, so intake keeps no state until a proof is spent, any intake node sharing the keys can check it, and a
/// client cannot lower its own difficulty. Spent challenges are remembered in memory for their lifetime, so one
/// solution buys one submission (per node: with several nodes a proof could be spent once on each, which the
/// per-client limits still bound). Difficulty rises with the share of the hourly capacity already used, so a flood
/// pays more per report while a calm intake asks a page's script for well under a second of work. The proof is a
/// cost, never an identity: nothing about the solver is kept.
/// </remarks>
public sealed class ProofOfWork
{
    public const string Header = "Jebo-Proof";
    public const int MaxNonceLength = 32;
    private const string Version = "1";

    private readonly byte[] macKey;
    private readonly IntakeOptions options;
    private readonly IntakeLimits limits;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, long> spent = new(StringComparer.Ordinal);
    private long lastSweep;

    /// <param name="pepper">The intake pepper (<see cref="IntakeKeys.Pepper"/>); the MAC key is derived from it, so
    /// every intake node with the same keys accepts the same challenges.</param>
    /// <param name="options">The intake's options (limits, whether they apply).</param>
    /// <param name="limits">The submission counts the difficulty follows.</param>
    /// <param name="time">The clock.</param>
    public ProofOfWork(byte[] pepper, IntakeOptions options, IntakeLimits limits, TimeProvider time)
    {
        macKey = HKDF.DeriveKey(
            HashAlgorithmName.SHA256,
            pepper,
            32,
            salt: [],
            info: "jebo/proof-challenge/v1"u8.ToArray()
        );
        this.options = options;
        this.limits = limits;
        this.time = time;
    }

    private AbuseSettings Settings => options.Abuse;

    /// <summary>A fresh challenge at the difficulty the current load asks for.</summary>
    public Challenge Issue() => Issue(DifficultyFor(options.RateLimits ? limits.Load : 0));

    /// <summary>A fresh challenge at the given difficulty.</summary>
    public Challenge Issue(int difficulty)
    {
        difficulty = Math.Clamp(difficulty, 1, 32);
        var now = time.GetUtcNow();
        var body = string.Create(
            CultureInfo.InvariantCulture,
            $"{Version}.{now.ToUnixTimeSeconds()}.{difficulty}.{Base64Url(RandomNumberGenerator.GetBytes(16))}"
        );
        return new Challenge($"{body}.{Mac(body)}", difficulty, now + Settings.ChallengeLifetime);
    }

    /// <summary>Checks a proof (<c>challenge:nonce</c>) and, when it is valid, marks its challenge spent.</summary>
    public ProofCheck Check(string? proof)
    {
        if (string.IsNullOrEmpty(proof))
        {
            return ProofCheck.Absent;
        }

        var colon = proof.LastIndexOf(':');
        if (colon <= 0 || proof.Length - colon - 1 is < 1 or > MaxNonceLength || proof.Length > 256)
        {
            return ProofCheck.Malformed;
        }

        var challenge = proof[..colon];
        var nonce = proof[(colon + 1)..];
        if (!nonce.All(char.IsAsciiLetterOrDigit))
        {
            return ProofCheck.Malformed;
        }

        var parts = challenge.Split('.');
        if (
            parts.Length != 5
            || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var issued)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var difficulty)
            || difficulty is < 1 or > 32
        )
        {
            return ProofCheck.Malformed;
        }

        var body = challenge[..challenge.LastIndexOf('.')];
        if (
            !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Mac(body)),
                Encoding.ASCII.GetBytes(parts[4])
            )
        )
        {
            return ProofCheck.Forged;
        }

        var now = time.GetUtcNow();
        var age = now - DateTimeOffset.FromUnixTimeSeconds(issued);
        if (age > Settings.ChallengeLifetime || age < -TimeSpan.FromMinutes(1))
        {
            return ProofCheck.Expired;
        }

        if (LeadingZeroBits(challenge, nonce) < difficulty)
        {
            return ProofCheck.Insufficient;
        }

        Sweep(now.UtcTicks);
        return spent.TryAdd(parts[3], now.UtcTicks + Settings.ChallengeLifetime.Ticks + TimeSpan.FromMinutes(1).Ticks)
            ? ProofCheck.Valid
            : ProofCheck.Spent;
    }

    /// <summary>The number of leading zero bits of SHA-256(ASCII(challenge) ‖ ASCII(nonce)).</summary>
    public static int LeadingZeroBits(string challenge, string nonce)
    {
        Span<byte> input = stackalloc byte[challenge.Length + nonce.Length];
        Encoding.ASCII.GetBytes(challenge, input);
        Encoding.ASCII.GetBytes(nonce, input[challenge.Length..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var first = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return first == 0 ? 64 : System.Numerics.BitOperations.LeadingZeroCount(first);
    }

    /// <summary>The difficulty for a load between 0 (calm) and 1 (the hourly capacity used up): one more bit for each
    /// quarter of capacity in use, up to <see cref="AbuseSettings.MaxDifficulty"/>.</summary>
    public int DifficultyFor(double load)
    {
        var extra = (int)Math.Floor(Math.Clamp(load, 0, 1) * 4);
        return Math.Min(Settings.MaxDifficulty, Settings.BaseDifficulty + extra);
    }

    private string Mac(string body) =>
        Base64Url(HMACSHA256.HashData(macKey, Encoding.ASCII.GetBytes(body)).AsSpan(0, 16));

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void Sweep(long now)
    {
        var last = Interlocked.Read(ref lastSweep);
        if (now - last < TimeSpan.FromMinutes(1).Ticks || Interlocked.CompareExchange(ref lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (id, until) in spent)
        {
            if (until < now)
            {
                spent.TryRemove(id, out _);
            }
        }
    }
}
