using System.Globalization;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Casework.Localization;

namespace Jebo.Casework.Cases;

/// <summary>One action on a case, as <c>POST /api/v1/cases/{id}/actions</c> and the staff pages send it; only the
/// fields the action uses are set. <see cref="Parse"/> turns every way a body can be wrong into a field
/// error.</summary>
public sealed record CaseActionRequest(string Action)
{
    public const int MaxReason = 1000;
    public const int MaxSummary = 4000;
    public const int MaxMessage = 2000;
    public const int MaxNote = 4000;
    public const int MaxBodyName = 200;

    /// <summary>No reward is ever above this many won, whatever the rules file says (a typo's guard).</summary>
    public const long MaxRewardAmount = 10_000_000_000;

    /// <summary>The target office of <c>assign</c> and <c>transfer</c>.</summary>
    public string? Office { get; init; }

    /// <summary>The login of the person <c>assign</c> gives the case to, in the case's office (or in
    /// <see cref="Office"/> when the case is assigned down at the same time).</summary>
    public string? Assignee { get; init; }

    /// <summary>The words of a <c>note</c>, the free note of a <c>record-contact</c>, and the progress a
    /// <c>report-progress</c> reports.</summary>
    public string? Text { get; init; }

    /// <summary>What a contact was for: <c>verification</c> (default) or <c>feedback</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>When the contact happened, when it is recorded later; now otherwise.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Why: required for <c>transfer</c>, <c>reopen</c> and a review that returns the result; the rejection
    /// reason for <c>reject</c>; optional otherwise.</summary>
    public string? Reason { get; init; }

    public string? Channel { get; init; }
    public string? Outcome { get; init; }

    /// <summary>The report whose reporter was contacted, when the case holds more than one who left a
    /// contact.</summary>
    public Guid? Report { get; init; }

    public string? Result { get; init; }

    /// <summary>The kind of body a <c>referred</c> result went to (<see cref="CaseAction.ReferralAgencies"/>).
    /// </summary>
    public string? Agency { get; init; }

    public string? Summary { get; init; }

    /// <summary><c>reclassify</c>: the corrected category code (checked against the category list by the
    /// step).</summary>
    public string? Category { get; init; }

    /// <summary><c>reclassify</c>: the corrected region code (checked against the region dataset by the
    /// step).</summary>
    public string? Region { get; init; }

    /// <summary><c>refer</c>: the name of the body the case is passed to (<c>부산지방검찰청</c>); staff read it, the
    /// reporter learns only its kind (<see cref="Agency"/>).</summary>
    public string? Name { get; init; }

    /// <summary><c>approve</c> (default) or <c>return</c> for <c>review</c>; <c>grant</c> or <c>refuse</c> for
    /// <c>decide-reward</c>.</summary>
    public string? Decision { get; init; }

    /// <summary><c>decide-reward</c>: the amount granted, in won (within the operator's rules,
    /// <c>Rewards/RewardRules</c>).</summary>
    public long? Amount { get; init; }

    public string? Message { get; init; }
    public string? Into { get; init; }

    /// <summary>The calendar day (platform time zone) by which the office above wants to hear of progress.</summary>
    public DateOnly? ProgressBy { get; init; }

    /// <summary><c>record-callback</c>: whether the reporter was reached.</summary>
    public bool? Reached { get; init; }

    /// <summary><c>record-callback</c>: the reporter's satisfaction, 1 to 5.</summary>
    public int? Satisfaction { get; init; }

    /// <summary><c>record-callback</c>: whether the reporter disputes the result.</summary>
    public bool? Disputes { get; init; }

    /// <summary><c>record-callback</c>: what the reporter said.</summary>
    public string? Comment { get; init; }

    /// <summary><c>conclude-supervision</c>: the supervising office's written assessment.</summary>
    public string? Assessment { get; init; }

    /// <summary>The audit sequence number of the step to revert.</summary>
    public long? Event { get; init; }

