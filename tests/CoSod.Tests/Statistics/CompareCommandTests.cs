using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Statistics;

/// <summary>cosod compare: paired bootstrap and Wilcoxon on per-image values.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string Evaluate(bool perImage)
    {
        var folder = _tree.PathOf(perImage ? "with" : "without");
        string[] args = ["eval", "--gt", Path.Combine(SharedFixtures.SynthPublic, "datasets"),
            "--pred", Path.Combine(SharedFixtures.SynthPublic, "predictions"), "--datasets", "CoSOD3k", "--out", folder];
        var run = CliRun.Of(perImage ? [.. args, "--per-image"] : args);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        return Path.Combine(folder, "metrics.json");
    }

    [Fact]
    public void A_clearly_better_method_gets_a_positive_interval_and_a_small_p_value()
    {
        var metrics = Evaluate(perImage: true);

        var run = CliRun.Of("compare", metrics, "--method", "SoftBlur", "--method", "Degenerate", "--dataset", "CoSOD3k",
            "--metric", "Sm", "--resamples", "500");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var line = run.Output.Split('\n').Single(l => l.StartsWith("Sm ", StringComparison.Ordinal));
        Assert.Contains("   10  ", line, StringComparison.Ordinal);
        Assert.Matches(@"\[\+0\.\d{4}, \+0\.\d{4}\]", line);
        Assert.Contains("exact", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_per_image_values_it_says_how_to_get_them()
    {
        var metrics = Evaluate(perImage: false);

        var run = CliRun.Of("compare", metrics, "--method", "SoftBlur", "--method", "Noisy", "--dataset", "CoSOD3k");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("re-run 'cosod eval' with --per-image", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_method_or_metric_is_unusable_input()
    {
        var metrics = Evaluate(perImage: true);

        var method = CliRun.Of("compare", metrics, "--method", "SoftBlur", "--method", "Nope", "--dataset", "CoSOD3k");
        var metric = CliRun.Of("compare", metrics, "--method", "SoftBlur", "--method", "Noisy", "--dataset", "CoSOD3k", "--metric", "AUC");

        Assert.Equal(ExitCodes.UnusableInput, method.ExitCode);
        Assert.Contains("no result for method Nope", method.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, metric.ExitCode);
        Assert.Contains("no per-image AUC", metric.Error, StringComparison.Ordinal);
    }
}
