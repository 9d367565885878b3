using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Cli;

/// <summary>
/// The extended PySODMetrics families on the command line: chosen by any of their names without dragging the others in,
/// kept out of the default set, and as deterministic as the classic ones (threads, the result cache, the bootstrap
/// from cached records).
/// </summary>
public sealed class ExtendedMetricsCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("maxiou", "FmeasureV2")]
    [InlineData("overall_bikappa", "FmeasureV2")]
    [InlineData("auc_roc", "FmeasureV2")]
    [InlineData("dice", "FmeasureV2")]
    [InlineData("msiou", "MSIoU")]
    [InlineData("sample_bimsiou", "MSIoU")]
    [InlineData("si_mae", "SizeInvarianceMAE")]
    [InlineData("si_sample_auc_pr", "SizeInvarianceFmeasureV2")]
    public void A_key_selects_its_family_alone(string name, string family)
    {
        var run = Eval("out", "--metrics", name);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var metrics = Result("out").GetProperty("metrics").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(name == "msiou" ? "maxmsiou" : name == "dice" ? "maxdice" : name, metrics);
        Assert.Equal(family == "FmeasureV2", metrics.Contains("maxiou"));
        Assert.Equal(family == "MSIoU", metrics.Contains("maxmsiou"));
        Assert.Equal(family == "SizeInvarianceMAE", metrics.Contains("si_mae"));
        Assert.Equal(family == "SizeInvarianceFmeasureV2", metrics.Contains("si_sample_maxiou"));
        Assert.DoesNotContain("Sm", metrics);
    }

    [Fact]
    public void The_default_set_writes_none_of_the_extended_numbers()
    {
        Assert.Equal(ExitCodes.Ok, Eval("out").ExitCode);

        var result = Result("out");
        Assert.Equal(["Sm", "MAE", "wFm", "Fm", "Em"], result.GetProperty("metrics").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["thresholds", "precision", "recall", "fm", "em"], result.GetProperty("curves").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_extended_curves_are_written_ascending_with_msious_own_thresholds()
    {
        Assert.Equal(ExitCodes.Ok, Eval("out", "--metrics", "FmeasureV2,MSIoU").ExitCode);

        var curves = Result("out").GetProperty("curves");
        Assert.Equal(["thresholds", "iou", "dice", "fpr", "msiou_thresholds", "msiou"], curves.EnumerateObject().Select(p => p.Name));
        Assert.Equal(256, curves.GetProperty("fpr").GetArrayLength());
        Assert.Equal(257, curves.GetProperty("msiou").GetArrayLength());
        Assert.Equal(256 / 255.0, curves.GetProperty("msiou_thresholds")[256].GetDouble());

        // FPR at threshold 0 selects every pixel (1) and falls as the threshold rises.
        var fpr = curves.GetProperty("fpr").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(1.0, fpr[0]);
        Assert.All(fpr.Zip(fpr.Skip(1)), p => Assert.True(p.Second <= p.First));
    }

    [Theory]
    [InlineData("image-mean")]
    [InlineData("group-mean")]
    public void Metrics_all_is_byte_identical_for_one_and_two_threads_and_from_the_cache(string aggregate)
    {
        // CoSOD3k holds an image the size-invariant metrics cannot score, so undefined records go through the cache too.
        var sample = SharedFixtures.SynthPublic;
        CliRun Run(string outName, params string[] extra) => CliRun.Of(
        [
            "eval", "--gt", Path.Combine(sample, "datasets"), "--pred", Path.Combine(sample, "predictions"),
            "--out", _tree.PathOf(outName), "--datasets", "CoSOD3k", "--metrics", "all", "--aggregate", aggregate, "--per-image",
            "--ci", "--resamples", "20", .. extra,
        ]);

        var one = Run("one", "--threads", "1");
        var two = Run("two", "--threads", "2");
        var cached = Run("cached", "--threads", "2", "--cache", _tree.PathOf("cache"));
        var fromCache = Run("from-cache", "--threads", "1", "--cache", _tree.PathOf("cache"));

        Assert.All(new[] { one, two, cached, fromCache }, r => Assert.True(r.ExitCode == ExitCodes.Ok, r.Error));
        Assert.Contains("0 scored, ", fromCache.Error, StringComparison.Ordinal);
        var expected = Bytes("one");
        Assert.Equal(expected, Bytes("two"));
        Assert.Equal(expected, Bytes("cached"));
        Assert.Equal(expected, Bytes("from-cache"));
        using var json = CliRun.ReadMetrics(_tree.PathOf("one"));
        Assert.Contains(json.RootElement.GetProperty("results").EnumerateArray(), r => r.GetProperty("intervals").TryGetProperty("si_overall_maxiou", out _));
    }

    private byte[] Bytes(string outName) => File.ReadAllBytes(Path.Combine(_tree.PathOf(outName), "metrics.json"));

    private CliRun Eval(string outFolder, params string[] extra)
    {
        if (!Directory.Exists(_tree.PathOf("gt")))
        {
            _tree.Standard();
        }

        return CliRun.Of(["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf(outFolder), "--threads", "1", .. extra]);
    }

    private JsonElement Result(string outFolder) =>
        CliRun.ReadMetrics(_tree.PathOf(outFolder)).RootElement.GetProperty("results")[0].Clone();
}
