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

/// <summary>What intake puts inside the sealed box of a follow-up (version 2 to 5): more words for an existing report,
/// from version 3 a request for protection or the reporter's contact details, from version 4 files, from version 5 a
/// claim for a reward.</summary>
/// <param name="Version">Plaintext schema version: 2 for words alone, 3 when it carries <paramref name="Protection"/>
/// or <paramref name="Contact"/>, 4 when it carries <paramref name="Attachments"/>, 5 when it carries
/// <paramref name="Reward"/> (version 1 carried no <paramref name="Mac"/> and is refused).</param>
/// <param name="FollowUpId">The follow-up's id, the same as the bundle record's id.</param>
/// <param name="ReportId">The report it adds to.</param>
/// <param name="ReceivedAt">When intake received it.</param>
/// <param name="Text">The reporter's words; empty for contact details sent alone.</param>
/// <param name="Mac">The follow-up bound to the report's receipt (<see cref="FollowUpMac"/>).</param>
/// <param name="Protection">The reporter says they are threatened because of the report (version 3).</param>
/// <param name="Contact">A name and phone the reporter now gives, with consent to be contacted (version 3).</param>
/// <param name="Attachments">The files sent with the follow-up (version 4): each travels in the same bundle as a
/// <c>SealedFollowUpAttachment</c> record, and the MAC covers each one's id and header hash.</param>
/// <param name="Reward">A claim for a reward, with where to pay it (version 5).</param>
public sealed record SealedFollowUpPlaintext(
    int Version,
    Guid FollowUpId,
    Guid ReportId,
    DateTimeOffset ReceivedAt,
    string Text,
    byte[]? Mac = null,
    bool Protection = false,
    LaterContact? Contact = null,
    IReadOnlyList<FollowUpAttachment>? Attachments = null,
    RewardClaim? Reward = null
)
{
    /// <summary>The version of a follow-up of words alone, which a casework that predates version 3 still
    /// reads.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The version of a follow-up that asks for protection or gives contact details.</summary>
    public const int RequestsVersion = 3;

    /// <summary>The version of a follow-up that carries files.</summary>
    public const int AttachmentsVersion = 4;

    /// <summary>The version of a follow-up that claims a reward; a casework that predates it refuses the bundle, so
    /// intake writes it only for a claim.</summary>
    public const int RewardVersion = 5;

    /// <summary>The version intake writes for a follow-up: the older one whenever it is enough.</summary>
    public static int VersionFor(
        bool protection,
        LaterContact? contact,
        int attachments = 0,
        RewardClaim? reward = null
    ) =>
        reward is not null ? RewardVersion
        : attachments > 0 ? AttachmentsVersion
        : protection || contact is not null ? RequestsVersion
        : CurrentVersion;

    /// <summary>Whether the version is one casework reads and the fields agree with it: version 2 carries neither
    /// protection nor contact, version 4 carries files and version 5 a reward claim (with files or not), since an older
    /// MAC would not cover them; each file is named once, with a SHA-256 header hash, and a claim has every
    /// part.</summary>
    public bool IsWellFormed =>
        Version == VersionFor(Protection, Contact, Attachments?.Count ?? 0, Reward)
        && Text is not null
        && (Contact is null || (Contact.Phone is { Length: > 0 } && Contact.ContactConsent))
        && (Reward is null || Reward.IsComplete)
        && (
            Attachments is null
            || (
                Attachments.All(a => a?.HeaderHash is { Length: FollowUpAttachment.HashLength })
                && Attachments.Select(a => a.Id).Distinct().Count() == Attachments.Count
            )
        );
}

/// <summary>A file sent with a follow-up, as the follow-up names it: its id and the SHA-256 of its sealed header
/// (<c>AttachmentHeader.Hash</c>), which every chunk's authentication depends on.</summary>
/// <remarks>Security: covered by the follow-up's receipt MAC, the hash binds the file's content to the reporter's
/// follow-up, so a compromised intake can neither add a file to it nor swap one for another under the same
/// id.</remarks>
public sealed record FollowUpAttachment(Guid Id, byte[] HeaderHash)
{
    public const int HashLength = 32;
}

/// <summary>Contact details a reporter gives after the report, with their consent to be contacted: sealed to
/// casework inside a follow-up and kept there apart, like the identity given with a report.</summary>
public sealed record LaterContact(string? Name, string Phone, bool ContactConsent);

/// <summary>A reporter's claim for a reward and where to pay it: sealed to casework inside a follow-up (version 5) and
/// kept there apart, like an identity.</summary>
/// <param name="Name">The payee's name.</param>
/// <param name="Phone">The payee's phone, in national form.</param>
/// <param name="Bank">The bank the reward is paid to.</param>
/// <param name="Account">The account number there.</param>
public sealed record RewardClaim(string Name, string Phone, string Bank, string Account)
{
    /// <summary>Whether every part is there (a claim casework could pay).</summary>
    public bool IsComplete =>
        Name is { Length: > 0 } && Phone is { Length: > 0 } && Bank is { Length: > 0 } && Account is { Length: > 0 };
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