    /// <summary><c>ask-join</c> and <c>dismiss-related</c>: the relation between provinces (its id from
    /// <c>relatedElsewhere</c> or the <c>cross-province</c> queue), never the other case's id;
    /// <c>dismiss-duplicate</c>: the merge proposal (its id from the <c>merge-proposals</c> queue).</summary>
    public Guid? Relation { get; init; }

    /// <summary>The case version the caller saw; when given and the case has changed since, the action is refused
    /// (409).</summary>
    public int? Version { get; init; }

    /// <summary>Reads and checks a request; returns either the request or the field errors.</summary>
    public static (CaseActionRequest? Request, Dictionary<string, string[]> Errors) Parse(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors[""] = [Refusals.Text("Field.JsonAction")];
            return (null, errors);
        }

        var reader = new FieldReader(body, errors);
        var action = reader.Text("action", 64);
        if (action is null)
        {
            errors.TryAdd("action", [$"required: one of {string.Join(", ", CaseAction.All)}"]);
            return (null, errors);
        }

        if (!CaseAction.All.Contains(action))
        {
            errors["action"] =
            [
                Refusals.Text("Field.UnknownAction", Truncate(action), string.Join(", ", CaseAction.All)),
            ];
            return (null, errors);
        }

        var request = new CaseActionRequest(action)
        {
            Reason = reader.Text("reason", MaxReason),
            Version = reader.Integer("version", 0, int.MaxValue) is { } v ? (int)v : null,
        };
        switch (action)
        {
            case CaseAction.Reject:
                // CONTRACT.md fixes a bare {"action": "reject"}: a reason is asked for, not required.
                request = request with
                {
                    Reason = reader.OneOf("reason", CaseAction.RejectionReasons, required: false)
                        ?? CaseAction.ReasonNotGiven,
                };
                break;
            case CaseAction.Assign:
                var assignee = reader.Text("assignee", 64);
                request = request with
                {
                    Office = reader.Text("office", 16, required: assignee is null && !errors.ContainsKey("assignee")),
                    Assignee = assignee,
                };
                break;
            case CaseAction.Note:
                request = request with { Text = reader.Text("text", MaxNote, required: true) };
                break;
            case CaseAction.Transfer:
                request = request with
                {
                    Office = reader.Text("office", 16, required: true),
                    Reason = reader.Text("reason", MaxReason, required: true),
                };
                break;
            case CaseAction.RecordContact:
                request = request with
                {
                    Channel = reader.OneOf("channel", CaseAction.ContactChannels, required: true),
                    Outcome = reader.OneOf("outcome", ContactOutcome.All, required: true),
                    Purpose = reader.OneOf("purpose", CaseAction.ContactPurposes, required: false)
                        ?? CaseAction.ContactVerification,
                    At = reader.Time("at"),
                    Text = reader.Text("note", MaxNote),
                    Report = reader.Guid("report"),
                };
                break;
            case CaseAction.RecordResult:
                request = request with
                {
                    Result = reader.OneOf("result", CaseAction.Results, required: true),
                    Agency = ReferralAgency(reader, errors, body),
                    Summary = reader.Text("summary", MaxSummary, required: true),
                };
                break;
            case CaseAction.Review:
                var decision = reader.OneOf(
                    "decision",
                    [CaseAction.ReviewApprove, CaseAction.ReviewReturn],
                    required: false
                ) ?? CaseAction.ReviewApprove;
                request = request with
                {
                    Decision = decision,
                    Reason = reader.Text("reason", MaxReason, required: decision == CaseAction.ReviewReturn),
                };
                break;
            case CaseAction.DecideReward:
                // A grant names its amount and a refusal its reason, which the reporter reads.
                var reward = reader.OneOf("decision", CaseAction.RewardDecisions, required: true);
                request = request with
                {
                    Decision = reward,
                    Amount = reader.Integer("amount", 1, MaxRewardAmount, required: reward == CaseAction.RewardGrant),
                    Reason = reader.Text("reason", MaxReason, required: reward == CaseAction.RewardRefuse),
                };
                if (reward == CaseAction.RewardRefuse && request.Amount is not null)
                {
                    errors["amount"] = [Refusals.Text("Field.RefusalNoAmount")];
                }

                break;
            case CaseAction.PublishStatus:
                request = request with { Message = reader.Text("message", MaxMessage, required: true) };
                break;
            case CaseAction.AskJoin or CaseAction.DismissRelated or CaseAction.DismissDuplicate:
                request = request with
                {
                    Relation = reader.Guid("relation", required: true),
                    Reason = reader.Text("reason", MaxReason, required: true),
                };
                break;
            case CaseAction.Merge:
                request = request with { Into = reader.Text("into", 20, required: true)?.ToUpperInvariant() };
                break;
            case CaseAction.Supervise:
                request = request with { ProgressBy = reader.Date("progressBy") };
                break;
            case CaseAction.RecordCallback:
                var reached = reader.Boolean("reached", required: true);
                request = request with
                {
                    Reached = reached,
                    Channel = reader.OneOf("channel", CaseAction.ContactChannels, required: true),
                    // Only a reporter who was reached can say how satisfied they are or dispute the result.
                    Satisfaction = reader.Integer("satisfaction", 1, 5, required: reached == true) is { } score
                        ? (int)score
                        : null,
                    Disputes = reader.Boolean("disputes", required: false) ?? false,
                    Comment = reader.Text("comment", MaxSummary),
                };
                if (reached == false && (request.Satisfaction is not null || request.Disputes == true))
                {
                    errors["reached"] = [Refusals.Text("Field.NotReached")];
                }

                break;
            case CaseAction.ReportProgress:
                request = request with { Text = reader.Text("text", MaxSummary, required: true) };
                break;
            case CaseAction.ConcludeSupervision:
                request = request with { Assessment = reader.Text("assessment", MaxSummary, required: true) };
                break;
            case CaseAction.Reopen:
                request = request with { Reason = reader.Text("reason", MaxReason, required: false) };
                break;
            case CaseAction.Reclassify:
                // A correction says why: the trail keeps the reason beside the values before and after.
                request = request with
                {
                    Category = reader.Text("category", 64),
                    Region = reader.Text("region", 16),
                    Reason = reader.Text("reason", MaxReason, required: true),
                };
                if (request.Category is null && request.Region is null && !errors.ContainsKey("category"))
                {
                    errors.TryAdd("category", [Refusals.Text("Field.ReclassifyNothing")]);
                }

                break;
            case CaseAction.Refer:
                request = request with
                {
                    Agency = reader.OneOf("agency", CaseAction.ReferralAgencies, required: true),
                    Name = reader.Text("name", MaxBodyName, required: true),
                    Reason = reader.Text("reason", MaxReason, required: true),
                };
                break;
            case CaseAction.Revert:
                // Undoing a step is a decision someone answers for: the reason is kept beside it in the trail.
                request = request with
                {
                    Event = reader.Integer("event", 1, long.MaxValue, required: true),
                    Reason = reader.Text("reason", MaxReason, required: true),
                };
                break;
        }

