using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Cli;

/// <summary><c>cosod eval --metrics</c>: only the chosen families are computed and written, by any of their names.</summary>
public sealed class MetricSelectionCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public MetricSelectionCommandTests() => _tree.Standard();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_selection_writes_exactly_its_families_and_their_numbers_equal_the_default_runs()
    {
        Assert.Equal(ExitCodes.Ok, Eval("default").ExitCode);
        var run = Eval("chosen", "--metrics", "MAE,Fm.max", "--per-image");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var chosen = Result("chosen");
        var metrics = chosen.GetProperty("metrics");
        Assert.Equal(["MAE", "Fm"], metrics.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["max", "mean", "adp"], metrics.GetProperty("Fm").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["thresholds", "precision", "recall", "fm"], chosen.GetProperty("curves").EnumerateObject().Select(p => p.Name));
        var image = chosen.GetProperty("per_image").EnumerateObject().First().Value;
        Assert.Equal(["MAE", "Fm.max", "Fm.mean", "Fm.adp"], image.EnumerateObject().Select(p => p.Name));

        var all = Result("default").GetProperty("metrics");
        Assert.Equal(all.GetProperty("MAE").GetDouble(), metrics.GetProperty("MAE").GetDouble());
        Assert.Equal(all.GetProperty("Fm").GetProperty("max").GetDouble(), metrics.GetProperty("Fm").GetProperty("max").GetDouble());
    }

    [Theory]
    [InlineData("maxFm", "Fm")]
    [InlineData("adpEm", "Em")]
    [InlineData("wfm", "wFm")]
    [InlineData("Smeasure", "Sm")]
    public void PySODMetrics_names_and_case_variants_select_the_family_that_writes_them(string name, string family)
    {
        Assert.Equal(ExitCodes.Ok, Eval("out", "--metrics", name).ExitCode);

        Assert.Equal([family], Result("out").GetProperty("metrics").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void An_unknown_name_is_a_usage_error_with_the_nearest_names_and_nothing_is_scored()
    {
        var run = Eval("out", "--metrics", "Fm.mxa");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--metrics Fm.mxa: profile pysodmetrics has no such metric (did you mean Fm.max", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("image pairs in", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_of_another_profile_names_the_profile_that_has_it()
    {
        var run = Eval("out", "--metrics", "AP");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--metrics AP: profile pysodmetrics does not compute it; --profile eval-co-sod does.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaderboard_gate_and_compare_take_PySODMetrics_names_for_our_keys()
    {
        _tree.Standard(methods: ["M1", "M2"]);
        Assert.Equal(ExitCodes.Ok, CliRun.Of("eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("two"), "--per-image", "--threads", "1").ExitCode);
        var metrics = _tree.PathOf("two/metrics.json");

        var board = CliRun.Of("leaderboard", metrics, "--metrics", "maxfm,Smeasure", "--format", "csv");
        var gate = CliRun.Of("gate", "--baseline", metrics, "--current", metrics, "--metric", "adpEm");
        var compare = CliRun.Of("compare", metrics, "--method", "M1", "--method", "M2", "--dataset", "DS", "--metric", "maxFm");

        Assert.True(board.ExitCode == ExitCodes.Ok, board.Error);
        Assert.Contains("Fm.max", board.Output.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("Sm", board.Output.Split('\n')[0], StringComparison.Ordinal);
        Assert.True(gate.ExitCode == ExitCodes.Ok, gate.Error);
        Assert.Contains("Em.adp", gate.Output, StringComparison.Ordinal);
        Assert.True(compare.ExitCode == ExitCodes.Ok, compare.Error);
        Assert.Contains("Fm.max", compare.Output, StringComparison.Ordinal);
    }

    private CliRun Eval(string outFolder, params string[] extra) => CliRun.Of(
        ["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf(outFolder), "--threads", "1", .. extra]);

    private JsonElement Result(string outFolder) =>
        CliRun.ReadMetrics(_tree.PathOf(outFolder)).RootElement.GetProperty("results")[0].Clone();
}
