using Jebo.Cli;

// `jebo VERB ...`: every verb is a small class under Cli/; `up` is the default.
return await CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error, CancellationToken.None);
