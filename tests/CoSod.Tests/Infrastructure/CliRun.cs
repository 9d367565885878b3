using System.Text.Json;
using CoSod.Cli;

namespace CoSod.Tests.Infrastructure;

/// <summary>Runs the cosod command line in-process and captures what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CosodApp.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static JsonDocument ReadMetrics(string outFolder) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outFolder, "metrics.json")));
}
