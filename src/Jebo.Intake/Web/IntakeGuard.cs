using Jebo.Intake.Abuse;
using Jebo.Intake.FollowUps;
using Jebo.Intake.Reports;
using Jebo.Intake.Status;
using Jebo.Intake.Validation;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Web;

/// <summary>How a guarded request ended: the value, or why not.</summary>
public sealed record Guarded<T>(
    T? Value,
    Hold? Hold = null,
    FieldErrors? Errors = null,
    bool IsRepeat = false,
    bool IsUnknownReceipt = false,
    bool IsTooLarge = false,
    string? Refused = null
)
{
    public bool Succeeded =>
        Hold is null && Errors is null && !IsRepeat && !IsUnknownReceipt && !IsTooLarge && Refused is null;

    /// <summary>The public API's answer for a refusal: 429/503, 400, 409, 413 or 404 problem details.</summary>
    public IResult Problem(HttpContext context) =>
        Hold is { } hold ? IntakeProblems.Held(context, hold)
        : Errors is { } errors ? IntakeProblems.Validation(context, errors)
        : IsRepeat ? IntakeProblems.Repeat(context)
        : Refused is { } problem ? IntakeProblems.Refused(context, problem)
        : IsTooLarge
            ? IntakeProblems.ReportTooLarge(
                context,
                context.RequestServices.GetRequiredService<IntakeOptions>().MaxReportAttachmentMegabytes
            )
        : IntakeProblems.UnknownReceipt(context);
}

/// <summary>What a report, follow-up or look-up carries besides its content, for the abuse checks.</summary>
/// <param name="Proof">The proof of work (<c>challenge:nonce</c>) from the <c>Jebo-Proof</c> header or the <c>proof</c>
/// field.</param>
/// <param name="Honeypot">The hidden <c>website</c> field, which people leave empty.</param>
public sealed record AbuseSignals(string? Proof, string? Honeypot)
{
    public static readonly AbuseSignals None = new(null, null);

    /// <summary>The proof header of a request, for callers that have no body field.</summary>
    public static string? ProofHeader(HttpContext context) =>
        context.Request.Headers[ProofOfWork.Header] is { Count: > 0 } values ? values[^1] : null;
}

