using Jebo.LoadHarness;
using Jebo.LoadHarness.Baseline;
using Jebo.LoadHarness.Load;

// `submit` drives a running intake; `bare-server` runs the baseline it is compared with (docs/benchmarks.md).
return args.FirstOrDefault() switch
{
    "submit" => await SubmitLoad.RunAsync(HarnessOptions.Parse(args[1..]), Console.Out),
    "bare-server" => await BareSqliteServer.RunAsync(HarnessOptions.Parse(args[1..]), Console.Out),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine(
        """
        usage: Jebo.LoadHarness submit --url URL [--connections 64] [--duration 20] [--warmup 5] [--size 2048]
                                       [--label NAME]
               Jebo.LoadHarness bare-server --url URL --db FILE
        """
    );
    return 2;
}
