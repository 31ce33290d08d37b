using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Reference.TimeZones;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Sampling;

/// <summary>
/// Each month the national office calls a random sample of reporters of verified cases to hear their opinion. The draw
/// is recorded and reproducible: candidates are the cases whose result was reviewed in that month (on the calendar of
/// the
/// <see cref="PlatformTimeZone"/>, Asia/Seoul unless configured) and whose
/// reporter left a way to be contacted, sorted by id; a fresh random seed drives a Fisher–Yates draw with HMAC-SHA256
/// as the random stream, and the seed and the candidates' hash are stored with the sample.
/// </summary>
/// <remarks>A seed drawn at sampling time, not derived from the month, means nobody can know in advance which cases
/// will be called, so nobody can prepare them; storing it means an auditor can re-draw and get the same list.</remarks>
public sealed class CallbackSampling(
    CaseworkDb db,
    AuditLog audit,
    SmsOutbox sms,
    PlatformTimeZone zone,
    TimeProvider time
)
{
    public const int DefaultSize = 20;

    /// <summary>The month's sample, drawing it first if this is the first call for the month.</summary>
    public async Task<IReadOnlyList<CallbackSample>> DrawAsync(
        string month,
        int size,
        string actor,
        CancellationToken cancellationToken
    )
    {
        var (from, to) = MonthBounds(month, zone);
        var existing = await db
            .CallbackSamples.AsNoTracking()
            .Where(s => s.Month == month)
            .OrderBy(s => s.Position)
            .ToListAsync(cancellationToken);
        if (existing.Count > 0 || await AlreadyDrawnEmptyAsync(month, cancellationToken))
        {
            return existing;
        }

        var candidates = await Candidates(from, to).ToListAsync(cancellationToken);
        candidates.Sort(StringComparer.Ordinal);
        var seed = RandomNumberGenerator.GetBytes(32);
        var drawn = Draw(candidates, seed, Math.Min(size, candidates.Count));
        var candidatesHash = HashCandidates(candidates);
        var now = time.GetUtcNow();
        var rows = drawn
            .Select(
                (caseId, i) =>
                    new CallbackSample
                    {
                        Id = Guid.NewGuid(),
                        Month = month,
                        CaseId = caseId,
                        Position = i + 1,
                        DrawnAt = now,
                        Seed = Convert.ToHexStringLower(seed),
                        CandidatesHash = candidatesHash,
                        CandidateCount = candidates.Count,
                    }
            )
            .ToList();

        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        db.CallbackSamples.AddRange(rows);
        await audit.AppendAsync(
            actor,
            null,
            AuditActions.SampleDrawn,
            null,
            new
            {
                month,
                seed = Convert.ToHexStringLower(seed),
                candidatesHash,
                candidates = candidates.Count,
                drawn,
            },
            cancellationToken
        );
        // Reporters of the drawn cases who consented are told by text that an office will call (nothing more).
        await sms.QueueCallbacksAsync(drawn.ToList(), actor, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>The draw itself: deterministic in the sorted candidates and the seed.</summary>
    public static IReadOnlyList<string> Draw(IReadOnlyList<string> sortedCandidates, byte[] seed, int size)
    {
        var pool = sortedCandidates.ToArray();
        var counter = 0UL;
        for (var i = 0; i < size; i++)
        {
            var j = i + (int)Uniform(seed, ref counter, (ulong)(pool.Length - i));
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..size];
    }

    public static string HashCandidates(IEnumerable<string> sortedCandidates) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sortedCandidates))));

    /// <summary>UTC bounds of a <c>YYYY-MM</c> month on the calendar of <paramref name="zone"/>: from the first
    /// midnight of the month to the first of the next.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) MonthBounds(string month, PlatformTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            throw new ArgumentException($"month '{month}' is not YYYY-MM", nameof(month));
        }

        return (zone.StartOf(start), zone.StartOf(start.AddMonths(1)));
    }

    private IQueryable<string> Candidates(DateTimeOffset from, DateTimeOffset to) =>
        db
            .Cases.AsNoTracking()
            .Where(c => c.Result != null && c.ReviewedAt >= from && c.ReviewedAt < to && c.HasContact)
            .Select(c => c.Id);

    private Task<bool> AlreadyDrawnEmptyAsync(string month, CancellationToken cancellationToken) =>
        db
            .AuditEntries.AsNoTracking()
            .AnyAsync(
                e => e.Action == AuditActions.SampleDrawn && e.Details.Contains("\"month\":\"" + month + "\""),
                cancellationToken
            );

    /// <summary>A uniform integer below <paramref name="bound"/> from the HMAC stream, without modulo bias.</summary>
    private static ulong Uniform(byte[] seed, ref ulong counter, ulong bound)
    {
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        Span<byte> block = stackalloc byte[8];
        Span<byte> mac = stackalloc byte[32];
        while (true)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(block, counter++);
            HMACSHA256.HashData(seed, block, mac);
            var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(mac);
            if (value < limit)
            {
                return value % bound;
            }
        }
    }
}
