using System.Text;
using Jebo.Intake.Validation;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>The one place that says which cleaner a kind of file goes through, and which failures mean "refuse this
/// file" rather than a fault of the zone.</summary>
public static class AttachmentCleaners
{
    /// <summary>Reads <paramref name="source"/> to its end and writes the cleaned file to <paramref name="sink"/>;
    /// throws when the file cannot be cleaned with certainty (see <see cref="IsRefusal"/>).</summary>
    public static async Task CleanAsync(
        AttachmentKind kind,
        ByteSource source,
        Stream sink,
        CancellationToken cancellationToken
    )
    {
        switch (kind)
        {
            case AttachmentKind.Jpeg:
                await JpegCleaner.CleanAsync(source, sink, cancellationToken);
                break;
            case AttachmentKind.Png:
                await PngCleaner.CleanAsync(source, sink, cancellationToken);
                break;
            case AttachmentKind.Gif:
                await GifCleaner.CleanAsync(source, sink, cancellationToken);
                break;
            case AttachmentKind.WebP:
                await WebpCleaner.CleanAsync(source, sink, cancellationToken);
                break;
            case AttachmentKind.Heif or AttachmentKind.Video or AttachmentKind.Audio:
                await IsoMediaCleaner.CleanAsync(source, sink, kind == AttachmentKind.Heif, cancellationToken);
                break;
            case AttachmentKind.Text:
                var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
                var chars = new char[source.Buffered.Length + 16];
                await source.CopyRestAsync(sink, cancellationToken, (piece, _) =>
                {
                    if (!TextCheck.IsPlain(piece.Span))
                    {
                        throw new UncleanableFileException("the text file holds binary data");
                    }

                    if (chars.Length < piece.Length + 16)
                    {
                        chars = new char[piece.Length + 16];
                    }

                    decoder.GetChars(piece.Span, chars, flush: false);
                });
                decoder.GetChars([], chars, flush: true);
                break;
            case AttachmentKind.Mp3:
                await Mp3Cleaner.CleanAsync(source, sink, cancellationToken);
                break;
            case AttachmentKind.Amr:
                await AmrCleaner.CleanAsync(source, sink, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"{kind} files are cleaned by mat2 (see ByMat2), not here");
        }
    }

    /// <summary>The kinds mat2 cleans, run by <see cref="Isolation.Mat2Cleaner"/> in its own sandbox rather than by a
    /// cleaner of ours (docs/cleaning.md says why each).</summary>
    public static bool ByMat2(AttachmentKind kind) => kind is AttachmentKind.Pdf or AttachmentKind.Office;

    /// <summary>Whether a cleaner's exception means the file is malformed, whichever way the parser met it: the file is
    /// refused whole.</summary>
    public static bool IsRefusal(Exception e) =>
        e
            is UncleanableFileException
                or InvalidDataException
                or ArgumentException
                or IndexOutOfRangeException
                or OverflowException
                or DecoderFallbackException;

    /// <summary>What the reporter is told about a refused file (<see cref="IsRefusal"/>): too elaborate to check (past
    /// a depth, count or size limit) or damaged.</summary>
    public static ValidationCode RefusalOf(Exception e) =>
        e is UncleanableFileException { BeyondLimits: true }
            ? ValidationCode.AttachmentTooComplex
            : ValidationCode.AttachmentDamaged;
}
