using System.Buffers.Binary;
using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>A box of an ISO base media file held in memory: its type, where it starts, how long its header is and where
/// it ends (offsets into the whole file).</summary>
public readonly record struct IsoBox(string Type, int Start, int HeaderLength, int End)
{
    public int ContentStart => Start + HeaderLength;

    public int ContentLength => End - ContentStart;

    /// <summary>The boxes laid one after another in <c>file[from..to]</c>. Reads one level only: a caller that wants a
    /// child's children asks again, by name, so the file's nesting never deepens the call stack.</summary>
    /// <param name="file">The whole file.</param>
    /// <param name="from">Where the first box starts.</param>
    /// <param name="to">Where the last box must end.</param>
    /// <param name="budget">Counts the boxes against the limits.</param>
    /// <param name="untilDamage">True at the top level: what follows the last well-formed box is left unread (it is
    /// never copied; Samsung phones append a non-box trailer there) instead of refusing the file.</param>
    public static List<IsoBox> Read(
        ReadOnlySpan<byte> file,
        int from,
        int to,
        CleaningBudget budget,
        bool untilDamage = false
    )
    {
        var boxes = new List<IsoBox>();
        var at = from;
        while (at < to)
        {
            budget.Structure();
            if (to - at < 8)
            {
                // QuickTime ends some containers with four zero bytes.
                if (untilDamage || file[at..to].IndexOfAnyExcept((byte)0) < 0)
                {
                    break;
                }

                throw new UncleanableFileException("a box is cut short");
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(file[at..]);
            var type = Encoding.Latin1.GetString(file.Slice(at + 4, 4));
            var headerLength = 8;
            if (size == 1)
            {
                if (to - at < 16)
                {
                    return untilDamage ? boxes : throw new UncleanableFileException("a box is cut short");
                }

                size = BinaryPrimitives.ReadInt64BigEndian(file[(at + 8)..]);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = to - at;
            }

            if (size < headerLength || size > to - at)
            {
                if (untilDamage && boxes.Count > 0)
                {
                    break;
                }

                throw new UncleanableFileException($"a {Printable(type)} box has an impossible size");
            }

            boxes.Add(new IsoBox(type, at, headerLength, at + (int)size));
            at += (int)size;
        }

        return boxes;
    }

    /// <summary>The children of a container box, after <paramref name="skip"/> bytes of its own fields.</summary>
    public List<IsoBox> Children(ReadOnlySpan<byte> file, CleaningBudget budget, int skip = 0) =>
        ContentLength < skip
            ? throw new UncleanableFileException($"a {Printable(Type)} box is cut short")
            : Read(file, ContentStart + skip, End, budget);

    /// <summary>A box type fit to put in a message (types are four bytes of anything).</summary>
    public static string Printable(string type) => type.All(char.IsAsciiLetterOrDigit) ? type : "malformed";
}

/// <summary>Reads big-endian fields from a box's content, refusing a read past its end.</summary>
public ref struct IsoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;

    public int Position { get; private set; }

    public readonly int Remaining => data.Length - Position;

    public uint U8() => (uint)Take(1)[0];

    public uint U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    /// <summary>An unsigned field of 0, 1, 2, 4 or 8 bytes (0 reads as 0).</summary>
    public long Sized(int size) =>
        size switch
        {
            0 => 0,
            1 => U8(),
            2 => U16(),
            4 => U32(),
            8 => BinaryPrimitives.ReadInt64BigEndian(Take(8)) is var v and >= 0
                ? v
                : throw new UncleanableFileException("a field holds an impossible value"),
            _ => throw new UncleanableFileException("a field has an unknown size"),
        };

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new UncleanableFileException("a box's fields are cut short");
        }

        var piece = data.Slice(Position, count);
        Position += count;
        return piece;
    }

    /// <summary>A count of entries of <paramref name="entrySize"/> bytes each, checked against the bytes that follow,
    /// so a table can never claim more entries than it holds.</summary>
    public int Count(int width, int entrySize)
    {
        var count = Sized(width);
        return count > Remaining / Math.Max(entrySize, 1)
            ? throw new UncleanableFileException("a table claims more entries than it holds")
            : (int)count;
    }
}

/// <summary>The cleaned file's boxes before its media: a growing buffer with boxes whose sizes are filled in when they
/// end.</summary>
public sealed class IsoBuffer
{
    private byte[] data = new byte[64 * 1024];

    public int Length { get; private set; }

    public Span<byte> Written => data.AsSpan(0, Length);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > data.Length)
        {
            Array.Resize(ref data, Math.Max(data.Length * 2, Length + bytes.Length));
        }

        bytes.CopyTo(data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void U8(uint value) => Write([(byte)value]);

    public void U16(uint value) => Write([(byte)(value >> 8), (byte)value]);

    public void U32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Write(bytes);
    }

    public void Zeros(int count)
    {
        Span<byte> zeros = stackalloc byte[16];
        for (; count > 0; count -= 16)
        {
            Write(zeros[..Math.Min(16, count)]);
        }
    }

    /// <summary>Starts a box; returns the mark <see cref="End"/> needs.</summary>
    public int Begin(string type)
    {
        var mark = Length;
        U32(0);
        Write(Encoding.Latin1.GetBytes(type));
        return mark;
    }

    /// <summary>Starts a full box (version and flags).</summary>
    public int BeginFull(string type, uint version, uint flags = 0)
    {
        var mark = Begin(type);
        U32((version << 24) | (flags & 0xFFFFFF));
        return mark;
    }

    public void End(int mark) => BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(mark), (uint)(Length - mark));

    /// <summary>Writes a whole box: header and content.</summary>
    public void Box(string type, ReadOnlySpan<byte> content)
    {
        var mark = Begin(type);
        Write(content);
        End(mark);
    }
}
