using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Cli;

/// <summary>
/// <c>cosod eval --metrics</c> with HCE, cm and ccm: ccm's need for <c>--images</c> (left out of <c>all</c> with a note,
/// a usage error when named), undefined images, and outputs that depend neither on the thread count nor on the cache.
/// </summary>
public sealed class ShapeContextCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public ShapeContextCommandTests()
    {
        _tree.Standard(groups: ["a", "b"], perGroup: 3);
        foreach (var group in new[] { "a", "b" })
        {
            for (var i = 0; i < 3; i++)
            {
                // The second image of each group is stored at another size: it is resized to its ground truth.
                Rgb($"images/DS/{group}/{group}_{i:000}.png", i == 1 ? 31 : 24, i == 1 ? 23 : 18, seed: i + group.Length);
            }
        }
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void All_without_images_leaves_ccm_out_with_a_note_and_computes_hce_and_cm()
    {
        var run = Eval("out", "--metrics", "all");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("ccm is left out of --metrics all: it needs --images", run.Error, StringComparison.Ordinal);
        var metrics = Result("out").GetProperty("metrics");
        Assert.True(metrics.TryGetProperty("HCE", out _));
        Assert.True(metrics.TryGetProperty("cm", out _));
        Assert.False(metrics.TryGetProperty("ccm", out _));
    }

    [Fact]
    public void Ccm_without_images_is_a_usage_error_and_nothing_is_scored()
    {
        var run = Eval("out", "--metrics", "ccm");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--metrics ccm: ccm needs --images", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree.PathOf("out/metrics.json")));
    }

    [Fact]
    public void The_default_set_does_not_compute_the_new_families()
    {
        Assert.Equal(ExitCodes.Ok, Eval("out").ExitCode);

        var metrics = Result("out").GetProperty("metrics");
        Assert.False(metrics.TryGetProperty("HCE", out _) || metrics.TryGetProperty("cm", out _) || metrics.TryGetProperty("ccm", out _));
    }

    [Fact]
    public void Outputs_are_byte_identical_for_one_and_two_threads_and_from_the_cache()
    {
        var cache = _tree.PathOf("cache");
        string[] metrics = ["--metrics", "HCE,cm,ccm", "--images", _tree.PathOf("images"), "--per-image"];
        var one = Eval("one", [.. metrics, "--threads", "1"]);
        var two = Eval("two", [.. metrics, "--threads", "2", "--cache", cache]);
        var cached = Eval("cached", [.. metrics, "--threads", "2", "--cache", cache]);

        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        Assert.Equal(ExitCodes.Ok, two.ExitCode);
        Assert.Equal(ExitCodes.Ok, cached.ExitCode);
        Assert.Contains("0 scored, 6 from the cache", cached.Error, StringComparison.Ordinal);
        foreach (var file in new[] { "metrics.json", "metrics.csv", "metrics.md" })
        {
            var expected = File.ReadAllBytes(_tree.PathOf("one/" + file));
            Assert.Equal(expected, File.ReadAllBytes(_tree.PathOf("two/" + file)));
            Assert.Equal(expected, File.ReadAllBytes(_tree.PathOf("cached/" + file)));
        }

        var result = Result("one");
        Assert.Equal(["HCE", "cm", "ccm"], result.GetProperty("metrics").EnumerateObject().Select(p => p.Name));
        foreach (var image in result.GetProperty("per_image").EnumerateObject())
        {
            Assert.Equal(["HCE", "cm", "ccm"], image.Value.EnumerateObject().Select(p => p.Name));
            Assert.InRange(image.Value.GetProperty("ccm").GetDouble(), 0.0, 1.0);
            Assert.Equal(Math.Round(image.Value.GetProperty("HCE").GetDouble()), image.Value.GetProperty("HCE").GetDouble());
        }
    }

    [Fact]
    public void A_ground_truth_without_its_image_has_an_undefined_ccm_listed_and_noted()
    {
        File.Delete(_tree.PathOf("images/DS/b/b_002.png"));

        var run = Eval("out", "--metrics", "ccm", "--images", _tree.PathOf("images"), "--per-image");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var result = Result("out");
        Assert.Equal(["b/b_002"], result.GetProperty("undefined").GetProperty("ccm").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("per_image").GetProperty("b/b_002").GetProperty("ccm").ValueKind);
        Assert.Contains(result.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("ccm is undefined on 1 image(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_image_names_its_file_and_the_run_exits_two()
    {
        File.WriteAllBytes(_tree.PathOf("images/DS/a/a_001.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);

        var run = Eval("out", "--metrics", "ccm", "--images", _tree.PathOf("images"));

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(_tree.PathOf("images/DS/a/a_001.png") + ": not a PNG, JPEG or BMP image", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree.PathOf("out/metrics.json")));
    }

    private void Rgb(string relative, int width, int height, int seed)
    {
        var random = new Random(seed);
        var path = _tree.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)(x * 9), (byte)(y * 11));
            }
        }

        image.SaveAsPng(path);
    }

    /// <summary>One eval run; <c>--threads 1</c> unless the arguments give another count.</summary>
    private CliRun Eval(string outFolder, params string[] extra) => CliRun.Of(
        ["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf(outFolder),
            .. extra.Contains("--threads") ? extra : [.. extra, "--threads", "1"]]);

    private JsonElement Result(string outFolder) =>
        CliRun.ReadMetrics(_tree.PathOf(outFolder)).RootElement.GetProperty("results")[0].Clone();
}
