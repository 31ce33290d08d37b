using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jebo.Transfer.Reports;

/// <summary>What intake puts inside the sealed box of a report (version 1).</summary>
/// <param name="Version">Plaintext schema version.</param>
/// <param name="ReportId">The report's id, the same as the bundle record's id (checked by casework).</param>
/// <param name="ReceivedAt">When intake committed it.</param>
/// <param name="FeedbackKey">The receipt-derived key casework encrypts messages to the reporter with.</param>
/// <param name="Report">The report as given.</param>
/// <param name="Marks">Intake's spam and abuse signals, each a short code with a reason (e.g. <c>links:12</c>).</param>
/// <param name="Attachments">The ids of the files sent with the report; each travels in the same bundle as a
/// <c>SealedAttachment</c> record, and casework refuses a bundle where the two lists differ.</param>
public sealed record SealedReportPlaintext(
    int Version,
    Guid ReportId,
    DateTimeOffset ReceivedAt,
    byte[] FeedbackKey,
    ReportContent Report,
    IReadOnlyList<string> Marks,
    IReadOnlyList<Guid>? Attachments = null
);

/// <summary>What intake puts inside the sealed box of a follow-up (version 2): more words for an existing
/// report.</summary>
/// <param name="Version">Plaintext schema version: 2 (version 1 carried no <paramref name="Mac"/> and is
/// refused).</param>
/// <param name="FollowUpId">The follow-up's id, the same as the bundle record's id.</param>
/// <param name="ReportId">The report it adds to.</param>
/// <param name="ReceivedAt">When intake received it.</param>
/// <param name="Text">The reporter's words.</param>
/// <param name="Mac">The follow-up bound to the report's receipt (<see cref="FollowUpMac"/>).</param>
public sealed record SealedFollowUpPlaintext(
    int Version,
    Guid FollowUpId,
    Guid ReportId,
    DateTimeOffset ReceivedAt,
    string Text,
    byte[]? Mac = null
)
{
    public const int CurrentVersion = 2;
}

/// <summary>The JSON settings of every document that crosses between the zones.</summary>
public static class TransferJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new JsonException($"empty {typeof(T).Name}");
}
