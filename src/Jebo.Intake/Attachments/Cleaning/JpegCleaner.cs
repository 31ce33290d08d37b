namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>Copies a JPEG without its metadata, segment by segment as it streams.</summary>
/// <remarks>
/// Privacy: EXIF (GPS position, camera make, model and serial, times, and a thumbnail of the uncropped picture), XMP,
/// IPTC/Photoshop, ICC profiles (which can name the device), MPF and every other application segment (APP1–APP15 but
/// APP14 "Adobe", which only says how colours are coded), comments, and anything after the end-of-image marker (where
/// phones append extra pictures) are left out. A JFIF APP0 is kept only without its thumbnail. The compressed picture
/// itself is copied bit for bit, so the image is not re-encoded.
/// </remarks>
public static class JpegCleaner
{
    public static async Task CleanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var soi = new byte[2];
        await source.ReadExactlyAsync(soi, cancellationToken);
        if (soi[0] != 0xFF || soi[1] != 0xD8)
        {
            throw new UncleanableFileException("not a JPEG");
        }

        await output.WriteAsync(soi, cancellationToken);
        var marker = await NextMarkerAsync(source, cancellationToken);
        var header = new byte[4];
        while (true)
        {
            switch (marker)
            {
                case 0xD9:
                    await output.WriteAsync(new byte[] { 0xFF, 0xD9 }, cancellationToken);
                    await source.SkipRestAsync(cancellationToken);
                    return;
                case >= 0xD0 and <= 0xD7 or 0x01:
                    await output.WriteAsync(new byte[] { 0xFF, (byte)marker }, cancellationToken);
                    marker = await NextMarkerAsync(source, cancellationToken);
                    continue;
            }

            await source.ReadExactlyAsync(header.AsMemory(2, 2), cancellationToken);
            var length = (header[2] << 8) | header[3];
            if (length < 2)
            {
                throw new UncleanableFileException("a JPEG segment has an impossible length");
            }

            header[0] = 0xFF;
            header[1] = (byte)marker;
            var payload = length - 2;
            if (marker == 0xE0)
            {
                // APP0: keep a plain JFIF header (14 bytes of payload, no thumbnail); drop JFXX thumbnails and the rest.
                var app0 = new byte[payload];
                await source.ReadExactlyAsync(app0, cancellationToken);
                if (payload >= 14 && app0.AsSpan(0, 5).SequenceEqual("JFIF\0"u8))
                {
                    app0[12] = 0;
                    app0[13] = 0;
                    await output.WriteAsync(new byte[] { 0xFF, 0xE0, 0x00, 16 }, cancellationToken);
                    await output.WriteAsync(app0.AsMemory(0, 14), cancellationToken);
                }
            }
            else if (marker is >= 0xE1 and <= 0xEF and not 0xEE or 0xFE)
            {
                await source.SkipAsync(payload, cancellationToken);
            }
            else
            {
                await output.WriteAsync(header, cancellationToken);
                await source.CopyAsync(payload, output, cancellationToken);
            }

            if (marker == 0xDA)
            {
                marker = await CopyScanAsync(source, output, cancellationToken);
            }
            else
            {
                marker = await NextMarkerAsync(source, cancellationToken);
            }
        }
    }

    /// <summary>Reads a marker: 0xFF, any fill bytes, then the marker code.</summary>
    private static async Task<int> NextMarkerAsync(ByteSource source, CancellationToken cancellationToken)
    {
        var b = await source.ReadByteAsync(cancellationToken);
        if (b != 0xFF)
        {
            throw new UncleanableFileException(b < 0 ? "the JPEG ends without an end-of-image marker" : "a JPEG segment is not where one should be");
        }

        do
        {
            b = await source.ReadByteAsync(cancellationToken);
        }
        while (b == 0xFF);

        return b is < 0 or 0 ? throw new UncleanableFileException("the JPEG ends inside a marker") : b;
    }

    /// <summary>Copies entropy-coded data up to the next marker that is not a restart or a stuffed byte; returns it.</summary>
    private static async Task<int> CopyScanAsync(ByteSource source, Stream output, CancellationToken cancellationToken)
    {
        var pendingFf = false;
        while (await source.FillAsync(cancellationToken))
        {
            var data = source.Buffered;
            if (pendingFf)
            {
                var next = data.Span[0];
                source.Consume(1);
                if (next == 0xFF)
                {
                    continue;
                }

                if (next != 0x00 && next is not (>= 0xD0 and <= 0xD7))
                {
                    return next;
                }

                await output.WriteAsync(new byte[] { 0xFF, next }, cancellationToken);
                pendingFf = false;
                continue;
            }

            var ff = data.Span.IndexOf((byte)0xFF);
            var plain = ff < 0 ? data.Length : ff;
            if (plain > 0)
            {
                await output.WriteAsync(data[..plain], cancellationToken);
            }

            source.Consume(ff < 0 ? plain : plain + 1);
            pendingFf = ff >= 0;
        }

        throw new UncleanableFileException("the JPEG ends inside its picture data");
    }
}
