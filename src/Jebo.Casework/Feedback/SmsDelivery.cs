using System.Globalization;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Screening.Normalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Casework.Feedback;

/// <summary>
/// One round of the SMS outbox, run by the zone's background loop (<see cref="Loop"/>, every
/// <see cref="SmsOptions.Interval"/>): each message due is checked against <see cref="SmsRecipients"/> again, handed
/// to the <see cref="SmsGateway"/>, and its delivery recorded — sent, failed for good (refused, no recipient any more,
/// or the cap of <see cref="SmsOptions.MaxAttempts"/> reached), or queued again after a growing wait
/// (<see cref="SmsOptions.RetryDelay"/>). Sent and failed messages are audited.
/// </summary>
/// <remarks>The first attempt the gateway fails ends the round: when it is down, the other messages keep their turn
/// and their attempts, and a hanging gateway costs one time-out per round. The gateway is called outside any database
/// transaction, so a slow one never holds up casework's writers.</remarks>
public sealed class SmsDelivery(
    CaseworkDb db,
    SmsRecipients recipients,
    AuditLog audit,
    SmsGateway gateway,
    SmsOptions options,
    TimeProvider time
)
{
    /// <summary>The loop's name in logs, health and alerts.</summary>
    public const string Loop = "sms delivery";

    /// <summary>One round in a scope of its own, as the loop runs it.</summary>
    public static async Task RoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SmsDelivery>().RunOnceAsync(cancellationToken);
    }

    /// <summary>Sends what is due; returns how many messages were handed over. Throws, after recording every attempt,
    /// when the gateway kept failing a message (<see cref="SmsOptions.AlertAfterAttempts"/>) or one reached the cap, so
    /// the loop shows as failing and the alerts say so.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return 0;
        }

        var token = ReadToken(options.TokenFile);
        var now = time.GetUtcNow();
        var due = await db
            .SmsOutbox.AsNoTracking()
            .Where(m => m.Status == SmsMessage.Queued && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var message = await db.SmsOutbox.FirstOrDefaultAsync(
                m => m.Id == id && m.Status == SmsMessage.Queued,
                cancellationToken
            );
            if (message is null)
            {
                continue;
            }

            var attempt = await recipients.OfAsync(message.ReportId, cancellationToken) is { } recipient
                ? await gateway.SendAsync(
                    message.Id,
                    PhoneNumber.International(recipient.Mobile),
                    message.Text,
                    token,
                    cancellationToken
                )
                : null;
            await RecordAsync(message, attempt, cancellationToken);
            if (attempt is SmsAttempt.Taken)
            {
                sent++;
            }
            else if (attempt is SmsAttempt.Again again)
            {
                if (message.Status == SmsMessage.Failed || message.Attempts >= options.AlertAfterAttempts)
                {
                    throw new SmsGatewayException(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"the SMS gateway failed a message {message.Attempts} time(s) in a row (last: "
                                + $"{again.Error})"
                        )
                    );
                }

                break;
            }
        }

        return sent;
    }

    /// <summary>Records an attempt (null: nobody may receive the message any more) and audits a final
    /// outcome.</summary>
    private async Task RecordAsync(SmsMessage message, SmsAttempt? attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (attempt is not null)
        {
            message.Attempts++;
            message.LastAttemptAt = now;
        }

        (message.Status, message.LastError) = attempt switch
        {
            SmsAttempt.Taken => (SmsMessage.Sent, null),
            SmsAttempt.Refused refused => (SmsMessage.Failed, refused.Error),
            SmsAttempt.Again again => (
                message.Attempts >= options.MaxAttempts ? SmsMessage.Failed : SmsMessage.Queued,
                again.Error
            ),
            _ => (SmsMessage.Failed, "no-recipient"),
        };
        message.GatewayReference = (attempt as SmsAttempt.Taken)?.Reference;
        message.NextAttemptAt = message.Status == SmsMessage.Queued ? now + options.RetryDelay(message.Attempts) : null;
        message.DoneAt = message.Status == SmsMessage.Queued ? null : now;

        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        if (message.Status != SmsMessage.Queued)
        {
            // As when it was queued: the report, never the number.
            var action = message.Status == SmsMessage.Sent ? AuditActions.SmsSent : AuditActions.SmsFailed;
            var details = new
            {
                sms = message.Id,
                report = message.ReportId,
                message.Purpose,
                message.Attempts,
                reason = message.LastError,
            };
            await audit.AppendAsync(AuditLog.SystemActor, null, action, message.CaseId, details, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The bearer token from its file, read anew each round so a replaced token needs no restart.</summary>
    private static string? ReadToken(string? file)
    {
        if (file is null)
        {
            return null;
        }

        var token = File.ReadAllText(file).Trim();
        return token.Length > 0 && token.All(c => c is > ' ' and < '\u007f')
            ? token
            : throw new InvalidDataException(
                $"the SMS gateway token file {file} holds no token (one line of printable ASCII)"
            );
    }
}

/// <summary>The SMS gateway keeps failing: the round's failure, for the loop's health and the alerts. Names no
/// reporter and no number.</summary>
public sealed class SmsGatewayException(string message) : Exception(message);
