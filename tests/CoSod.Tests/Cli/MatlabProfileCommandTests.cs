using System.Globalization;
using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Cli;

/// <summary>cosod eval --profile cosod-matlab: the toolbox's quirks are reproduced or listed, never crashes or silent drops.</summary>
public sealed class MatlabProfileCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private CliRun Eval(params string[] extra) => CliRun.Of(
        ["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("out"),
         "--profile", "cosod-matlab", .. extra]);

    private JsonElement Result(JsonDocument json) => json.RootElement.GetProperty("results")[0];

    [Fact]
    public void One_group_reports_max_equal_to_mean_as_the_toolbox_does_and_says_so()
    {
        _tree.Standard(groups: ["only"], perGroup: 4);

        var run = Eval();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("out"));
        var metrics = Result(json).GetProperty("metrics");
        var fm = metrics.GetProperty("Fm");
        Assert.Equal(fm.GetProperty("mean").GetDouble(), fm.GetProperty("max").GetDouble());
        Assert.Equal(metrics.GetProperty("Em").GetProperty("mean").GetDouble(), metrics.GetProperty("Em").GetProperty("max").GetDouble());

        var curveMax = Result(json).GetProperty("curves").GetProperty("fm").EnumerateArray().Max(e => e.GetDouble());
        Assert.True(curveMax > fm.GetProperty("max").GetDouble());
        var note = Result(json).GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).Single(n => n.StartsWith("one group only", StringComparison.Ordinal));
        Assert.Contains(curveMax.ToString("R", CultureInfo.InvariantCulture), note, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_groups_report_the_true_curve_maximum()
    {
        _tree.Standard(groups: ["a", "b"], perGroup: 2);

        Assert.Equal(ExitCodes.Ok, Eval().ExitCode);

        using var json = CliRun.ReadMetrics(_tree.PathOf("out"));
        var curveMax = Result(json).GetProperty("curves").GetProperty("fm").EnumerateArray().Max(e => e.GetDouble());
        Assert.Equal(curveMax, Result(json).GetProperty("metrics").GetProperty("Fm").GetProperty("max").GetDouble());
    }

    [Fact]
    public void A_stray_file_at_the_ground_truth_root_is_listed_and_never_becomes_a_nan_group()
    {
        _tree.Standard();
        _tree.Text("gt/DS/GroundTruth/README.txt", "notes");

        var run = Eval();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("out"));
        var result = Result(json);
        Assert.Contains(result.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("would take 'README.txt'", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Number, result.GetProperty("metrics").GetProperty("Sm").ValueKind);
        Assert.Equal("file outside any group folder", result.GetProperty("ignored_reasons").GetProperty("(ground truth) README.txt").GetString());
    }

    [Fact]
    public void A_jpeg_map_is_skipped_by_the_toolbox_rule_without_making_the_run_incomplete()
    {
        _tree.Standard();
        var png = _tree.PathOf("pred/M1/DS/Two/Two_001.png");
        File.Move(png, Path.ChangeExtension(png, ".jpg"));

        var run = Eval();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("out"));
        var result = Result(json);
        Assert.True(result.GetProperty("complete").GetBoolean());
        Assert.Equal(5, result.GetProperty("images_scored").GetInt32());
        Assert.Equal(6, result.GetProperty("images_expected").GetInt32());
        Assert.True(result.GetProperty("skipped_by_profile").TryGetProperty("Two/Two_001", out _));
        Assert.Empty(result.GetProperty("missing_predictions").EnumerateArray());
        Assert.Contains("5/6", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_orphan_map_is_listed_and_the_run_goes_on()
    {
        _tree.Standard();
        _tree.Map("pred/M1/DS/Two/Two_777.png");

        var run = Eval();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("out"));
        Assert.Contains(Result(json).GetProperty("notes").EnumerateArray(),
            n => n.GetString()!.Contains("would stop at the orphan map 'Two/Two_777.png'", StringComparison.Ordinal));
    }

    [Fact]
    public void Image_mean_is_a_usage_error_under_this_profile()
    {
        _tree.Standard();

        var run = Eval("--aggregate", "image-mean");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("does not support --aggregate image-mean", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matlab_thresholds_are_recorded_and_only_valid_for_this_profile()
    {
        _tree.Standard();

        Assert.Equal(ExitCodes.Ok, Eval("--matlab-thresholds").ExitCode);
        using (var json = CliRun.ReadMetrics(_tree.PathOf("out")))
        {
            Assert.Equal("true", json.RootElement.GetProperty("options").GetProperty("matlab_thresholds").GetString());
            var thresholds = Result(json).GetProperty("curves").GetProperty("thresholds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(128 / 255.0, thresholds[128]);
        }

        var wrongProfile = CliRun.Of("eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("o2"), "--matlab-thresholds");
        Assert.Equal(ExitCodes.UnusableInput, wrongProfile.ExitCode);
    }

    [Fact]
    public void Input_files_are_never_modified_even_when_maps_are_resized()
    {
        _tree.Standard();
        var map = _tree.Map("pred/M1/DS/Two/Two_002.png", width: 40, height: 30);
        var before = File.ReadAllBytes(map);
        var stamp = File.GetLastWriteTimeUtc(map);

        Assert.Equal(ExitCodes.Ok, Eval().ExitCode);

        Assert.Equal(before, File.ReadAllBytes(map));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(map));
    }
}
