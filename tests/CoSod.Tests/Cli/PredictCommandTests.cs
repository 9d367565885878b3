using System.Text.Json;
using CoSod.Cli;
using CoSod.Models.Inference;
using CoSod.Tests.Infrastructure;
using CoSod.Tests.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Cli;

/// <summary><c>cosod predict</c> and <c>cosod eval --model</c> end to end, on GCoNet+ with deterministic weights.</summary>
[Collection(TorchCollection.Name)]
public sealed class PredictCommandTests : IClassFixture<ModelRunData>
{
    private readonly ModelRunData _data;

    public PredictCommandTests(ModelRunData data) => _data = data;

    private string[] ModelArguments(params string[] extra) =>
        ["--model", "gconet-plus", "--weights", _data.Weights, "--images", _data.ImagesRoot, "--threads", "2", .. extra];

    [Fact]
    public void Predict_writes_one_png_per_image_at_its_size_in_the_layout_eval_reads()
    {
        var output = _data.Tree.PathOf("predict-layout/GCoNet+");

        var run = CliRun.Of(["predict", .. ModelArguments("--out", output)]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Synth: wrote 5 of 5 maps", run.Output, StringComparison.Ordinal);
        var levels = new HashSet<byte>();
        foreach (var (group, stem, width, height, _) in _data.Images)
        {
            var file = Path.Combine(output, ModelRunData.Dataset, group, stem + ".png");
            Assert.True(File.Exists(file), file);
            using var map = Image.Load<L8>(file);
            Assert.Equal((width, height), (map.Width, map.Height));
            var pixels = new byte[width * height];
            map.CopyPixelDataTo(pixels);
            levels.UnionWith(pixels);
        }

        Assert.True(levels.Count > 20, $"the maps hold only {levels.Count} grey levels");
    }

    [Fact]
    public void Predicted_maps_are_the_library_maps_and_the_same_for_the_same_thread_count()
    {
        var first = _data.Tree.PathOf("predict-a");
        var second = _data.Tree.PathOf("predict-b");
        Assert.Equal(ExitCodes.Ok, CliRun.Of(["predict", .. ModelArguments("--out", first)]).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of(["predict", .. ModelArguments("--out", second)]).ExitCode);

        using var model = LoadedModel.Load(ModelCatalog.Find("gconet-plus"), [_data.Weights], "cpu", 2);
        var apple = _data.Images.Where(i => i.Group == "apple").ToList();
        var maps = new GroupPredictor(model).Predict(apple.Select(i => i.Path).ToList());
        for (var i = 0; i < apple.Count; i++)
        {
            var relative = Path.Combine(ModelRunData.Dataset, "apple", apple[i].Stem + ".png");
            var a = File.ReadAllBytes(Path.Combine(first, relative));
            Assert.Equal(a, File.ReadAllBytes(Path.Combine(second, relative)));
            using var saved = Image.Load<L8>(Path.Combine(first, relative));
            var pixels = new byte[saved.Width * saved.Height];
            saved.CopyPixelDataTo(pixels);
            Assert.Equal(maps[i].Pixels, pixels);
        }
    }

    [Fact]
    public void Live_evaluation_gives_the_metrics_of_predict_then_eval_and_records_the_model()
    {
        var predictions = _data.Tree.PathOf("two-step");
        var maps = _data.Tree.PathOf("saved-maps");
        Assert.Equal(ExitCodes.Ok, CliRun.Of(["predict", .. ModelArguments("--out", Path.Combine(predictions, "GCoNet+"))]).ExitCode);
        var saved = CliRun.Of(["eval", "--gt", _data.GroundTruthRoot, "--pred", predictions, "--out", _data.Tree.PathOf("eval-saved"), "--threads", "2"]);
        var live = CliRun.Of(["eval", "--gt", _data.GroundTruthRoot, "--out", _data.Tree.PathOf("eval-live"), .. ModelArguments("--save-maps", maps)]);

        Assert.Equal(ExitCodes.Ok, saved.ExitCode);
        Assert.True(live.ExitCode == ExitCodes.Ok, live.Error);
        using var savedJson = CliRun.ReadMetrics(_data.Tree.PathOf("eval-saved"));
        using var liveJson = CliRun.ReadMetrics(_data.Tree.PathOf("eval-live"));
        Assert.Equal(savedJson.RootElement.GetProperty("results").GetRawText(), liveJson.RootElement.GetProperty("results").GetRawText());
        Assert.Contains("\"method\": \"GCoNet+\"", liveJson.RootElement.GetProperty("results").GetRawText(), StringComparison.Ordinal);

        var options = liveJson.RootElement.GetProperty("options");
        Assert.Equal("gconet-plus", Option(options, "model"));
        Assert.Equal("cpu", Option(options, "model_device"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_data.Weights))), Option(options, "model_weights_sha256"));

