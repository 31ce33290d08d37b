using Jebo.Fuzzing;
using SharpFuzz;

// The fuzzing harness (docs/fuzzing.md). scripts/fuzz instruments Jebo.Intake and Jebo.Transfer with SharpFuzz, then
// runs `fuzz <target>` under AFL++; `run` replays saved inputs outside AFL++, to read a finding or check a fix.
switch (args)
{
    case ["list"]:
        foreach (var target in FuzzTargets.All)
        {
            Console.WriteLine(target.Name);
        }

        return 0;

    case ["fuzz", var name] when FuzzTargets.Find(name) is { } target:
        // Out of process: a stack overflow or a hang kills only the child SharpFuzz restarts, and AFL++ records it.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var input = new MemoryStream();
            stream.CopyTo(input);
            target.Check(input.ToArray());
        });
        return 0;

    case ["run", var name, .. var paths] when FuzzTargets.Find(name) is { } target && paths.Length > 0:
        CoverageMap.Discard();
        return Replay.Run(target, paths);

    case ["seeds", var name, var output, .. var folders] when FuzzTargets.Find(name) is { } target:
        CoverageMap.Discard();
        Seeds.Gather(target, output, folders);
        return 0;

    default:
        Console.Error.WriteLine(
            $"""
            usage: Jebo.Fuzzing list
                   Jebo.Fuzzing fuzz <target>                       (under afl-fuzz: each input from standard input)
                   Jebo.Fuzzing run <target> <file or folder>...     (replays inputs; exits 1 on a crash or slow input)
                   Jebo.Fuzzing seeds <target> <output> <folder>...  (copies the files a target takes as seeds)
            targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}
            """
        );
        return 2;
}
