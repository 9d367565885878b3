using System.Text.Json;
using CoSod.Cli;
using CoSod.Cli.Models;

namespace CoSod.Tests.Infrastructure;

/// <summary>Runs the cosod command line in-process and captures what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>The model package's command line (cosod-models): every command, predict and eval --model included.</summary>
    public static CliRun Of(params string[] args) => Run(args, TorchModelSupport.Instance);

    /// <summary>The base package's command line (cosod): no models; predict and eval --model name the install command.</summary>
    public static CliRun OfBase(params string[] args) => Run(args, null);

    public static JsonDocument ReadMetrics(string outFolder) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outFolder, "metrics.json")));

    private static CliRun Run(string[] args, CoSod.Cli.Extension.IModelSupport? models)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CosodApp.Run(args, output, error, interactive: false, models);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