        return errors.Count == 0 ? (request, errors) : (null, errors);
    }

    /// <summary>A <c>referred</c> result names the kind of body it went to; any other result names none.</summary>
    private static string? ReferralAgency(FieldReader reader, Dictionary<string, string[]> errors, JsonElement body)
    {
        var referred =
            body.TryGetProperty("result", out var result)
            && result.ValueKind == JsonValueKind.String
            && result.GetString()?.Trim() == Jebo.Transfer.Status.PublicResult.Referred;
        var agency = reader.OneOf("agency", CaseAction.ReferralAgencies, required: referred);
        if (!referred && agency is not null)
        {
            errors["agency"] = [Refusals.Text("Field.AgencyOnlyReferred")];
            return null;
        }

        return agency;
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Reads typed fields of a JSON object, noting a field error for each one that is missing or
    /// wrong.</summary>
    private sealed class FieldReader(JsonElement body, Dictionary<string, string[]> errors)
    {
        public string? Text(string name, int maxLength, bool required = false)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return Missing(name, required);
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                errors[name] = [Refusals.Text("Field.String")];
                return null;
            }

            var text = value.GetString()!.Trim();
            if (text.Length == 0)
            {
                return Missing(name, required);
            }

            if (text.Length > maxLength)
            {
                errors[name] = [Refusals.Text("Field.TooLong", maxLength)];
                return null;
            }

            if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                errors[name] = [Refusals.Text("Field.Control")];
                return null;
            }

            return text;
        }

        public string? OneOf(string name, IReadOnlyList<string> allowed, bool required)
        {
            var text = Text(name, 64, required);
            if (text is not null && !allowed.Contains(text))
            {
                errors[name] = [Refusals.Text("Field.OneOf", string.Join(", ", allowed))];
                return null;
            }

            return text;
        }

        public long? Integer(string name, long min, long max, bool required = false)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Missing(name, required);
                return null;
            }

            // A number, or its digits as a string (an audit sequence copied from a page).
            long number;
            var ok = value.ValueKind switch
            {
                JsonValueKind.Number => value.TryGetInt64(out number),
                JsonValueKind.String => long.TryParse(
                    value.GetString(),
                    NumberStyles.None,
                    CultureInfo.InvariantCulture,
                    out number
                ),
                _ => (number = 0) != 0,
            };
            if (!ok || number < min || number > max)
            {
                errors[name] =
                [
                    max == long.MaxValue
                        ? string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min}")
                        : string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}"),
                ];
                return null;
            }

            return number;
        }

        /// <summary>A JSON boolean, or <c>true</c>/<c>false</c> as a string (a form's field).</summary>
        public bool? Boolean(string name, bool required)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Missing(name, required);
                return null;
            }

            bool? parsed = value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => value.GetString()?.Trim() switch
                {
                    "true" => true,
                    "false" => false,
                    _ => null,
                },
                _ => null,
            };
            if (parsed is null)
            {
                errors[name] = [Refusals.Text("Field.Boolean")];
            }

            return parsed;
        }

        public Guid? Guid(string name, bool required = false)
        {
            var text = Text(name, 64, required);
            if (text is null)
            {
                return null;
            }

            if (System.Guid.TryParse(text, out var id))
            {
                return id;
            }

            errors[name] = [Refusals.Text(name == "relation" ? "Field.RelationId" : "Field.ReportId")];
            return null;
        }

        public DateTimeOffset? Time(string name)
        {
            var text = Text(name, 40);
            if (text is null)
            {
                return null;
            }

            // An ISO 8601 time with its offset: "2026-12-06T14:30:00+09:00" as a clerk's tool writes it.
            if (
                text.Contains('T', StringComparison.Ordinal)
                && DateTimeOffset.TryParse(
                    text,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var at
                )
                && (text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text))
            )
            {
                return at;
            }

            errors[name] = [Refusals.Text("Field.Instant")];
            return null;
        }

        private static bool HasOffset(string text) => text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';

        public DateOnly? Date(string name)
        {
            var text = Text(name, 10);
            if (text is null)
            {
                return null;
            }

            if (
                DateOnly.TryParseExact(
                    text,
                    "yyyy-MM-dd",
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.None,
                    out var date
                )
            )
            {
                return date;
            }

            errors[name] = [Refusals.Text("Field.Date")];
            return null;
        }

        private string? Missing(string name, bool required)
        {
            if (required)
            {
                errors.TryAdd(name, [Refusals.Text("Field.Required")]);
            }

            return null;
        }
    }
}
