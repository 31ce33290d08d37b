namespace Jebo.Intake.Validation;

/// <summary>Why a field was refused; each has a message in every language (see
/// <see cref="ValidationMessages"/>).</summary>
public enum ValidationCode
{
    Required,
    TooLong,
    TooMany,
    UnknownCode,
    InvalidValue,
    InvalidCharacters,
    InvalidPhone,
    NameOrPhoneRequired,
    InvalidJson,
    InvalidUtf8,
    UnknownField,
    InvalidReceipt,
    NoClue,
    InvalidProof,
    ExpiredProof,
    UnknownReceipt,
    AnonymousWithContact,
    AttachmentTooLarge,
    AttachmentType,
    AttachmentDamaged,
    AttachmentTooComplex,
    AttachmentUnchecked,
    AttachmentAsPdf,
    AttachmentTooMany,
    AttachmentsTooLarge,
    AttachmentExpired,
    FollowUpEmpty,
    AttachmentsOverTotal,
    ReportTooLarge,
    ConsentRequired,
}

/// <summary>One refused field: its JSON path, why, and the values its message names (a file name, a limit).</summary>
public sealed record FieldError(string Field, ValidationCode Code, IReadOnlyList<object> Args);

/// <summary>Field errors in the order found, keyed by JSON path.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> items = [];

    public bool IsEmpty => items.Count == 0;

    public IReadOnlyList<FieldError> Items => items;

    public void Add(string field, ValidationCode code, params object[] args) =>
        items.Add(new FieldError(field, code, args));

    public void AddRange(FieldErrors other) => items.AddRange(other.items);
}
