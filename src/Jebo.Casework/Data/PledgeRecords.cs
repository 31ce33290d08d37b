namespace Jebo.Casework.Data;

/// <summary>One version of the confidentiality pledge, in Korean, English and Chinese. The highest version is the
/// current one; versions are only ever added (a published text is never edited), so the register can say exactly
/// what each person accepted.</summary>
public sealed class PledgeText
{
    public int Version { get; set; }

    /// <summary>The Korean text (the platform's first language).</summary>
    public required string Text { get; set; }

    public required string TextEn { get; set; }
    public required string TextZh { get; set; }

    /// <summary>The login of the national administrator who published it; null for the first text, which came with
    /// the platform.</summary>
    public string? WrittenBy { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>One acceptance of one pledge version by one member of staff: on the web by the person, or on paper,
/// entered by an administrator with the witness who saw it signed. A person accepts a version once (the key).</summary>
public sealed class PledgeAcceptance
{
    public Guid UserId { get; set; }
    public int Version { get; set; }

    /// <summary>When the person accepted it: the moment on the web; for paper, the start of the day signed (Seoul
    /// time).</summary>
    public DateTimeOffset AcceptedAt { get; set; }

    /// <summary><see cref="Web"/> or <see cref="Paper"/>.</summary>
    public required string Method { get; set; }

    /// <summary>For paper: the login of the member of staff who saw it signed; null on the web, and for a pledge the
    /// operator recorded with <c>jebo users add --pledge-signed</c>.</summary>
    public string? Witness { get; set; }

    /// <summary>For paper: who entered it (an administrator's login, or the operator's on the machine).</summary>
    public string? RecordedBy { get; set; }

    public DateTimeOffset? RecordedAt { get; set; }

    public const string Web = "web";
    public const string Paper = "paper";
}
