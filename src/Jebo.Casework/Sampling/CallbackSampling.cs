using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Casework.Offices;
using Jebo.Casework.Staff;
using Jebo.Reference.Regions;
using Jebo.Reference.TimeZones;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Sampling;

/// <summary>
/// Each month the national office calls a random sample of reporters to hear their opinion of how their clue was
/// handled. The draw is recorded and reproducible: candidates are the cases whose result was reviewed in that month and
/// the cases not accepted in that month (on the calendar of the <see cref="PlatformTimeZone"/>, Asia/Seoul unless
/// configured) that hold a report whose reporter consented to contact and left a phone. They are grouped by province
/// (the national office's own cases form a group of their own) and sorted by id; a fresh random seed drives, per
/// province, a Fisher–Yates draw of the configured size (<see cref="CallbackSampleOptions"/>) with HMAC-SHA256 as the
/// random stream (keyed by the seed and the province, <see cref="ProvinceSeed"/>), and the seed and the candidates'
/// hash are stored with the sample.
/// </summary>
/// <remarks>A seed drawn at sampling time, not derived from the month, means nobody can know in advance which cases
/// will be called, so nobody can prepare them; storing it means an auditor can re-draw and get the same list. Cases
/// not accepted are drawn too: a clue wrongly turned away is what a reporter most needs a second hearing
/// for.</remarks>
public sealed class CallbackSampling(
    CaseworkDb db,
    AuditLog audit,
    SmsOutbox sms,
    OfficeTree offices,
    CaseQueries queries,
    CallbackSampleOptions options,
    PlatformTimeZone zone,
    TimeProvider time
)
{
    public const int DefaultSize = 20;

    /// <summary>The month's sample, drawing it first if this is the first call for the month, with the configured
    /// size per province (or <paramref name="size"/> per province when given).</summary>
    public async Task<IReadOnlyList<CallbackSample>> DrawAsync(
        string month,
        int? size,
        string actor,
        CancellationToken cancellationToken
    )
    {
        var (from, to) = MonthBounds(month, zone);
        var existing = await DrawnAsync(month, cancellationToken);
        if (existing.Count > 0 || await AlreadyDrawnEmptyAsync(month, cancellationToken))
        {
            return existing;
        }

        var candidates = await CandidatesAsync(from, to, cancellationToken);
        candidates.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var seed = RandomNumberGenerator.GetBytes(32);
        var drawn = new List<(string CaseId, string Office)>();
        var provinces = candidates
            .GroupBy(c => ProvinceOf(c.Office), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var province in provinces)
        {
            var ids = province.Select(c => c.Id).ToList();
            var count = Math.Min(size ?? options.SizeOf(province.Key), ids.Count);
            var offices = province.ToDictionary(c => c.Id, c => c.Office, StringComparer.Ordinal);
            drawn.AddRange(Draw(ids, ProvinceSeed(seed, province.Key), count).Select(id => (id, offices[id])));
        }

        var candidatesHash = HashCandidates(candidates.Select(c => c.Id));
        var now = time.GetUtcNow();
        var rows = drawn
            .Select(
                (d, i) =>
                    new CallbackSample
                    {
                        Id = Guid.NewGuid(),
                        Month = month,
                        CaseId = d.CaseId,
                        Office = d.Office,
                        Position = i + 1,
                        DrawnAt = now,
                        Seed = Convert.ToHexStringLower(seed),
                        CandidatesHash = candidatesHash,
                        CandidateCount = candidates.Count,
                    }
            )
            .ToList();

        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        // Two draws at once (the loop and the command): the second finds the first's rows under the lock.
        if (await db.CallbackSamples.AnyAsync(s => s.Month == month, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return await DrawnAsync(month, cancellationToken);
        }

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
                drawn = drawn.Select(d => d.CaseId).ToList(),
            },
            cancellationToken
        );
        // Reporters of the drawn cases who consented are told by text that an office will call (nothing more).
        await sms.QueueCallbacksAsync([.. drawn.Select(d => d.CaseId)], actor, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>The month whose sample is due at <paramref name="now"/>: the month that ended last, drawn from the
    /// first day of the next (its verifications are all in by then).</summary>
    public static string DueMonth(DateTimeOffset now, PlatformTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.DateOf(now).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>The round of the zone's sampling loop: draws the month that ended last unless it is drawn already, so
    /// however often it runs, each month is drawn once, on its first round of the next month. Returns the month drawn
    /// now, or null.</summary>
    public async Task<string?> DrawDueAsync(CancellationToken cancellationToken)
    {
        var month = DueMonth(time.GetUtcNow(), zone);
        if (
            await db.CallbackSamples.AnyAsync(s => s.Month == month, cancellationToken)
            || await AlreadyDrawnEmptyAsync(month, cancellationToken)
        )
        {
            return null;
        }

        await DrawAsync(month, null, AuditLog.SystemActor, cancellationToken);
        return month;
    }

    /// <summary>The month's sample as drawn, in order; empty when not drawn or drawn empty.</summary>
    public Task<List<CallbackSample>> DrawnAsync(string month, CancellationToken cancellationToken) =>
        db
            .CallbackSamples.AsNoTracking()
            .Where(s => s.Month == month)
            .OrderBy(s => s.Position)
            .ToListAsync(cancellationToken);

    /// <summary>The month's sample as <paramref name="staff"/> may see it: the items whose case lies within their
    /// jurisdiction now; null when the month has not been drawn. Reading it is audited as a listing.</summary>
    public async Task<CallbackSampleView?> ReadAsync(
        StaffPrincipal staff,
        string month,
        CancellationToken cancellationToken
    )
    {
        var rows = await DrawnAsync(month, cancellationToken);
        if (rows.Count == 0 && !await AlreadyDrawnEmptyAsync(month, cancellationToken))
        {
            return null;
        }

        var ids = rows.Select(r => r.CaseId).ToList();
        var visible = (
            await queries
                .Visible(staff)
                .Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.OfficeCode })
                .ToListAsync(cancellationToken)
        ).ToDictionary(c => c.Id, c => c.OfficeCode, StringComparer.Ordinal);
        var items = rows.Where(r => visible.ContainsKey(r.CaseId))
            .Select(r => new CallbackSampleItem(
                r.Position,
                r.CaseId,
                visible[r.CaseId],
                r.ContactedAt is { } at
                    ? new CallbackView(
                        at,
                        r.CalledBy,
                        r.Reached == true,
                        r.Channel,
                        r.Satisfaction,
                        r.Disputes == true,
                        r.Note
                    )
                    : null
            ))
            .ToList();
        await queries.RecordListingAsync(staff, "sample:" + month, new { month }, items.Count, cancellationToken);
        var first = rows.FirstOrDefault();
        var drawnAt = first?.DrawnAt ?? await DrawnEmptyAtAsync(month, cancellationToken);
        return new CallbackSampleView(month, drawnAt, first?.Seed ?? "", first?.CandidateCount ?? 0, items);
    }

    /// <summary>The stream key of one province's draw: HMAC-SHA256 of the province's code under the month's
    /// seed.</summary>
    public static byte[] ProvinceSeed(byte[] seed, string province) =>
        HMACSHA256.HashData(seed, Encoding.UTF8.GetBytes("province:" + province));

    /// <summary>The province an office belongs to: the office below the national office on its path, or
    /// <c>national</c> for the national office itself.</summary>
    public string ProvinceOf(string office)
    {
        var current = office;
        while (offices.ParentOf(current) is { } parent && parent != RegionDataset.National)
        {
            current = parent;
        }

        return current;
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

    /// <summary>Cases reviewed, or not accepted, in the month whose reports include one by a reporter who consented
    /// to contact and left a phone.</summary>
    private async Task<List<(string Id, string Office)>> CandidatesAsync(
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken
    )
    {
        var reachable = db
            .ReporterIdentities.Where(i => i.ContactConsent && i.Phone != null)
            .Join(db.Reports.Where(r => r.HasIdentity), i => i.ReportId, r => r.Id, (i, r) => r.CaseId);
        var rows = await db
            .Cases.AsNoTracking()
            .Where(c =>
                (c.Result != null && c.ReviewedAt >= from && c.ReviewedAt < to)
                || (c.AcceptedAt == null && c.RejectionReason != null && c.DecidedAt >= from && c.DecidedAt < to)
            )
            .Where(c => reachable.Contains(c.Id))
            .Select(c => new { c.Id, c.OfficeCode })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(c => (c.Id, c.OfficeCode))];
    }

    private async Task<DateTimeOffset> DrawnEmptyAtAsync(string month, CancellationToken cancellationToken) =>
        (
            await db
                .AuditEntries.AsNoTracking()
                .Where(e => e.Action == AuditActions.SampleDrawn && e.Details.Contains("\"month\":\"" + month + "\""))
                .Select(e => new { e.At })
                .FirstAsync(cancellationToken)
        ).At;

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
