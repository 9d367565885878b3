using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Hardening;

/// <summary>
/// cosod eval against hostile files and output locations: special files are refused by type (never read, never
/// hung on), outputs never go through a symbolic link, never land inside an input tree and are checked before
/// any scoring.
/// </summary>
public sealed class EvalFileSafetyTests : IDisposable
{
    private readonly TempTree _tree = new();

    public EvalFileSafetyTests() => _tree.Standard();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/urandom", "a character device")]
    public void A_map_linked_to_a_device_exits_two_with_one_line_naming_it(string device, string kind)
    {
        var map = _tree.PathOf("pred/M1/DS/Two/Two_001.png");
        File.Delete(map);
        SpecialFiles.LinkTo(map, device);

        var run = SpecialFiles.WithinHangGuard(() => Eval("out"));

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains($"{map}: it is {kind}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree.PathOf("out/metrics.json")));
    }

    [Fact]
    public void A_fifo_in_place_of_a_ground_truth_exits_two_instead_of_hanging()
    {
        var mask = _tree.PathOf("gt/DS/GroundTruth/Two/Two_000.png");
        File.Delete(mask);
        SpecialFiles.Fifo(mask);

        var run = SpecialFiles.WithinHangGuard(() => Eval("out"));

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains($"{mask}: it is a FIFO (named pipe), not a regular file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_entry_linked_to_a_device_is_distrusted_rebuilt_and_the_numbers_stay_the_same()
    {
        Assert.Equal(ExitCodes.Ok, Eval("first", "--cache", _tree.PathOf("cache")).ExitCode);
        var entry = Directory.GetFiles(_tree.PathOf("cache"), "*.entry", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        File.Delete(entry);
        SpecialFiles.LinkTo(entry, "/dev/zero");

        var run = SpecialFiles.WithinHangGuard(() => Eval("second", "--cache", _tree.PathOf("cache")));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"corrupt cache entry {entry} (unreadable: it is a character device", run.Error, StringComparison.Ordinal);
        Assert.Contains("rebuilt", run.Error, StringComparison.Ordinal);
        Assert.Null(new FileInfo(entry).LinkTarget);
        Assert.Equal(File.ReadAllBytes(_tree.PathOf("first/metrics.json")), File.ReadAllBytes(_tree.PathOf("second/metrics.json")));
    }

    [Fact]
    public void A_symbolic_link_at_metrics_csv_is_replaced_and_the_ground_truth_it_pointed_at_is_untouched()
    {
        var mask = _tree.PathOf("gt/DS/GroundTruth/Two/Two_000.png");
        var before = File.ReadAllBytes(mask);
        SpecialFiles.LinkTo(_tree.PathOf("out/metrics.csv"), mask);

        Assert.Equal(ExitCodes.Ok, Eval("out").ExitCode);

        Assert.Equal(before, File.ReadAllBytes(mask));
        Assert.Null(new FileInfo(_tree.PathOf("out/metrics.csv")).LinkTarget);
        Assert.StartsWith("profile,aggregation,method,", File.ReadAllText(_tree.PathOf("out/metrics.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_named_metrics_csv_fails_the_run_without_a_complete_metrics_json()
    {
        _tree.Folder("out/metrics.csv");

        var run = Eval("out");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("metrics.csv: a folder stands where this file is to be written", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree.PathOf("out/metrics.json")));
        Assert.Empty(Directory.GetFiles(_tree.PathOf("out"), "*.tmp"));
    }

    [Fact]
    public void An_empty_out_fails_before_any_scoring_in_every_command_that_writes()
    {
        Assert.Equal(ExitCodes.Ok, Eval("ok").ExitCode);
        var metrics = _tree.PathOf("ok/metrics.json");
        var runs = new[]
        {
            Eval(""),
            CliRun.Of("plot", metrics, "--out", ""),
            CliRun.Of("report", metrics, "--out", ""),
            CliRun.Of("leaderboard", metrics, "--out", ""),
            CliRun.Of("gate", "--baseline", metrics, "--current", metrics, "--out", ""),
        };

        foreach (var run in runs)
        {
            Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
            Assert.Contains("--out '': an empty path", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("image pairs in", runs[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_out_or_cache_inside_an_input_tree_is_refused_before_scoring_and_a_hidden_one_is_skipped_by_discovery()
    {
        var inPred = Eval(_tree.PathOf("pred/results"));
        var cacheInGt = Eval("out", "--cache", _tree.PathOf("gt/DS/cache"));
        var fileAsOut = Eval(_tree.Text("a-file", "x"));

        Assert.Equal(ExitCodes.UnusableInput, inPred.ExitCode);
        Assert.Contains("lies inside the --pred folder", inPred.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_tree.PathOf("pred/results")));
        Assert.Equal(ExitCodes.UnusableInput, cacheInGt.ExitCode);
        Assert.Contains($"--cache {_tree.PathOf("gt/DS/cache")}: it lies inside the --gt folder", cacheInGt.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, fileAsOut.ExitCode);
        Assert.Contains("it is a file, not a folder", fileAsOut.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("image pairs in", inPred.Error + cacheInGt.Error + fileAsOut.Error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, Eval(_tree.PathOf("pred/.results")).ExitCode);
        var again = Eval("out2");
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.DoesNotContain(".results", File.ReadAllText(_tree.PathOf("out2/metrics.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--methods", "/etc")]
    [InlineData("--methods", "../M1")]
    [InlineData("--methods", "..")]
    [InlineData("--datasets", "DS/../DS")]
    public void Method_and_dataset_names_that_are_paths_are_refused(string option, string value)
    {
        var run = Eval("out", option, value);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains($"{option} {value}: a name of a folder under the root is expected, not a path", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_whose_name_is_not_utf8_is_named_as_such()
    {
        SpecialFiles.CopyUnderNonUtf8Name(_tree.PathOf("gt/DS/GroundTruth/Two/Two_000.png"), _tree.PathOf("gt/DS/GroundTruth/Two"), "odd", ".png");
        SpecialFiles.CopyUnderNonUtf8Name(_tree.PathOf("pred/M1/DS/Two/Two_000.png"), _tree.PathOf("pred/M1/DS/Two"), "odd", ".png");

        var run = Eval("out");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("its name is not valid UTF-8", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", run.Error, StringComparison.Ordinal);
    }

    private CliRun Eval(string outFolder, params string[] extra) => CliRun.Of(
        ["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", outFolder.Length == 0 || Path.IsPathRooted(outFolder) ? outFolder : _tree.PathOf(outFolder), "--threads", "1", .. extra]);
}
