using System.Security.Cryptography;
using CoSod.Models.Weights;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class CheckpointReaderTests
{
    public static TheoryData<string> ReadableFiles() => new(CheckpointFiles.WithExpectedContent());

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Every_tensor_has_the_shape_dtype_and_values_torch_load_gives(string name)
    {
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf(name));
        var expected = CheckpointFiles.ExpectedEntries(name);
        Assert.Equal(expected.Select(e => e.GetProperty("key").GetString()!), weights.Keys);
        Assert.Equal(expected.Count, weights.Count);
        foreach (var entry in expected)
        {
            CheckpointFiles.AssertMatches(entry, weights[entry.GetProperty("key").GetString()!]);
        }
    }

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void The_format_comes_from_the_bytes_and_the_wrapper_key_is_reported(string name)
    {
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf(name));
        Assert.Equal(CheckpointFiles.FormatOf(name), weights.Format);
        Assert.Equal(CheckpointFiles.ExpectedWrapper(name), weights.WrapperKey);
        Assert.Equal(Path.GetFullPath(CheckpointFiles.PathOf(name)), weights.SourcePath);
    }

    [Fact]
    public void Sha256_is_the_hash_of_the_file_bytes()
    {
        var path = CheckpointFiles.PathOf("small_legacy.pth");
        using var weights = CheckpointReader.Read(path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), weights.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", weights.Sha256);
    }

    [Fact]
    public void Tensors_that_shared_a_storage_in_the_file_do_not_share_memory()
    {
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("tensors_zip.pth"));
        var before = Tensors.AsDoubles(weights["shared_b"]);
        weights["shared_a"].fill_(-1);
        weights["f32_transposed"].fill_(-1);
        weights["tied_a"].fill_(-1);
        Assert.Equal(before, Tensors.AsDoubles(weights["shared_b"]));
        Assert.DoesNotContain(-1.0, Tensors.AsDoubles(weights["f32_slice"]));
        Assert.DoesNotContain(-1.0, Tensors.AsDoubles(weights["tied_b"]));
    }

    [Theory]
    [InlineData("small_zip.pth", CheckpointFormat.TorchZip)]
    [InlineData("small_legacy.pth", CheckpointFormat.TorchLegacy)]
    public void A_misleading_extension_does_not_change_the_format(string name, CheckpointFormat format)
    {
        using var temp = new TempFolder();
        var renamed = temp.Copy(CheckpointFiles.PathOf(name), "weights.safetensors");
        using var weights = CheckpointReader.Read(renamed);
        Assert.Equal(format, weights.Format);
        Assert.Equal(11, weights.Count);
    }

    [Fact]
    public void The_indexer_names_the_file_for_an_unknown_key_and_TryGet_says_no()
    {
        using var weights = CheckpointReader.Read(CheckpointFiles.PathOf("small_zip.pth"));
        var e = Assert.Throws<KeyNotFoundException>(() => weights["nope"]);
        Assert.Contains("small_zip.pth", e.Message);
        Assert.False(weights.TryGet("nope", out _));
        Assert.True(weights.TryGet("head.bias", out var bias));
        Assert.Equal([64L], bias.shape);
    }

    [Fact]
    public void A_disposed_dictionary_refuses_access()
    {
        var weights = CheckpointReader.Read(CheckpointFiles.PathOf("small_zip.pth"));
        weights.Dispose();
        Assert.Throws<ObjectDisposedException>(() => weights["head.bias"]);
    }

    [Fact]
    public void A_missing_file_is_named_with_advice()
    {
        var path = CheckpointFiles.PathOf("no_such_file.pth");
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(path));
        Assert.Equal(path, e.Path);
        Assert.Equal("no such file", e.Problem);
        Assert.StartsWith(path + ": no such file. ", e.Message);
        Assert.NotEmpty(e.Advice);
    }

    [Fact]
    public void A_folder_and_an_empty_file_are_refused()
    {
        using var temp = new TempFolder();
        Assert.Contains("folder", Assert.Throws<CheckpointException>(() => CheckpointReader.Read(temp.Root)).Problem);
        var empty = temp.Write("empty.pth", []);
        Assert.Equal("is empty", Assert.Throws<CheckpointException>(() => CheckpointReader.Read(empty)).Problem);
    }

    [Fact]
    public void A_file_that_is_no_checkpoint_is_an_unknown_format()
    {
        var path = CheckpointFiles.PathOf("not_a_checkpoint.pth");
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(path));
        Assert.Contains("not a checkpoint format", e.Problem);
        Assert.Contains("5468697320697320", e.Problem); // "This is " in hex: the bytes it saw
    }

    [Theory]
    [InlineData("truncated_zip.pth")]
    [InlineData("truncated_legacy.pth")]
    public void A_truncated_file_is_reported_as_such(string name)
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(CheckpointFiles.PathOf(name)));
        Assert.Contains("truncated", e.Problem);
        Assert.StartsWith(CheckpointFiles.PathOf(name) + ": ", e.Message);
    }

    [Theory]
    [InlineData("small_zip.pth")]
    [InlineData("small_legacy.pth")]
    [InlineData("tensors_legacy.pth")]
    public void A_file_cut_anywhere_throws_a_CheckpointException(string name)
    {
        var bytes = File.ReadAllBytes(CheckpointFiles.PathOf(name));
        using var temp = new TempFolder();
        for (var length = 1; length < bytes.Length; length += 37)
        {
            var cut = temp.Write("cut.pth", bytes.AsSpan(0, length).ToArray());
            var e = Record.Exception(() => CheckpointReader.Read(cut).Dispose());
            Assert.True(e is CheckpointException, $"cut at {length}: {e?.GetType().Name ?? "no exception"} {e?.Message}");
        }
    }

    [Theory]
    [InlineData("small_zip.pth")]
    [InlineData("small_legacy.pth")]
    [InlineData("wrapped_state_dict_legacy.pth")]
    public void A_damaged_byte_either_still_reads_or_throws_a_CheckpointException(string name)
    {
        // Pickle, zip headers and tensor bytes alike: whatever a damaged byte breaks, the error names the file.
        var original = File.ReadAllBytes(CheckpointFiles.PathOf(name));
        using var temp = new TempFolder();
        foreach (var value in new byte[] { 0x00, 0xFF, 0x7F })
        {
            for (var at = 0; at < original.Length; at += 11)
            {
                var damaged = (byte[])original.Clone();
                damaged[at] = value;
                var path = temp.Write("damaged.pth", damaged);
                var e = Record.Exception(() => CheckpointReader.Read(path).Dispose());
                Assert.True(e is null or CheckpointException, $"byte {at} = {value}: {e?.GetType().Name} {e?.Message}");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_hand_built_legacy_file_reads_as_torch_would(bool python2)
    {
        // Also the control for the next test: the same bytes with an honest size load.
        using var temp = new TempFolder();
        var path = temp.Write("four.pth", LegacyFileBuilder.OneFloatTensor(4, [1.5f, -2, 0.25f, 8], python2));
        using var weights = CheckpointReader.Read(path);
        Assert.Equal(CheckpointFormat.TorchLegacy, weights.Format);
        Assert.Equal([1.5, -2, 0.25, 8], Tensors.AsDoubles(weights["w"]));
    }

    [Fact]
    public void A_corrupt_size_is_refused_before_anything_is_allocated()
    {
        // 2^40 floats (4 TiB) declared consistently in the pickle and the data header, 16 bytes present.
        using var temp = new TempFolder();
        var path = temp.Write("huge.pth", LegacyFileBuilder.OneFloatTensor(1L << 40, [1.5f, -2, 0.25f, 8]));
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(path));
        Assert.StartsWith("is truncated: 4398046511104 bytes are needed", e.Problem);
    }

    [Theory]
    [InlineData("complex_zip.pth")]
    [InlineData("complex_legacy.pth")]
    public void An_unsupported_dtype_is_named_with_its_key(string name)
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(CheckpointFiles.PathOf(name)));
        Assert.Contains("z (torch.ComplexFloatStorage)", e.Problem);
        Assert.Contains("does not read", e.Problem);
    }

    [Theory]
    [InlineData("whole_model_zip.pth")]
    [InlineData("whole_model_legacy.pth")]
    public void A_pickled_model_object_is_refused_without_running_it(string name)
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(CheckpointFiles.PathOf(name)));
        Assert.Contains("__main__.SmallNet", e.Problem);
        Assert.Contains("state_dict", e.Advice);
    }

    [Fact]
    public void A_checkpoint_dict_without_a_state_dict_lists_what_it_holds()
    {
        using var temp = new TempFolder();
        // The wrapped file with its "state_dict" key renamed: epoch, optimizer, args and no tensors anywhere known.
        var bytes = File.ReadAllBytes(CheckpointFiles.PathOf("wrapped_state_dict_legacy.pth"));
        var renamed = Replace(bytes, "state_dict"u8.ToArray(), "state_dicX"u8.ToArray());
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(temp.Write("renamed.pth", renamed)));
        Assert.Contains("no state dict found", e.Problem);
        Assert.Contains("epoch (int)", e.Problem);
        Assert.Contains("args (argparse.Namespace)", e.Problem);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0 }, CheckpointFormat.TorchZip)]
    [InlineData(new byte[] { 0x80, 0x02, 0x8A, 0x0A }, CheckpointFormat.TorchLegacy)]
    [InlineData(new byte[] { 0x10, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"' }, CheckpointFormat.SafeTensors)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, null)]
    [InlineData(new byte[] { 0x80, 0x09 }, null)]
    [InlineData(new byte[] { 0x10, 0, 0, 0, 0, 0, 0, 0x10, (byte)'{' }, null)]
    // A 640-byte safetensors header starts like a protocol 2 pickle.
    [InlineData(new byte[] { 0x80, 0x02, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"' }, CheckpointFormat.SafeTensors)]
    public void Detection_looks_at_the_first_bytes_only(byte[] head, CheckpointFormat? expected)
    {
        Assert.Equal(expected, CheckpointReader.Detect(head));
    }

    private static byte[] Replace(byte[] haystack, byte[] needle, byte[] replacement)
    {
        var at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0);
        var copy = (byte[])haystack.Clone();
        replacement.CopyTo(copy, at);
        return copy;
    }
}

/// <summary>A temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "cosod-tests", "ckpt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Write(string name, byte[] bytes)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Copy(string source, string name)
    {
        var path = PathOf(name);
        File.Copy(source, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
