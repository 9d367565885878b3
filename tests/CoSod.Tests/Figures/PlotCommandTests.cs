using CoSod.Cli;
using CoSod.Reports.Figures;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Figures;

/// <summary>cosod plot's input rules: duplicates are refused, profiles may be mixed when the legend says which is which.</summary>
public sealed class PlotCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string Metrics(string name) => _tree.PathOf($"{name}/metrics.json");

    private CliRun Eval(string outName, params string[] extra) =>
        CliRun.Of(["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf(outName), "--threads", "1", .. extra]);

    [Fact]
    public void The_same_method_and_dataset_twice_exits_two_naming_both_inputs()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        Assert.Equal(ExitCodes.Ok, Eval("a").ExitCode);
        Directory.CreateDirectory(_tree.PathOf("b"));
        File.Copy(Metrics("a"), Metrics("b"));

        var same = CliRun.Of("plot", Metrics("a"), Metrics("a"), "--out", _tree.PathOf("plots"));
        var copy = CliRun.Of("plot", Metrics("a"), Metrics("b"), "--out", _tree.PathOf("plots"));

        Assert.Equal(ExitCodes.UnusableInput, same.ExitCode);
        Assert.Equal(ExitCodes.UnusableInput, copy.ExitCode);
        Assert.Contains("method Alpha on dataset DS appears twice", copy.Error, StringComparison.Ordinal);
        Assert.Contains(Metrics("b"), copy.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_tree.PathOf("plots")));
    }

    [Fact]
    public void Different_profiles_are_refused_unless_allowed_and_then_the_legend_names_each_profile()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        Assert.Equal(ExitCodes.Ok, Eval("a", "--methods", "Alpha").ExitCode);
        Assert.Equal(ExitCodes.Ok, Eval("b", "--methods", "Beta", "--profile", "eval-co-sod").ExitCode);

        var refused = CliRun.Of("plot", Metrics("a"), Metrics("b"), "--out", _tree.PathOf("plots"), "--em");
        Assert.Equal(ExitCodes.UnusableInput, refused.ExitCode);
        Assert.Contains("different profiles (pysodmetrics and eval-co-sod)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-mixed-profiles", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_tree.PathOf("plots")));

        var run = CliRun.Of("plot", Metrics("a"), Metrics("b"), "--out", _tree.PathOf("plots"), "--em", "--allow-mixed-profiles");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var texts = FigureFiles.Texts(File.ReadAllText(_tree.PathOf("plots/pr-DS.svg")));
        Assert.Contains("Alpha (pysodmetrics)", texts);
        Assert.Contains("Beta (eval-co-sod)", texts);
        Assert.Contains("DS: precision-recall curves (pysodmetrics; eval-co-sod)", texts);
        var panel = Assert.Single(FigureFiles.Panels(Metrics("a"), Metrics("b")));
        Assert.Equal([256, 255], panel.Series.Select(s => s.Thresholds.Length));
        Assert.Equal(2, CurveFigures.EMeasure(panel).GetPlottables<MethodCurve>().Count());
    }

    [Fact]
    public void One_profile_keeps_plain_method_names_in_the_legend()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        Assert.Equal(ExitCodes.Ok, Eval("a").ExitCode);

        var panel = Assert.Single(FigureFiles.Panels(Metrics("a")));

        Assert.Equal(["Alpha", "Beta"], panel.Series.Select(s => s.Label));
        Assert.Equal("pysodmetrics", panel.SourceText);
    }

    [Fact]
    public void A_file_that_is_not_a_metrics_json_exits_two_naming_it()
    {
        var bogus = _tree.Text("bogus.json", "{\"hello\": 1}");

        var run = CliRun.Of("plot", bogus, "--out", _tree.PathOf("plots"));

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(bogus, run.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, CliRun.Of("plot", "--out", _tree.PathOf("plots")).ExitCode);
    }
}
