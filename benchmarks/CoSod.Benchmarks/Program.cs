using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CoSod.Benchmarks;

// dotnet run -c Release --project benchmarks/CoSod.Benchmarks -- --filter '*' --job short|dry [--inProcess]
//   [--exporters json csv github] [--artifacts results/bench-metrics]
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchConfig()).ToArray();
return HasErrors(summaries, args) ? 1 : 0;

// No summary at all is an error (a filter that matched nothing) unless the user only asked for help or a list.
static bool HasErrors(Summary[] summaries, string[] args)
{
    if (summaries.Length == 0)
    {
        string[] informational = ["--help", "-h", "--list", "--info", "--version"];
        return !args.Any(a => informational.Contains(a, StringComparer.OrdinalIgnoreCase));
    }

    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
}
