using Jebo.Cli;

// `jebo VERB ...`: every verb is a small class under Cli/; `up` is the default. The hidden cleaner worker is told apart
// first, so a worker loads the cleaners and nothing else (no database, no web host).
return args is [CleanWorkerCommand.Verb]
    ? await CleanWorkerCommand.RunAsync(
        Console.OpenStandardInput(),
        Console.OpenStandardOutput(),
        CancellationToken.None
    )
    : await CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);
