using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Figures;

/// <summary>
/// The bundled sample scored once with --per-image (one prediction is missing on purpose, hence --allow-missing)
/// and plotted once with --em and a CoCA group breakdown; the figure tests read what this wrote.
/// </summary>
public sealed class SamplePlots : IDisposable
{
    public static readonly string[] Datasets = ["CoCA", "CoSOD3k", "CoSal2015"];

    public static readonly string[] Methods = ["Degenerate", "NearBinary", "Noisy", "Resized", "SoftBlur"];

    private readonly TempTree _tree = new();

    public SamplePlots()
    {
        var sample = SharedFixtures.SynthPublic;
        Eval = CliRun.Of(
            "eval", "--gt", Path.Combine(sample, "datasets"), "--pred", Path.Combine(sample, "predictions"),
            "--out", EvalOut, "--per-image", "--allow-missing", "--threads", "2");
        Plot = CliRun.Of("plot", MetricsFile, "--out", PlotOut, "--em", "--group-breakdown", "CoCA");
    }

    public CliRun Eval { get; }

    public CliRun Plot { get; }

    public string EvalOut => _tree.PathOf("eval");

    public string MetricsFile => Path.Combine(EvalOut, "metrics.json");

    public string PlotOut => _tree.PathOf("plots");

    public string File(string name) => Path.Combine(PlotOut, name);

    public string Svg(string name) => System.IO.File.ReadAllText(File(name));

    public void Dispose() => _tree.Dispose();

    internal void AssertRan()
    {
        Assert.True(Eval.ExitCode == ExitCodes.Ok, "eval: " + Eval.Error);
        Assert.True(Plot.ExitCode == ExitCodes.Ok, "plot: " + Plot.Error);
    }
}
