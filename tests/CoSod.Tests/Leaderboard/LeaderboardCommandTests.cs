using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Leaderboard;

/// <summary>cosod leaderboard as a user meets it: exit 2 with one line for what cannot make a table, files written where asked.</summary>
[Collection(SampleMetricsCollection.Name)]
public sealed class LeaderboardCommandTests(SampleMetrics sample) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static CliRun Leaderboard(params string[] args) => CliRun.Of(["leaderboard", .. args]);

    private static void AssertOneLineError(CliRun run, params string[] mustContain)
    {
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        var lines = run.Error.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, "expected one line, got:\n" + run.Error);
        Assert.StartsWith("cosod: ", lines[0], StringComparison.Ordinal);
        foreach (var text in mustContain)
        {
            Assert.Contains(text, lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mixing_profiles_exits_two_naming_both_files_and_the_option_that_allows_it()
    {
        var run = Leaderboard(sample.PySodMetrics, sample.EvalCoSod);

        AssertOneLineError(run, sample.PySodMetrics, sample.EvalCoSod, "different profiles (pysodmetrics and eval-co-sod)", "--allow-mixed-profiles");
        Assert.Equal(ExitCodes.Ok, Leaderboard(sample.PySodMetrics, sample.EvalCoSod, "--allow-mixed-profiles").ExitCode);
    }

    [Fact]
    public void The_same_method_and_dataset_in_two_files_exits_two_naming_both()
    {
        var copy = _tree.PathOf("copy/metrics.json");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(sample.PySodMetrics, copy);

        var run = Leaderboard(sample.PySodMetrics, copy);
        var sameFileTwice = Leaderboard(sample.PySodMetrics, sample.PySodMetrics);

        AssertOneLineError(run, "method Degenerate on dataset CoCA appears in both " + sample.PySodMetrics + " and " + copy);
        AssertOneLineError(sameFileTwice, "(the same file given twice)");
    }

    [Fact]
    public void Unreadable_inputs_exit_two_with_one_line_naming_the_file()
    {
        var missing = _tree.PathOf("nowhere/metrics.json");
        var garbage = _tree.Text("garbage.json", "{ not json");
        var foreign = _tree.Text("foreign.json", "{\"tool\": {\"name\": \"other\"}}");

        AssertOneLineError(Leaderboard(missing), missing, "the file does not exist");
        AssertOneLineError(Leaderboard(garbage), garbage, "is not valid JSON");
        AssertOneLineError(Leaderboard(sample.PySodMetrics, foreign), foreign, "not a cosod metrics.json");
    }

    [Fact]
    public void Unknown_columns_exit_two_with_one_line()
    {
        AssertOneLineError(Leaderboard(sample.EvalCoSod, "--metrics", "Sm,wFm"), "metric 'wFm' is not in the inputs; they have: Sm, MAE, Fm.max, Fm.mean, Em.max, Em.mean, AP, AUC.");
        AssertOneLineError(Leaderboard(sample.EvalCoSod, "--datasets", "CoCA,DUTS"), "dataset 'DUTS' is not in the inputs");
        AssertOneLineError(Leaderboard(sample.EvalCoSod, "--sort", "CoCA:wFm"), "sort metric 'wFm' is not in the inputs");
    }

    [Theory]
    [InlineData("--format", "pdf")]
    [InlineData("--decimals", "11")]
    [InlineData("--decimals", "-1")]
    [InlineData("--sort", "CoCA")]
    [InlineData("--no-such-option", "x")]
    public void Usage_errors_exit_two(string option, string value)
    {
        var run = Leaderboard(sample.PySodMetrics, option, value);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.StartsWith("cosod: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_input_is_a_usage_error()
    {
        var run = Leaderboard();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("Required argument missing", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_writes_the_file_in_the_format_its_extension_names_and_a_folder_stands_for_its_metrics_json()
    {
        var tex = _tree.PathOf("paper/tables/leaderboard.tex");
        var folder = Path.GetDirectoryName(sample.EvalCoSod)!;

        var run = Leaderboard(folder, "--out", tex, "--metrics", "Em.max,Sm,Fm.max,MAE");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal($"Wrote {tex} (LaTeX, needs \\usepackage{{booktabs}}).\n", run.Output);
        var text = File.ReadAllText(tex);
        Assert.StartsWith("% Made by cosod leaderboard", text, StringComparison.Ordinal);
        Assert.Equal(text, Leaderboard(sample.EvalCoSod, "--format", "latex", "--metrics", "Em.max,Sm,Fm.max,MAE").Output);
    }

    [Fact]
    public void Format_wins_over_the_extension_and_markdown_goes_to_standard_output_by_default()
    {
        var csvNamedTxt = _tree.PathOf("board.md");

        Assert.Equal(ExitCodes.Ok, Leaderboard(sample.PySodMetrics, "--out", csvNamedTxt, "--format", "csv").ExitCode);
        var stdout = Leaderboard(sample.PySodMetrics, "--metrics", "Sm", "--metrics", "MAE");

        Assert.StartsWith("label,method,profile,aggregation,", File.ReadAllText(csvNamedTxt), StringComparison.Ordinal);
        Assert.StartsWith("| Method | CoCA Sm ↑ | CoCA MAE ↓ | CoSOD3k Sm ↑ |", stdout.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sort_and_decimals_reach_the_table()
    {
        var run = Leaderboard(sample.PySodMetrics, "--sort", "CoSal2015:MAE", "--metrics", "MAE", "--datasets", "CoSal2015", "--decimals", "4");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var rows = run.Output.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.Equal(
            ["| Resized | **0.0429** |", "| SoftBlur | <u>0.0480</u> |", "| NearBinary | 0.0617 |", "| Noisy | 0.1810 |", "| Degenerate | 0.5340 |"],
            rows);
    }
}
