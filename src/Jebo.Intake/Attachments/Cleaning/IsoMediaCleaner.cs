using System.Security.Cryptography;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Rebuilds an ISO base media file (HEIC/HEIF/AVIF pictures; MP4, MOV, M4A and 3GP recordings) from an
/// allow-list: a file-type box, the picture's <c>meta</c> (<see cref="HeifPicture"/>) or the movie's <c>moov</c>
/// (<see cref="IsoMovie"/>), and one new <c>mdat</c> holding only the media those name.</summary>
/// <remarks>
/// The whole file is held in memory (at most the attachment limit, 20 MiB by default, and never above
/// <see cref="CleaningLimits.MaxInMemoryBytes"/>): a phone often writes the movie box after the media, and only with
/// both in hand can the media be rebuilt without the samples of dropped tracks. Every top-level box but those three
/// (<c>free</c>, <c>skip</c>, <c>wide</c>, <c>uuid</c>, <c>udta</c>, vendor boxes, a second movie...) is dropped
/// unread; so is a trailer that is not boxes at all. A fragmented recording is refused.
/// </remarks>
public static class IsoMediaCleaner
{
    public static async Task CleanAsync(
        ByteSource source,
        Stream output,
        bool isHeif,
        CancellationToken cancellationToken
    )
    {
        var file = await source.ReadAllAsync(CleaningLimits.MaxInMemoryBytes, cancellationToken);
        try
        {
            await RebuildAsync(file, output, isHeif, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(file);
        }
    }

    private static async Task RebuildAsync(byte[] file, Stream output, bool isHeif, CancellationToken cancellationToken)
    {
        var budget = new CleaningBudget(cancellationToken);
        var top = IsoBox.Read(file, 0, file.Length, budget, untilDamage: true);
        if (top.Count == 0 || top[0].Type != "ftyp" || top[0].ContentLength < 8 || top[0].ContentLength % 4 != 0)
        {
            throw new UncleanableFileException("the file does not start with a file-type box");
        }

        if (top.Any(b => b.Type is "moof" or "mfra" or "sidx" or "styp"))
        {
            throw new UncleanableFileException("a fragmented recording cannot be rebuilt");
        }

        var media = top.Where(b => b.Type == "mdat").Select(b => (b.ContentStart, b.End)).ToList();
        var meta = isHeif ? IsoMovie.Optional(top, "meta") : null;
        if (meta is { } m && IsoMovie.Optional(m.Children(file, budget, 4), "idat") is { } idat)
        {
            media.Add((idat.ContentStart, idat.End));
        }

        var rewrite = new IsoRewrite(file, budget, media);
        rewrite.Header.Write(file.AsSpan(top[0].Start, top[0].End - top[0].Start));
        if (isHeif)
        {
            HeifPicture.Write(
                rewrite,
                meta ?? throw new UncleanableFileException("the picture has no metadata box to draw it from")
            );
        }

        if (IsoMovie.Optional(top, "moov") is { } moov)
        {
            IsoMovie.Write(rewrite, moov, pictureTracks: isHeif);
        }
        else if (!isHeif)
        {
            throw new UncleanableFileException("the recording has no movie box");
        }

        await rewrite.WriteAsync(output, cancellationToken);
    }
}
