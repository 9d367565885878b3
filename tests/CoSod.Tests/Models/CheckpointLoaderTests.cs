using CoSod.Models.Weights;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class CheckpointLoaderTests
{
    public static TheoryData<string> Formats() => new("zip", "legacy");

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_matching_file_sets_every_parameter_and_buffer(string format)
    {
        using var model = new SmallNet();
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf($"small_{format}.pth"));
        CheckpointLoader.Load(model, weights);
        AssertHoldsSmallValues(model, $"small_{format}.pth");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_DataParallel_prefix_is_stripped_when_every_key_has_it(string format)
    {
        using var model = new SmallNet();
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf($"module_prefix_{format}.pth"));
        Assert.All(weights.Keys, k => Assert.StartsWith("module.", k));
        CheckpointLoader.Load(model, weights);
        AssertHoldsSmallValues(model, $"small_{format}.pth");
    }

    [Fact]
    public void Stripping_can_be_turned_off_and_then_nothing_matches()
    {
        using var model = new SmallNet();
        var before = ModuleState.Snapshot(model);
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("module_prefix_zip.pth"));
        var e = Assert.Throws<CheckpointMismatchException>(
            () => CheckpointLoader.Load(model, weights, new CheckpointLoadOptions { StripPrefix = "" }));
        Assert.Equal(11, e.Missing.Count);
        Assert.Equal(11, e.Unexpected.Count);
        Assert.Contains("module.head.bias", e.Unexpected);
        ModuleState.AssertUnchanged(model, before);
    }

    [Theory]
    [InlineData("wrapped_state_dict_zip.pth")]
    [InlineData("wrapped_state_dict_legacy.pth")]
    [InlineData("wrapped_model_zip.pth")]
    [InlineData("wrapped_model_legacy.pth")]
    public void A_state_dict_wrapped_in_a_training_checkpoint_loads(string name)
    {
        using var model = new SmallNet();
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf(name));
        CheckpointLoader.Load(model, weights);
        AssertHoldsSmallValues(model, "small_zip.pth");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_missing_key_is_listed_and_nothing_is_loaded(string format)
    {
        var e = AssertRefused($"missing_key_{format}.pth");
        Assert.Equal(["features.3.0.bias"], e.Missing);
        Assert.Empty(e.Unexpected);
        Assert.Empty(e.Misshaped);
        Assert.Contains("1 key missing from the file (features.3.0.bias)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void An_extra_key_is_listed_and_nothing_is_loaded(string format)
    {
        var e = AssertRefused($"extra_key_{format}.pth");
        Assert.Empty(e.Missing);
        Assert.Equal(["classifier.weight"], e.Unexpected);
        Assert.Empty(e.Misshaped);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_wrong_shape_is_listed_with_both_shapes(string format)
    {
        var e = AssertRefused($"wrong_shape_{format}.pth");
        var m = Assert.Single(e.Misshaped);
        Assert.Equal("features.0.weight", m.Key);
        Assert.Equal([8L, 3, 3, 3], m.ExpectedShape);
        Assert.Equal([8L, 3, 5, 5], m.FoundShape);
        Assert.Contains("features.0.weight: module [8, 3, 3, 3] float32, file [8, 3, 5, 5] float32", e.Message);
    }

    [Theory]
    [InlineData("broadcast_1_zip.pth", new long[] { 1 })]
    [InlineData("broadcast_1_legacy.pth", new long[] { 1 })]
    [InlineData("broadcast_1x64_zip.pth", new long[] { 1, 64 })]
    [InlineData("broadcast_1x64_legacy.pth", new long[] { 1, 64 })]
    public void A_shape_that_would_broadcast_is_still_a_mismatch(string name, long[] found)
    {
        var e = AssertRefused(name);
        var m = Assert.Single(e.Misshaped);
        Assert.Equal("head.bias", m.Key);
        Assert.Equal([64L], m.ExpectedShape);
        Assert.Equal(found, m.FoundShape);
        Assert.Empty(e.Missing);
        Assert.Empty(e.Unexpected);
    }

    [Fact]
    public void A_shape_copy_would_broadcast_says_so()
    {
        var e = AssertRefused("broadcast_1_zip.pth");
        Assert.Contains("would broadcast", e.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Float64_for_a_float32_parameter_is_a_mismatch_not_a_cast(string format)
    {
        var e = AssertRefused($"wrong_dtype_{format}.pth");
        var m = Assert.Single(e.Misshaped);
        Assert.Equal("head.weight", m.Key);
        Assert.Equal(ScalarType.Float32, m.ExpectedDType);
        Assert.Equal(ScalarType.Float64, m.FoundDType);
        Assert.False(m.ShapeDiffers);
        Assert.Contains("float64 is not cast to float32", e.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_problem_is_reported_at_once(string format)
    {
        var e = AssertRefused($"several_wrong_{format}.pth");
        // Sorted: the lists follow the module's state_dict() order, where TorchSharp puts every parameter before
        // every buffer (PyTorch interleaves them module by module).
        Assert.Equal(["features.1.running_var", "head.weight"], e.Missing.Order());
        Assert.Equal(["head.weight_v"], e.Unexpected);
        Assert.Equal("features.3.0.weight", Assert.Single(e.Misshaped).Key);
        Assert.StartsWith(CheckpointFiles.PathOf($"several_wrong_{format}.pth") + ": the checkpoint does not match", e.Message);
    }

    [Fact]
    public void Long_lists_are_capped_and_say_how_many_more()
    {
        using var model = new ManyLinears(30);
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("small_zip.pth"));
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.Load(model, weights));
        Assert.Equal(60, e.Missing.Count);
        Assert.Equal(11, e.Unexpected.Count);
        Assert.Contains("60 keys missing from the file", e.Message);
        Assert.Contains("and 50 more", e.Message);
        Assert.Contains("and 1 more", e.Message);
        Assert.DoesNotContain("layers.29.bias", e.Message);
    }

    [Fact]
    public void Ignored_file_keys_are_not_read()
    {
        using var model = new SmallNet();
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("extra_key_zip.pth"));
        CheckpointLoader.Load(model, weights, new CheckpointLoadOptions { IgnoreFilePrefixes = ["classifier."] });
        AssertHoldsSmallValues(model, "small_zip.pth");
    }

    [Fact]
    public void Ignored_module_keys_keep_their_values()
    {
        using var model = new SmallNet();
        var before = ModuleState.Snapshot(model);
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("missing_key_legacy.pth"));
        CheckpointLoader.Load(model, weights, new CheckpointLoadOptions { IgnoreModuleKey = k => k == "features.3.0.bias" });
        var now = model.state_dict();
        Assert.True(Tensors.BitEqual(before["features.3.0.bias"], now["features.3.0.bias"]));
        Assert.True(Tensors.BitEqual(weights["head.bias"], now["head.bias"]));
    }

    [Fact]
    public void A_key_ignored_on_one_side_only_is_still_reported()
    {
        using var model = new SmallNet();
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("small_zip.pth"));
        var e = Assert.Throws<CheckpointMismatchException>(
            () => CheckpointLoader.Load(model, weights, new CheckpointLoadOptions { IgnoreFileKey = k => k.StartsWith("head.", StringComparison.Ordinal) }));
        Assert.Equal(["head.bias", "head.weight"], e.Missing.Order());
    }

    [Fact]
    public void An_ignored_misshaped_key_lets_the_rest_load()
    {
        using var model = new SmallNet();
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("broadcast_1_zip.pth"));
        CheckpointLoader.Load(model, weights, new CheckpointLoadOptions
        {
            IgnoreFileKey = k => k == "head.bias",
            IgnoreModulePrefixes = ["head.bias"],
        });
        Assert.True(Tensors.BitEqual(weights["head.weight"], model.state_dict()["head.weight"]));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Num_batches_tracked_is_required_unless_made_optional(string format)
    {
        var name = $"no_num_batches_tracked_{format}.pth";
        var e = AssertRefused(name);
        Assert.Equal(["features.1.num_batches_tracked"], e.Missing);

        using var model = new SmallNet();
        var before = ModuleState.Snapshot(model);
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf(name));
        CheckpointLoader.Load(model, weights, new CheckpointLoadOptions { NumBatchesTrackedOptional = true });
        var now = model.state_dict();
        Assert.True(Tensors.BitEqual(before["features.1.num_batches_tracked"], now["features.1.num_batches_tracked"]));
        Assert.True(Tensors.BitEqual(weights["features.1.running_var"], now["features.1.running_var"]));
    }

    [Fact]
    public void Parameters_keep_requires_grad_and_the_load_records_no_graph()
    {
        using var model = new SmallNet();
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("small_zip.pth"));
        CheckpointLoader.Load(model, weights);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void Disposed_weights_are_refused()
    {
        using var model = new SmallNet();
        var weights = CheckpointReader.Read(CheckpointFiles.PathOf("small_zip.pth"));
        weights.Dispose();
        Assert.Throws<ObjectDisposedException>(() => CheckpointLoader.Load(model, weights));
    }

    /// <summary>Loads <paramref name="name"/> into a fresh SmallNet, expects a mismatch, and checks nothing changed.</summary>
    private static CheckpointMismatchException AssertRefused(string name)
    {
        using var model = new SmallNet();
        var before = ModuleState.Snapshot(model);
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf(name));
        var e = Assert.Throws<CheckpointMismatchException>(() => CheckpointLoader.Load(model, weights));
        Assert.Equal(weights.SourcePath, e.Path);
        Assert.NotEmpty(e.Advice);
        ModuleState.AssertUnchanged(model, before);
        return e;
    }

    private static void AssertHoldsSmallValues(SmallNet model, string expectedFile)
    {
        var state = model.state_dict();
        var entries = CheckpointFiles.ExpectedEntries(expectedFile);
        Assert.Equal(entries.Select(e => e.GetProperty("key").GetString()!).Order(), state.Keys.Order());
        foreach (var entry in entries)
        {
            CheckpointFiles.AssertMatches(entry, state[entry.GetProperty("key").GetString()!]);
        }
    }
}
