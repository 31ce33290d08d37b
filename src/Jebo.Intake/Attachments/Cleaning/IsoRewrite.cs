using System.Buffers.Binary;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>A cleaned ISO media file as it is built: the boxes before the media (<see cref="Header"/>), and the pieces
/// of media the kept tracks and picture items point at. Writes them as the header followed by one new <c>mdat</c> that
/// holds those pieces only, in their original order, with every chunk and item offset pointed at its new
/// place.</summary>
/// <remarks>
/// Privacy: nothing of the original media boxes is copied but the pieces a kept track or item names, so samples of
/// dropped tracks (subtitles, GPS), unreferenced bytes and anything hidden between samples are left behind. A piece
/// must lie inside a media box (<c>mdat</c>, or a HEIF <c>idat</c>) and may not overlap another, so no offset can reach
/// into metadata and the output can never be larger than the input.
/// </remarks>
public sealed class IsoRewrite(byte[] file, CleaningBudget budget, List<(int Start, int End)> mediaBoxes)
{
    private readonly List<(int Source, int Length)> pieces = [];
    private readonly List<(int At, int Width, int Piece)> offsets = [];

    public byte[] File { get; } = file;

    public CleaningBudget Budget { get; } = budget;

    public IsoBuffer Header { get; } = new();

    /// <summary>Children of a box of the original file.</summary>
    public List<IsoBox> Children(IsoBox box, int skip = 0) => box.Children(File, Budget, skip);

    /// <summary>The content of a box of the original file.</summary>
    public ReadOnlySpan<byte> Content(IsoBox box) => File.AsSpan(box.ContentStart, box.ContentLength);

    /// <summary>Writes into the header a <paramref name="width"/>-byte offset that will point at this piece of media
    /// once the new <c>mdat</c> is laid out.</summary>
    public void Offset(long source, long length, int width)
    {
        if (source < 0 || length < 0 || source + length > File.Length)
        {
            throw new UncleanableFileException("media is said to lie outside the file");
        }

        offsets.Add((Header.Length, width, pieces.Count));
        pieces.Add(((int)source, (int)length));
        Header.Zeros(width);
    }

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        var order = Enumerable
            .Range(0, pieces.Count)
            .OrderBy(i => pieces[i].Source)
            .ThenBy(i => pieces[i].Length)
            .ToArray();
        var placed = new long[pieces.Count];
        var media = mediaBoxes.OrderBy(m => m.Start).ToList();
        var box = 0;
        var previousEnd = 0;
        long total = 0;
        foreach (var i in order)
        {
            Budget.Work();
            var (source, length) = pieces[i];
            while (box < media.Count && (media[box].End < source || (media[box].End == source && length > 0)))
            {
                box++;
            }

            if (box == media.Count || source < media[box].Start || source + length > media[box].End)
            {
                throw new UncleanableFileException("a track or picture points outside the media data");
            }

            if (source < previousEnd)
            {
                throw new UncleanableFileException("two pieces of media claim the same bytes");
            }

            previousEnd = source + length;
            placed[i] = total;
            total += length;
        }

        var mdatHeader = total + 8 > uint.MaxValue ? 16 : 8;
        long start = Header.Length + mdatHeader;
        foreach (var (at, width, piece) in offsets)
        {
            var value = start + placed[piece];
            if (width == 4)
            {
                BinaryPrimitives.WriteUInt32BigEndian(
                    Header.Written[at..],
                    value <= uint.MaxValue
                        ? (uint)value
                        : throw UncleanableFileException.TooComplex("the file is too large to rewrite")
                );
            }
            else
            {
                BinaryPrimitives.WriteInt64BigEndian(Header.Written[at..], value);
            }
        }

        await output.WriteAsync(Header.Written.ToArray(), cancellationToken);
        var header = new byte[mdatHeader];
        if (mdatHeader == 8)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(total + 8));
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, 1);
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(8), total + 16);
        }

        "mdat"u8.CopyTo(header.AsSpan(4));
        await output.WriteAsync(header, cancellationToken);
        foreach (var i in order)
        {
            var (source, length) = pieces[i];
            await output.WriteAsync(File.AsMemory(source, length), cancellationToken);
        }
    }
}
