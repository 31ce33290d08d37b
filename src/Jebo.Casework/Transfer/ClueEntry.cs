using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Feedback;
using Jebo.Casework.Localization;
using Jebo.Casework.Screening;
using Jebo.Casework.Search;
using Jebo.Casework.Staff;
using Jebo.Reference.Categories;
using Jebo.Reference.Regions;
using Jebo.Transfer.Feedback;
using Jebo.Transfer.Receipts;
using Jebo.Transfer.Reports;

namespace Jebo.Casework.Transfer;

/// <summary>What a hand-entered clue answers: the new case, or the field errors; and the receipt to hand to the person
/// when one was asked for, shown this once and kept nowhere.</summary>
public sealed record ClueEntryOutcome(string? CaseId, Dictionary<string, string[]> Errors, string? Receipt = null);

/// <summary>
/// <c>POST /api/v1/cases</c> and the staff page's form: a clue received by phone, letter, visit or from another agency,
/// entered by hand. It takes the path of a report imported from intake from the opening on — the same case, report row
/// and identity apart (<see cref="ReportBundleWriter"/>), routed to the province of its region, screened
/// (<see cref="ClueScreening"/>) and created in the trail (<c>case.created</c>, by the person who entered it, with the
/// source) — so nothing downstream can tell it apart except by its <see cref="CaseRecord.Source"/>.
/// </summary>
/// <remarks>Security: the reporter's choices are the public form's (<see cref="ReporterChoices"/>): a name or phone
/// given while anonymous is refused, and the contact deadline runs only for a phone given with consent. The clue is
/// entered as the person who took it, and the trail names them.
/// <para>Asked for a receipt (<c>"receipt": true</c>), casework draws one exactly as intake does
/// (<see cref="Receipt.New"/>), keeps only what intake would send it — the feedback key derived from it — and the
/// receipt's one-way registration, which the status outbox carries to intake (<see cref="ReceiptRegistration"/>), and
/// answers the receipt once, to be handed over. The trail says that a receipt was issued
/// (<c>receipt.issued</c>), never the receipt: whoever holds it reads the office's messages to the reporter and may
/// write as the reporter.</para></remarks>
public sealed class ClueEntry(
    CaseworkDb db,
    ReportBundleWriter writer,
    AuditLog audit,
    StatusPublication publication,
    ClueScreening screening,
    RepetitionWatch repetition,
    CategoryList categories,
    RegionDataset regions,
    TimeProvider time
)
{
    /// <summary>The ways a clue reaches an office other than the public portal (CONTRACT.md).</summary>
    public static readonly IReadOnlyList<string> Sources = ["phone", "letter", "visit", "agency", "other"];

    public const int MaxDescription = 20_000;
    public const int MaxShortText = 200;
    public const int MaxLongText = 4_000;
    public const int MaxPeople = 20;

    public async Task<ClueEntryOutcome> EnterAsync(
        StaffPrincipal staff,
        JsonElement body,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var (report, source, receivedAt, issueReceipt) = Read(body, errors, now);
        if (report is null || errors.Count > 0)
        {
            return new ClueEntryOutcome(null, errors);
        }

        Check(report, errors);
        if (errors.Count > 0)
        {
            return new ClueEntryOutcome(null, errors);
        }

        // Without a receipt, messages are sealed to a key nobody holds: the office answers such a reporter by the way
        // the clue came. With one, the key is the receipt's, as in a report from the portal.
        Receipt? receipt = issueReceipt ? Receipt.New() : null;
        var feedbackKey = receipt is { } issued
            ? ReceiptDerivation.FeedbackKey(issued)
            : RandomNumberGenerator.GetBytes(FeedbackCipher.KeyLength);
        var opened = OpenedReport.Of(new SealedReportPlaintext(1, Guid.NewGuid(), receivedAt, feedbackKey, report, []));
        string caseId;
        await using (var transaction = await WriteTransaction.BeginAsync(db, cancellationToken))
        {
            var (caseRecord, record, identity) = writer.NewCase(opened, 0, now);
            caseRecord.Source = source!;
            record.ReceiptRegistration = receipt is { } handed ? ReceiptDerivation.Registration(handed) : null;
            db.Cases.Add(caseRecord);
            db.Reports.Add(record);
            if (identity is not null)
            {
                db.ReporterIdentities.Add(identity);
            }

            await audit.AppendAsync(
                staff.Login,
                staff.OfficeCode,
                AuditActions.CaseCreated,
                caseRecord.Id,
                new
                {
                    reportId = record.Id,
                    office = caseRecord.OfficeCode,
                    source,
                    receivedAt,
                },
                cancellationToken
            );
            if (receipt is not null)
            {
                await audit.AppendAsync(
                    staff.Login,
                    staff.OfficeCode,
                    AuditActions.ReceiptIssued,
                    caseRecord.Id,
                    new { reportId = record.Id },
                    cancellationToken
                );
                // The next status bundle registers the receipt at intake, with the case's status.
                await publication.QueueAsync([record.Id], now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await SearchIndexing.AddAsync(db, [(record.Id, opened.SearchTerms)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            caseId = caseRecord.Id;
        }

        db.ChangeTracker.Clear();
        await screening.ScreenPendingAsync(cancellationToken);
        await repetition.RunAsync(cancellationToken);
        return new ClueEntryOutcome(caseId, errors, receipt?.ToString());
    }

    private static (ReportContent? Report, string? Source, DateTimeOffset ReceivedAt, bool Receipt) Read(
        JsonElement body,
        Dictionary<string, string[]> errors,
        DateTimeOffset now
    )
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors[""] = [Refusals.Text("Field.ClueObject")];
            return (null, null, now, false);
        }

        var receipt = false;
        if (body.TryGetProperty("receipt", out var asked) && asked.ValueKind != JsonValueKind.Null)
        {
            if (asked.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                receipt = asked.GetBoolean();
            }
            else
            {
                errors["receipt"] = [Refusals.Text("Field.Boolean")];
            }
        }

        string? source = null;
        if (!body.TryGetProperty("source", out var sourceValue) || sourceValue.ValueKind != JsonValueKind.String)
        {
            errors["source"] = [Refusals.Text("Field.RequiredOneOf", string.Join(", ", Sources))];
        }
        else if (sourceValue.GetString() is { } given && Sources.Contains(given.Trim()))
        {
            source = given.Trim();
        }
        else
        {
            errors["source"] = [Refusals.Text("Field.OneOf", string.Join(", ", Sources))];
        }

        var receivedAt = now;
        if (body.TryGetProperty("receivedAt", out var at) && at.ValueKind != JsonValueKind.Null)
        {
            if (
                at.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(
                    at.GetString(),
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out receivedAt
                )
            )
            {
                errors["receivedAt"] = [Refusals.Text("Field.Instant")];
                receivedAt = now;
            }
            else if (receivedAt > now.AddMinutes(5))
            {
                errors["receivedAt"] = [Refusals.Text("Field.FutureClue")];
            }
            else if (receivedAt < now.AddYears(-1))
            {
                errors["receivedAt"] = [Refusals.Text("Field.OldClue")];
            }
        }

        try
        {
            return (body.Deserialize<ReportContent>(TransferJson.Options), source, receivedAt, receipt);
        }
        catch (JsonException)
        {
            errors[""] = [Refusals.Text("Field.ReportShape")];
            return (null, source, receivedAt, receipt);
        }
    }

    /// <summary>The checks of the public API's report (intake's <c>ReportValidator</c>), which casework cannot call
    /// across the zones: the same limits and the same reporter rule.</summary>
    private void Check(ReportContent report, Dictionary<string, string[]> errors)
    {
        if (report.Language is { } language && language is not ("ko" or "en" or "zh"))
        {
            errors["language"] = [Refusals.Text("Field.OneOf", "ko, en, zh")];
        }

        if (report.Category is { Length: > 0 } category && !categories.IsKnown(category))
        {
            errors["category"] = [Refusals.Text("Field.Category")];
        }

        if (report.Region is { Length: > 0 } region && !regions.IsKnown(region))
        {
            errors["region"] = [Refusals.Text("Field.Region")];
        }

        foreach (var field in ReporterChoices.ContactWhileAnonymous(report.Reporter))
        {
            errors["reporter." + field] =
            [
                "the reporter chose to stay anonymous: leave out the name and phone, or record them as named",
            ];
        }

        if (report.Reporter is { Anonymous: false } reporter)
        {
            if (string.IsNullOrWhiteSpace(reporter.Name) && string.IsNullOrWhiteSpace(reporter.Phone))
            {
                errors["reporter.name"] = [Refusals.Text("Field.NamedReporter")];
            }

            Text(errors, "reporter.name", reporter.Name, MaxShortText);
            if (reporter.Phone is { Length: > 0 } phone && !ReporterChoices.IsPhone(phone))
            {
                errors["reporter.phone"] = [Refusals.Text("Field.Phone")];
            }
        }

        if ((report.Subjects?.Count ?? 0) > MaxPeople || (report.Officials?.Count ?? 0) > MaxPeople)
        {
            errors["subjects"] = [Refusals.Text("Field.People", MaxPeople)];
        }

        foreach (var (s, i) in (report.Subjects ?? []).Select((s, i) => (s, i)))
        {
            Text(errors, $"subjects[{i}].name", s?.Name, MaxShortText);
            Text(errors, $"subjects[{i}].description", s?.Description, MaxLongText);
        }

        foreach (var (o, i) in (report.Officials ?? []).Select((o, i) => (o, i)))
        {
            Text(errors, $"officials[{i}].name", o?.Name, MaxShortText);
            Text(errors, $"officials[{i}].description", o?.Description, MaxLongText);
        }

        Text(errors, "facts.when", report.Facts?.When, MaxShortText);
        Text(errors, "facts.where", report.Facts?.Where, MaxShortText);
        if (string.IsNullOrWhiteSpace(report.Facts?.Description))
        {
            errors["facts.description"] = [Refusals.Text("Field.Required")];
        }
        else
        {
            Text(errors, "facts.description", report.Facts.Description, MaxDescription);
        }
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > max)
        {
            errors[field] = [Refusals.Text("Field.TooLong", max)];
        }
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors[field] = [Refusals.Text("Field.Control")];
        }
    }
}
