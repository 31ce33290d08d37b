namespace Jebo.Fuzzing;

/// <summary>Gathers the seed files of a target: fuzz/corpus/&lt;target&gt; and, from other folders of samples (such as
/// the hostile-file corpus in tests/corpus/attachments), the files the target takes.</summary>
public static class Seeds
{
    /// <summary>AFL++ works best from small seeds; a larger sample adds time, not coverage.</summary>
    public const int MaxSeedBytes = 64 * 1024;

    public static void Gather(FuzzTarget target, string output, IEnumerable<string> folders)
    {
        Directory.CreateDirectory(output);
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var info = new FileInfo(file);
                if (info.Length is 0 or > MaxSeedBytes || !target.TakesSeed(File.ReadAllBytes(file)))
                {
                    continue;
                }

                File.Copy(
                    file,
                    Path.Combine(output, $"{Path.GetFileName(folder)}-{Path.GetFileName(file)}"),
                    overwrite: true
                );
            }
        }
    }
}
