namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>The limits every cleaner works within, said once: how much of a file may be held in memory, how many
/// structures (boxes, segments, chunks, blocks) one file may have, how many items a picture or entries a
/// table.</summary>
/// <remarks>
/// Security: an upload comes from anyone on the internet, and a parser fault or a slow parse must cost that upload
/// only. No cleaner recurses over the file's own nesting: each level of an allow-list is its own loop, and a box nested
/// where the list does not name it is dropped unread, so the depth a cleaner descends is fixed by its code (at most
/// <see cref="MaxDepth"/>), never by the file. Work is linear in the file's size: tables are walked once, and their
/// entry counts are checked against the bytes that hold them before any is read.
/// </remarks>
public static class CleaningLimits
{
    /// <summary>The deepest a cleaner descends into a file (ISO media:
    /// moov/trak/mdia/minf/stbl/stsd/entry/wave/child).</summary>
    public const int MaxDepth = 9;

    /// <summary>Boxes, segments, chunks or blocks in one file; well above any camera's (a progressive JPEG has tens, an
    /// iPhone HEIC a few hundred boxes, a long GIF a few thousand blocks).</summary>
    public const int MaxStructures = 200_000;

    /// <summary>Items in a HEIF picture (an iPhone's 48-megapixel photo has about 60).</summary>
    public const int MaxItems = 4096;

    /// <summary>Tracks in a recording, and sample descriptions in a track.</summary>
    public const int MaxTracks = 64;

    /// <summary>The most a cleaner that needs the whole file holds in memory: above the largest attachment an operator
    /// may allow (<c>--max-attachment-mb</c> up to 200), so intake's own limit always applies first.</summary>
    public const int MaxInMemoryBytes = 256 * 1024 * 1024;
}

/// <summary>Counts a cleaner's structures against <see cref="CleaningLimits.MaxStructures"/> and checks for
/// cancellation as the work goes on, so a file that is abandoned or too elaborate stops the cleaner promptly.</summary>
public sealed class CleaningBudget(CancellationToken cancellationToken)
{
    private int structures;
    private long work;

    /// <summary>One more box, segment, chunk or block.</summary>
    public void Structure()
    {
        if (++structures > CleaningLimits.MaxStructures)
        {
            throw UncleanableFileException.TooComplex("the file has too many parts to check");
        }

        Work();
    }

    /// <summary>One more step of work (a table entry, a copied piece).</summary>
    public void Work()
    {
        if ((++work & 4095) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