/// <summary>
/// Every abuse defence that needs the request's content, in one order, for the API and the pages alike: refuse
/// text that holds no clue, check the proof of work, count the submission against the client's and the intake's
/// limits (stricter without proof), refuse a repeat, then store with the spam marks. Look-ups are blocked or slowed
/// by the client's earlier failures before the receipt is even read.
/// </summary>
/// <remarks>Security: the order is part of the defence. Limits are counted before a repeat is checked, so the
/// repeat answer cannot be probed for free; a look-up's delay and block depend only on failures already counted, and
/// a known and an unknown receipt then cost the same work, so neither the answer time nor the limits tell a guesser
/// anything the 404 does not. With <c>--rate-limits off</c> only the limits, delays and repeat refusals are skipped;
/// content checks, proof checks and marks stay.</remarks>
public sealed class IntakeGuard(
    IntakeOptions options,
    ClientKeys keys,
    IntakeLimits limits,
    ProofOfWork proofs,
    RepeatGuard repeats,
    ReportIntake reports,
    FollowUpIntake followUps,
    StatusLookup lookup,
    ParkedFiles parked,
    TimeProvider time
)
{
    private AbuseSettings Settings => options.Abuse;

    /// <summary>Guards and stores a report that has passed <see cref="ReportValidator"/>; returns its
    /// receipt.</summary>
    public Task<Guarded<Receipt>> SubmitReportAsync(
        HttpContext context,
        ReportContent report,
        AbuseSignals signals,
        CancellationToken cancellationToken
    ) => SubmitReportAsync(context, report, signals, [], cancellationToken);

    /// <summary>Guards and stores a report with the pending attachments it claims (see
    /// <see cref="Attachments.AttachmentIntake"/>); on a refusal the caller discards them.</summary>
    public async Task<Guarded<Receipt>> SubmitReportAsync(
        HttpContext context,
        ReportContent report,
        AbuseSignals signals,
        IReadOnlyList<Guid> attachments,
        CancellationToken cancellationToken
    )
    {
        var verdict = SpamSignals.Read(report, signals.Honeypot, Settings);
        if (!verdict.Refusal.IsEmpty)
        {
            return new(default, Errors: verdict.Refusal);
        }

        if (CheckProof(signals.Proof) is { } proofError)
        {
            return new(default, Errors: proofError.Errors);
        }

        var proven = signals.Proof is { Length: > 0 };
        if (options.RateLimits && limits.TakeSubmission(keys.ForClient(context), proven) is { } hold)
        {
            return new(default, hold);
        }

        using var reservation = options.RateLimits ? repeats.TryReserve(RepeatGuard.ContentOf(report)) : null;
        if (options.RateLimits && reservation is null)
        {
            return new(default, IsRepeat: true);
        }

        Receipt receipt;
        try
        {
            receipt = await reports.SubmitAsync(report, verdict.Marks, attachments, cancellationToken);
        }
        catch (ReportTooLargeException)
        {
            return new(default, IsTooLarge: true);
        }

        reservation?.Keep();
        parked.Release(attachments);
        return new(receipt);
    }

    /// <summary>Guards a status look-up; the value is the report's id and public status.</summary>
    public async Task<Guarded<(Guid ReportId, StatusView View)>> LookUpAsync(
        HttpContext context,
        string? receiptText,
        CancellationToken cancellationToken
    )
    {
        var client = keys.ForClient(context);
        if (await BeforeLookupAsync(client, cancellationToken) is { } hold)
        {
            return new(default, hold);
        }

        if (!Receipt.TryParse(receiptText, out var receipt))
        {
            return Unknown<(Guid, StatusView)>();
        }

        if (options.RateLimits && limits.TakeLookup(keys.ForReceipt(receipt.Value)) is { } receiptHold)
        {
            Found(client);
            return new(default, receiptHold);
        }

        if (await lookup.FindAsync(receipt.Value, cancellationToken) is not { } found)
        {
            return Unknown<(Guid, StatusView)>();
        }

        Found(client);
        return new(found);
    }

    /// <summary>Guards and stores a follow-up whose text has been checked, with the pending files it names (see
    /// <see cref="Attachments.AttachmentIntake"/>; on a refusal the caller discards them); succeeds with
    /// true.</summary>
    public async Task<Guarded<bool>> SubmitFollowUpAsync(
        HttpContext context,
        string? receiptText,
        FollowUpSubmission submission,
        AbuseSignals signals,
        CancellationToken cancellationToken
    )
    {
        var client = keys.ForClient(context);
        if (await BeforeLookupAsync(client, cancellationToken) is { } hold)
        {
            return new(false, hold);
        }

        if (!Receipt.TryParse(receiptText, out var receipt))
        {
            return Unknown<bool>();
        }

        if (CheckProof(signals.Proof) is { } proofError)
        {
            Found(client);
            return new(false, Errors: proofError.Errors);
        }

        if (options.RateLimits)
        {
            var held = limits.TakeFollowUp(keys.ForReceipt(receipt.Value))
                ?? limits.TakeSubmission(client, signals.Proof is { Length: > 0 });
            if (held is not null)
            {
                Found(client);
                return new(false, held);
            }
        }

        if (await lookup.FindAsync(receipt.Value, cancellationToken) is not { } found)
        {
            return Unknown<bool>();
        }

        Found(client);
        if (submission.Reward is not null && RewardEligibility.Refusal(found.View) is { } refused)
        {
            return new(false, Refused: refused);
        }

        using var reservation = options.RateLimits
            ? repeats.TryReserve(
                RepeatGuard.ContentOf(
                    receipt.Value,
                    $"{submission.Text}\n{submission.Protection}\n{submission.Contact?.Phone}\n"
                        + string.Join(',', (submission.Attachments ?? []).Select(a => a.Id))
                        + "\u001f"
                        + submission.Reward?.Account
                )
            )
            : null;
        if (options.RateLimits && reservation is null)
        {
            return new(false, IsRepeat: true);
        }

        try
        {
            await followUps.SubmitAsync(found.ReportId, receipt.Value, submission, cancellationToken);
        }
        catch (ReportTooLargeException)
        {
            return new(false, IsTooLarge: true);
        }
        catch (AttachmentsExpiredException)
        {
            var expired = new FieldErrors();
            expired.Add("attachments", ValidationCode.AttachmentExpired);
            return new(false, Errors: expired);
        }

        reservation?.Keep();
        parked.Release([.. (submission.Attachments ?? []).Select(a => a.Id)]);
        return new(true);
    }

    private Guarded<bool>? CheckProof(string? proof)
    {
        var code = proofs.Check(proof) switch
        {
            ProofCheck.Absent or ProofCheck.Valid => (ValidationCode?)null,
            ProofCheck.Expired or ProofCheck.Spent => ValidationCode.ExpiredProof,
            _ => ValidationCode.InvalidProof,
        };
        if (code is null)
        {
            return null;
        }

        var errors = new FieldErrors();
        errors.Add("proof", code.Value);
        return new(false, Errors: errors);
    }

    private async Task<Hold?> BeforeLookupAsync(string client, CancellationToken cancellationToken)
    {
        if (!options.RateLimits)
        {
            return null;
        }

        var (hold, delay) = limits.BeginLookup(client);
        if (hold is null && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }

        return hold;
    }

    /// <summary>The receipt was unknown: the failure counted in advance stands.</summary>
    private static Guarded<T> Unknown<T>() => new(default, IsUnknownReceipt: true);

    private void Found(string client)
    {
        if (options.RateLimits)
        {
            limits.Found(client);
        }
    }
}
