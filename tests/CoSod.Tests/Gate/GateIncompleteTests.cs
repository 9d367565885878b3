using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Gate;

/// <summary>
/// The gate for people who evaluate with --allow-missing, or add --ci: --allow-incomplete compares incomplete files that
/// scored exactly the same images, intervals do not block a comparison, a tolerance must belong to a checked metric, and
/// folders stand for their metrics.json.
/// </summary>
public sealed class GateIncompleteTests : IDisposable
{
    private readonly TempTree _tree = new();

    public GateIncompleteTests()
    {
        _tree.Standard(dataset: "CoCA", methods: ["Alpha", "Beta"]);
    }

    public void Dispose() => _tree.Dispose();

    private string Eval(string outName, params string[] extra)
    {
        var run = CliRun.Of(["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf(outName),
            "--threads", "1", "--allow-missing", .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        return _tree.PathOf(outName);
    }

    private static CliRun Gate(string baseline, string current, params string[] extra) =>
        CliRun.Of(["gate", "--baseline", baseline, "--current", current, .. extra]);

    [Fact]
    public void Incomplete_evaluations_of_the_same_images_pass_with_allow_incomplete_and_are_refused_without_it()
    {
        File.Delete(_tree.PathOf("pred/Beta/CoCA/Two/Two_001.png"));
        var before = Eval("before");
        var after = Eval("after");

        var refused = Gate(before, after);
        var allowed = Gate(before, after, "--allow-incomplete");

        Assert.Equal(ExitCodes.UnusableInput, refused.ExitCode);
        Assert.Contains("incomplete", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-incomplete", refused.Error, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == ExitCodes.Ok, allowed.Error);
        Assert.Contains("0 regressed", allowed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_evaluations_of_other_images_exit_2_naming_them()
    {
        File.Move(_tree.PathOf("pred/Beta/CoCA/Two/Two_001.png"), _tree.PathOf("kept.png"));
        var before = Eval("before");
        File.Move(_tree.PathOf("kept.png"), _tree.PathOf("pred/Beta/CoCA/Two/Two_001.png"));
        File.Delete(_tree.PathOf("pred/Beta/CoCA/Two/Two_002.png"));
        var after = Eval("after");

        var run = Gate(before, after, "--allow-incomplete");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("CoCA / Beta scored other images than the baseline", run.Error, StringComparison.Ordinal);
        Assert.Contains("left out now and scored in the baseline (Two/Two_002)", run.Error, StringComparison.Ordinal);
        Assert.Contains("scored now and left out in the baseline (Two/Two_001)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Confidence_intervals_on_one_side_do_not_block_the_comparison()
    {
        var plain = Eval("plain");
        var withIntervals = Eval("ci", "--ci", "--resamples", "100");

        var run = Gate(plain, withIntervals);
        var reverse = Gate(withIntervals, plain);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.True(reverse.ExitCode == ExitCodes.Ok, reverse.Error);
    }

    [Fact]
    public void A_tolerance_for_a_metric_that_is_not_checked_is_a_usage_error()
    {
        var result = Eval("out");

        var run = Gate(result, result, "--metric", "Sm", "--tolerance", "MAE=0.001");
        var typo = Gate(result, result, "--metric", "Sn");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--tolerance MAE=...: MAE is not checked (the checked metrics are Sm); add --metric MAE", run.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, typo.ExitCode);
        Assert.Contains("Did you mean Sm?", typo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gate_takes_folders_like_the_other_commands_and_names_a_folder_without_metrics_json()
    {
        var result = Eval("out");
        var empty = _tree.Folder("empty");

        var folders = Gate(result, result);
        var missing = Gate(result, empty);

        Assert.True(folders.ExitCode == ExitCodes.Ok, folders.Error);
        Assert.Equal(ExitCodes.UnusableInput, missing.ExitCode);
        Assert.Contains(Path.Combine(empty, "metrics.json") + ": the file does not exist", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", missing.Error, StringComparison.OrdinalIgnoreCase);
    }
}
