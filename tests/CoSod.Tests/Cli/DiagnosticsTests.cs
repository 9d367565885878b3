using CoSod.Cli;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Cli;

/// <summary>
/// Mistakes a new user makes, each answered with one message that says what was found and what to pass: names in the
/// folder's own spelling or the nearest valid ones, roots one level off, a swapped or flattened prediction layout,
/// unknown options never taken for files, --out checked before any work, and maps the profile cannot read.
/// </summary>
public sealed class DiagnosticsTests : IDisposable
{
    private readonly TempTree _tree = new();

    public DiagnosticsTests()
    {
        _tree.Standard(methods: ["M1", "M2"]);
    }

    public void Dispose() => _tree.Dispose();

    private string Gt => _tree.PathOf("gt");

    private string Pred => _tree.PathOf("pred");

    private string Out => _tree.PathOf("out");

    private static CliRun Eval(string gt, string pred, string outFolder, params string[] extra) =>
        CliRun.Of(["eval", "--gt", gt, "--pred", pred, "--out", outFolder, "--threads", "1", .. extra]);

    private void AssertRefused(CliRun run, params string[] fragments)
    {
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, run.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "metrics.json")), "nothing may be written");
    }

    [Fact]
    public void Dataset_and_method_names_keep_the_folder_s_own_spelling()
    {
        var run = Eval(Gt, Pred, Out, "--datasets", "ds", "--methods", "m1");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        using var json = CliRun.ReadMetrics(Out);
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal("DS", result.GetProperty("dataset").GetString());
        Assert.Equal("M1", result.GetProperty("method").GetString());
    }

    [Fact]
    public void A_name_that_matches_two_folders_by_case_only_fails_naming_both()
    {
        _tree.Mask("gt/ds/GroundTruth/a/a_000.png");

        AssertRefused(Eval(Gt, Pred, Out, "--datasets", "Ds"), "dataset folder not found; DS and ds differ from it only in case", "exact name");
    }

    [Fact]
    public void An_unknown_dataset_or_method_gets_the_nearest_names()
    {
        AssertRefused(Eval(Gt, Pred, Out, "--datasets", "DX"), Path.Combine(Gt, "DX") + ": dataset folder not found; did you mean DS?");
        AssertRefused(Eval(Gt, Pred, Out, "--methods", "M3"), Path.Combine(Pred, "M3") + ": method folder not found; did you mean M1 or M2?",
            "The method folders in " + Pred + " are: M1, M2.");
    }

    [Fact]
    public void Ground_truth_one_level_too_deep_says_which_dataset_and_what_to_pass()
    {
        var deep = _tree.PathOf("gt/DS/GroundTruth");

        AssertRefused(Eval(deep, Pred, Out), "points one level too deep, at the groups of dataset DS",
            $"Pass --gt {Gt} --datasets DS (or --gt {_tree.PathOf("gt/DS")} for that dataset alone)");
    }

    [Fact]
    public void Ground_truth_one_level_too_high_says_what_to_pass()
    {
        Directory.CreateDirectory(_tree.PathOf("data"));
        Directory.Move(Gt, _tree.PathOf("data/gt"));

        AssertRefused(Eval(_tree.PathOf("data"), Pred, Out), "Its folders (DS) hold folders, not images",
            $"--gt points one level too high. Pass --gt {_tree.PathOf("data/gt")}.");
    }

    [Fact]
    public void Ground_truth_pointing_at_one_group_says_so()
    {
        AssertRefused(Eval(_tree.PathOf("gt/DS/GroundTruth/Two"), Pred, Out), "no dataset folder found",
            "so it is one group's folder", $"Pass --gt {Gt} --datasets DS");
    }

    [Fact]
    public void Predictions_one_level_too_deep_say_what_to_pass()
    {
        AssertRefused(Eval(Gt, _tree.PathOf("pred/M1"), Out), $"no prediction of dataset DS found under {_tree.PathOf("pred/M1/DS")}.",
            "its folders are datasets (DS/ holds the groups of DS), not methods", $"Pass --pred {Pred} --methods M1.", "nothing was scored");
    }

    [Fact]
    public void Predictions_one_level_too_high_say_what_to_pass()
    {
        Directory.CreateDirectory(_tree.PathOf("high"));
        Directory.Move(Pred, _tree.PathOf("high/pred"));

        AssertRefused(Eval(Gt, _tree.PathOf("high"), Out), "pred/M1/DS/ exists: its folders are methods",
            $"--pred points one level too high. Pass --pred {_tree.PathOf("high/pred")}.");
    }

    [Fact]
    public void A_swapped_dataset_and_method_layout_is_recognised()
    {
        Directory.CreateDirectory(_tree.PathOf("swapped/DS"));
        Directory.Move(_tree.PathOf("pred/M1/DS"), _tree.PathOf("swapped/DS/M1"));
        Directory.Move(_tree.PathOf("pred/M2/DS"), _tree.PathOf("swapped/DS/M2"));

        AssertRefused(Eval(Gt, _tree.PathOf("swapped"), Out), "is laid out <Dataset>/<Method>", "cosod reads <pred>/<Method>/<Dataset>/<group>/<stem>.png",
            "--method-json");
    }

    [Fact]
    public void Maps_without_group_folders_are_recognised()
    {
        foreach (var file in Directory.GetFiles(_tree.PathOf("pred/M2/DS"), "*.png", SearchOption.AllDirectories))
        {
            File.Move(file, Path.Combine(_tree.PathOf("pred/M2/DS"), Path.GetFileName(file)));
        }

        AssertRefused(Eval(Gt, Pred, Out), "M2/DS/ holds 6 map(s) directly", "without group folders",
            "with the ground truth's groups (Two, g one)");
    }

    [Theory]
    [InlineData("--alow-missing", "did you mean --allow-missing?")]
    [InlineData("--dataset", "did you mean --datasets")]
    [InlineData("--data-type", "--data-type video is --aggregate group-mean here")]
    public void An_unknown_option_gets_the_nearest_valid_ones(string option, string expected)
    {
        var run = CliRun.Of("eval", "--gt", Gt, "--pred", Pred, "--out", Out, option, "x");

        AssertRefused(run, $"unknown option {option} for cosod eval", expected);
        Assert.DoesNotContain("unexpected argument 'x'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_or_metric_gets_the_nearest_valid_ones()
    {
        var command = CliRun.Of("evl", "--gt", Gt);
        var metric = Eval(Gt, Pred, Out, "--metrics", "Sn");

        AssertRefused(command, "unknown command 'evl'; did you mean eval?", "The commands are: eval, check");
        Assert.DoesNotContain("Required command", command.Error, StringComparison.Ordinal);
        AssertRefused(metric, "Sn", "did you mean");
    }

    [Fact]
    public void An_unknown_option_before_the_inputs_is_never_read_as_a_file()
    {
        Assert.Equal(ExitCodes.Ok, Eval(Gt, Pred, Out).ExitCode);
        var metrics = Path.Combine(Out, "metrics.json");

        var run = CliRun.Of("leaderboard", "--frame", "x", metrics);
        var compare = CliRun.Of("compare", "--sorted", metrics, "--method", "M1", "--method", "M2", "--dataset", "DS");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("unknown option --frame for cosod leaderboard (not read as a metrics.json file)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be read", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", run.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, compare.ExitCode);
        Assert.Contains("unknown option --sorted for cosod compare", compare.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_suggests_the_nearest_method_and_dataset()
    {
        Assert.Equal(ExitCodes.Ok, Eval(Gt, Pred, Out, "--per-image").ExitCode);

        var method = CliRun.Of("compare", Out, "--method", "M", "--method", "M2", "--dataset", "DS");
        var dataset = CliRun.Of("compare", Out, "--method", "M1", "--method", "M2", "--dataset", "D5");

        Assert.Equal(ExitCodes.UnusableInput, method.ExitCode);
        Assert.Contains("it has no method M (its methods: M1, M2). Did you mean M1 or M2?", method.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, dataset.ExitCode);
        Assert.Contains("it has no dataset D5 (its datasets: DS). Did you mean DS?", dataset.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_file_as_out_is_refused_before_any_image_is_read()
    {
        var file = _tree.Text("taken", "a file, not a folder");
        _tree.Text("pred/M1/DS/Two/Two_000.png", "not a png: decoding it would fail first if --out came later");

        foreach (var run in new[]
        {
            Eval(Gt, Pred, file),
            CliRun.Of("predict", "--model", "gconet-plus", "--weights", file, "--images", Gt, "--out", file),
            CliRun.Of("speed-chart", "--speed", file, "--metrics", file, "--out", file),
        })
        {
            Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
            Assert.Contains($"--out {file}: it is a file, not a folder", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("not a png", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_takes_an_eval_command_line_as_it_is_and_writes_nothing()
    {
        File.Delete(_tree.PathOf("pred/M2/DS/Two/Two_002.png"));
        string[] eval = ["--gt", Gt, "--pred", Pred, "--out", Out, "--threads", "1", "--ci", "--per-image"];

        var strict = CliRun.Of(["check", .. eval]);
        var allowed = CliRun.Of(["check", .. eval, "--allow-missing"]);

        Assert.Equal(ExitCodes.MissingPredictions, strict.ExitCode);
        Assert.Contains("M2: 5 of 6 matched", strict.Output, StringComparison.Ordinal);
        Assert.Contains("1 without a prediction: Two/Two_002", strict.Output, StringComparison.Ordinal);
        Assert.Contains($"check writes nothing; --out {Out} is not used", strict.Error, StringComparison.Ordinal);
        Assert.Contains("eval would exit 3 unless --allow-missing", strict.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, allowed.ExitCode);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Plot_and_report_refuse_an_existing_file_as_out_and_gate_and_leaderboard_a_folder()
    {
        Assert.Equal(ExitCodes.Ok, Eval(Gt, Pred, Out).ExitCode);
        var file = _tree.Text("taken", "a file, not a folder");
        var folder = _tree.Folder("a-folder");

        var plot = CliRun.Of("plot", Out, "--out", file);
        var report = CliRun.Of("report", Out, "--out", file);
        var gate = CliRun.Of("gate", "--baseline", Out, "--current", Out, "--out", folder);
        var leaderboard = CliRun.Of("leaderboard", Out, "--out", folder);

        foreach (var run in new[] { plot, report })
        {
            Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
            Assert.Contains($"--out {file}: it is a file, not a folder", run.Error, StringComparison.Ordinal);
        }

        foreach (var run in new[] { gate, leaderboard })
        {
            Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
            Assert.Contains($"--out {folder}: it is a folder, not a file", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_method_whose_maps_the_matlab_toolbox_cannot_read_is_refused_with_the_reason_once()
    {
        foreach (var file in Directory.GetFiles(_tree.PathOf("pred/M2/DS"), "*.png", SearchOption.AllDirectories))
        {
            ToJpeg(file);
        }

        var run = Eval(Gt, Pred, Out, "--profile", "cosod-matlab");

        AssertRefused(run, "--profile cosod-matlab scores no map of method M2 on DS (6 map(s)): ", "leave it out with --methods", "nothing was scored");
        var reason = run.Error[(run.Error.IndexOf("(6 map(s)): ", StringComparison.Ordinal) + 12)..].Split('.')[0];
        Assert.True(reason.Length > 10, run.Error);
        Assert.Equal(1, Occurrences(run.Output + run.Error, reason));
    }

    [Fact]
    public void Maps_the_matlab_toolbox_skips_get_one_warning_with_the_reason_once()
    {
        ToJpeg(_tree.PathOf("pred/M2/DS/Two/Two_000.png"));
        ToJpeg(_tree.PathOf("pred/M2/DS/Two/Two_001.png"));

        var run = Eval(Gt, Pred, Out, "--profile", "cosod-matlab");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("M2/DS: 2 map(s) not scored by the toolbox's own rule: Two/Two_000, Two/Two_001", run.Output, StringComparison.Ordinal);
        var warnings = run.Error.Split('\n').Where(l => l.Contains("warning:", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("2 map(s) of 1 method(s) are not scored under --profile cosod-matlab", warning, StringComparison.Ordinal);
        var reason = warning[(warning.IndexOf("cosod-matlab: ", StringComparison.Ordinal) + 14)..].Split('.')[0];
        Assert.Equal(1, Occurrences(run.Output + run.Error, reason));
    }

    private static void ToJpeg(string png)
    {
        using (var image = Image.Load<L8>(png))
        {
            image.SaveAsJpeg(Path.ChangeExtension(png, ".jpg"));
        }

        File.Delete(png);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
