namespace Jebo.Fuzzing;

/// <summary>Runs saved inputs through a target outside AFL++: to read what a finding is, or to check that a fix
/// holds.</summary>
public static class Replay
{
    public static int Run(FuzzTarget target, IEnumerable<string> paths)
    {
        var faults = 0;
        foreach (
            var file in paths.SelectMany<string, string>(p =>
                Directory.Exists(p)
                    ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                    : [p]
            )
        )
        {
            var input = File.ReadAllBytes(file);
            try
            {
                Console.WriteLine($"{file}: {target.Check(input)}");
            }
            catch (Exception e)
            {
                faults++;
                Console.WriteLine($"{file}: FAULT {e.GetType().Name}: {e.Message}");
                Console.WriteLine(e.StackTrace);
            }
        }

        return faults == 0 ? 0 : 1;
    }
}