        // --save-maps keeps exactly the maps predict writes.
        foreach (var (group, stem, _, _, _) in _data.Images)
        {
            var relative = Path.Combine(ModelRunData.Dataset, group, stem + ".png");
            Assert.Equal(File.ReadAllBytes(Path.Combine(predictions, "GCoNet+", relative)), File.ReadAllBytes(Path.Combine(maps, relative)));
        }
    }

    [Fact]
    public void A_group_with_an_unreadable_image_gets_no_maps_and_the_run_says_which_file()
    {
        using var tree = new TempTree();
        foreach (var (group, stem, _, _, path) in _data.Images)
        {
            var target = tree.PathOf($"images/{ModelRunData.Dataset}/{group}/{Path.GetFileName(path)}");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }

        var broken = tree.Text($"images/{ModelRunData.Dataset}/bird/b3.jpg", "not a jpeg");
        var output = tree.PathOf("out");

        var run = CliRun.Of(["predict", "--model", "gconet-plus", "--weights", _data.Weights, "--images", tree.PathOf("images"), "--out", output, "--threads", "2"]);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(broken, run.Error, StringComparison.Ordinal);
        Assert.Contains("wrote 3 of 6 maps", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, ModelRunData.Dataset, "bird")), "no map of the broken group may be written");
        Assert.True(File.Exists(Path.Combine(output, ModelRunData.Dataset, "apple", "a3.png")));
    }

    [Fact]
    public void The_official_forward_s_dead_branches_leave_the_maps_unchanged()
    {
        var skipped = _data.Tree.PathOf("forward-skipped");
        var official = _data.Tree.PathOf("forward-official");
        Assert.Equal(ExitCodes.Ok, CliRun.Of(["predict", .. ModelArguments("--out", skipped)]).ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRun.Of(["predict", .. ModelArguments("--out", official, "--official-forward")]).ExitCode);

        foreach (var (group, stem, _, _, _) in _data.Images)
        {
            var relative = Path.Combine(ModelRunData.Dataset, group, stem + ".png");
            Assert.Equal(File.ReadAllBytes(Path.Combine(skipped, relative)), File.ReadAllBytes(Path.Combine(official, relative)));
        }

        var misuse = CliRun.Of(["predict", "--model", "gconet", "--weights", _data.Weights, "--images", _data.ImagesRoot,
            "--out", _data.Tree.PathOf("misuse"), "--official-forward"]);
        Assert.Equal(ExitCodes.UnusableInput, misuse.ExitCode);
        Assert.Contains("gconet-plus only", misuse.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_of_another_network_are_refused_with_the_offending_keys()
    {
        var run = CliRun.Of(["predict", "--model", "gconet", "--weights", _data.Weights, "--images", _data.ImagesRoot, "--out", _data.Tree.PathOf("wrong")]);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(_data.Weights, run.Error, StringComparison.Ordinal);
        Assert.Contains("backbone.conv1.conv1_1.weight", run.Error, StringComparison.Ordinal);
        Assert.Contains("bb.conv1.0.weight", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_data.Tree.PathOf("wrong")));
    }

    [NoCudaFact]
    public void Cuda_on_a_cpu_build_is_a_clear_usage_error()
    {
        var run = CliRun.Of(["predict", .. ModelArguments("--out", _data.Tree.PathOf("cuda"), "--device", "cuda")]);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("CUDA is not available", run.Error, StringComparison.Ordinal);
        Assert.Contains("TorchBackend=cuda", run.Error, StringComparison.Ordinal);
        Assert.Contains("COSOD_LIBTORCH_DIR", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_takes_either_a_prediction_folder_or_a_model()
    {
        var both = CliRun.Of(["eval", "--gt", _data.GroundTruthRoot, "--pred", _data.Tree.PathOf("x"), "--out", _data.Tree.PathOf("both"), .. ModelArguments()]);
        var noImages = CliRun.Of(["eval", "--gt", _data.GroundTruthRoot, "--out", _data.Tree.PathOf("none"), "--model", "gconet-plus", "--weights", _data.Weights]);
        var gicdWithoutVgg = CliRun.Of(["predict", "--model", "gicd", "--weights", _data.Weights, "--images", _data.ImagesRoot, "--out", _data.Tree.PathOf("gicd")]);

        Assert.Equal(ExitCodes.UnusableInput, both.ExitCode);
        Assert.Contains("either --pred", both.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, noImages.ExitCode);
        Assert.Contains("--model needs --images", noImages.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, gicdWithoutVgg.ExitCode);
        Assert.Contains("vgg16-397923af.pth", gicdWithoutVgg.Error, StringComparison.Ordinal);
    }

    private static string? Option(JsonElement options, string key)
    {
        if (options.ValueKind == JsonValueKind.Object)
        {
            return options.TryGetProperty(key, out var value) ? value.GetString() : null;
        }

        return options.EnumerateArray().Where(o => o.GetProperty("key").GetString() == key).Select(o => o.GetProperty("value").GetString()).FirstOrDefault();
    }
}
