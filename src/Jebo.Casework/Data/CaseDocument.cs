namespace Jebo.Casework.Data;

/// <summary>An investigation document staff attached to a case (a statement, a photo taken on a visit, another body's
/// letter): kept apart from the reporter's files (<see cref="AttachmentRecord"/>), sealed to casework's own key like
/// them, and opened only by an audited download.</summary>
/// <remarks>Security: a copy of the casework database without the sealing key does not reveal the documents, and
/// keeping them in their own table means nothing of them can travel to the reporter with the reporter's
/// files.</remarks>
public sealed class CaseDocument
{
    public Guid Id { get; set; }
    public required string CaseId { get; set; }

    /// <summary>The file's name as uploaded, reduced to a plain name.</summary>
    public required string FileName { get; set; }

    /// <summary>The type the uploader's browser or client gave; the file always leaves as a download.</summary>
    public required string ContentType { get; set; }

    /// <summary>Plaintext length in bytes.</summary>
    public long Length { get; set; }

    /// <summary>SHA-256 of the plaintext (hex).</summary>
    public required string Sha256 { get; set; }

    /// <summary>The file as a sealed box to casework's public key.</summary>
    public required byte[] Sealed { get; set; }

    public DateTimeOffset AddedAt { get; set; }
    public required string AddedBy { get; set; }
    public required string AddedOffice { get; set; }
}
