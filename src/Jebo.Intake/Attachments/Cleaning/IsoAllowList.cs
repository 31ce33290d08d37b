using System.Text;

namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>The small boxes a picture or recording needs to be decoded and shown right, shared by the movie's sample
/// descriptions and a HEIF picture's properties: which are kept, and how many bytes of each.</summary>
public static class IsoAllowList
{
    /// <summary>Boxes of fixed layout, kept to exactly this many content bytes (any slack after them is
    /// dropped).</summary>
    private static readonly Dictionary<string, int> Fixed = new(StringComparer.Ordinal)
    {
        ["pasp"] = 8,
        ["clap"] = 32,
        ["btrt"] = 12,
        ["fiel"] = 2,
        ["mdcv"] = 24,
        ["clli"] = 4,
        ["enda"] = 2,
        ["frma"] = 4,
        ["ispe"] = 12,
        ["irot"] = 1,
        ["imir"] = 1,
        ["lsel"] = 2,
        ["a1op"] = 1,
        ["rloc"] = 12,
    };

    /// <summary>Decoder configurations, copied whole: the decoder needs them bit for bit (parameter sets, channel
    /// layouts).</summary>
    private static readonly HashSet<string> Configurations = new(StringComparer.Ordinal)
    {
        "avcC",
        "hvcC",
        "av1C",
        "vpcC",
        "esds",
        "dvcC",
        "dvvC",
        "dvwC",
        "lhvC",
        "ccst",
        "d263",
        "dOps",
        "dac3",
        "dec3",
        "dfLa",
        "alac",
        "damr",
        "chan",
        "pixi",
        "a1lx",
        "jpgC",
        "auxC",
    };

    /// <summary>Writes <paramref name="box"/> if it is one of these, as much of it as is kept; false if it is
    /// not.</summary>
    /// <remarks>Colour: only coded colour descriptions (<c>nclx</c>, <c>nclc</c>) are kept, never an embedded ICC
    /// profile, which is free-form and can name the device (see docs/portal.md).</remarks>
    public static bool TryWrite(IsoRewrite rewrite, IsoBox box)
    {
        var content = rewrite.Content(box);
        if (Fixed.TryGetValue(box.Type, out var length))
        {
            rewrite.Header.Box(
                box.Type,
                content.Length >= length
                    ? content[..length]
                    : throw new UncleanableFileException($"a {box.Type} box is cut short")
            );
            return true;
        }

        if (box.Type == "colr")
        {
            var kind = content.Length >= 4 ? Encoding.Latin1.GetString(content[..4]) : "";
            var keep = kind switch
            {
                "nclx" => 11,
                "nclc" => 10,
                _ => 0,
            };
            if (keep == 0 || content.Length < keep)
            {
                return false;
            }

            rewrite.Header.Box("colr", content[..keep]);
            return true;
        }

        if (Configurations.Contains(box.Type))
        {
            rewrite.Header.Box(box.Type, content);
            return true;
        }

        return false;
    }
}
