namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>MP3 (MPEG-1, 2 and 2.5 Layer III): keeps the audio frames and nothing else. ID3v2 tags before the first
/// frame are skipped, and whatever follows the last whole frame (ID3v1, APE and Lyrics tags, appended ID3v2, any other
/// data) is dropped. A file that does not start with frames after its tags, or uses free-format bit rates, is
/// refused.</summary>
/// <remarks>Ours rather than mat2's: mat2 0.13.3 removes ID3 tags but leaves APEv2 tags and trailing data in place
/// (docs/cleaning.md).</remarks>
public static class Mp3Cleaner
{
    private static readonly int[] Mpeg1Rates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
    private static readonly int[] Mpeg2Rates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];
    private static readonly int[] Mpeg1Samples = [44100, 48000, 32000, 0];

    /// <summary>At most this many ID3v2 tags are skipped before the first frame.</summary>
    private const int MaxLeadingTags = 4;

    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var frame = new byte[2048];
        var frames = 0;
        var tags = 0;
        while (true)
        {
            var got = await ReadUpToAsync(source, frame.AsMemory(0, 4), cancellationToken);
            if (got == 0 || (got < 4 && frames > 0))
            {
                break;
            }

            if (got == 4 && FrameLength(frame) is { } length)
            {
                if (await ReadUpToAsync(source, frame.AsMemory(4, length - 4), cancellationToken) < length - 4)
                {
                    // A last frame cut short (a recording stopped mid-write) is dropped, not refused.
                    break;
                }

                await output.WriteAsync(frame.AsMemory(0, length), cancellationToken);
                frames++;
            }
            else if (frames == 0 && got == 4 && frame.AsSpan(0, 3).SequenceEqual("ID3"u8) && ++tags <= MaxLeadingTags)
            {
                await source.ReadExactlyAsync(frame.AsMemory(4, 6), cancellationToken);
                if ((frame[6] | frame[7] | frame[8] | frame[9]) >= 0x80)
                {
                    throw new UncleanableFileException("an ID3 tag with a malformed size");
                }

                var size = (frame[6] << 21) | (frame[7] << 14) | (frame[8] << 7) | frame[9];
                await source.SkipAsync(size + ((frame[5] & 0x10) != 0 ? 10 : 0), cancellationToken);
            }
            else if (frames > 0)
            {
                // After the audio: tags or anything else, never kept.
                await source.SkipRestAsync(cancellationToken);
                break;
            }
            else
            {
                throw new UncleanableFileException("the MP3 does not start with audio frames");
            }
        }

        if (frames == 0)
        {
            throw new UncleanableFileException("an MP3 without audio frames");
        }
    }

    /// <summary>The whole length of the Layer III frame whose header starts <paramref name="header"/>, or
    /// null.</summary>
    public static int? FrameLength(ReadOnlySpan<byte> header)
    {
        if (header[0] != 0xFF || (header[1] & 0xE0) != 0xE0 || ((header[1] >> 1) & 3) != 1)
        {
            return null;
        }

        var version = (header[1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
        var divisor = version switch
        {
            3 => 1,
            2 => 2,
            0 => 4,
            _ => 0,
        };
        var rate = (version == 3 ? Mpeg1Rates : Mpeg2Rates)[header[2] >> 4];
        if (divisor == 0 || rate == 0 || Mpeg1Samples[(header[2] >> 2) & 3] / divisor is not (> 0 and var sampleRate))
        {
            return null;
        }

        var padding = (header[2] >> 1) & 1;
        return ((version == 3 ? 144_000 : 72_000) * rate / sampleRate) + padding;
    }

    private static async Task<int> ReadUpToAsync(
        ByteSource source,
        Memory<byte> target,
        CancellationToken cancellationToken
    )
    {
        var filled = 0;
        while (filled < target.Length && await source.FillAsync(cancellationToken))
        {
            var n = Math.Min(target.Length - filled, source.Buffered.Length);
            source.Buffered[..n].CopyTo(target[filled..]);
            source.Consume(n);
            filled += n;
        }

        return filled;
    }
}
