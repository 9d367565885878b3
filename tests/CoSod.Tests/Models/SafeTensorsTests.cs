using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CoSod.Models.Weights;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class SafeTensorsTests
{
    [Fact]
    public void Saved_weights_read_back_bit_for_bit_in_state_dict_order()
    {
        using var temp = new TempFolder();
        using var model = new SmallNet();
        using (var official = CheckpointReader.Read(CheckpointFiles.PathOf("small_legacy.pth")))
        {
            CheckpointLoader.Load(model, official);
        }

        var path = temp.PathOf("small.safetensors");
        CheckpointWriter.Save(model, path);
        using var back = CheckpointReader.Read(path);
        Assert.Equal(CheckpointFormat.SafeTensors, back.Format);
        Assert.Null(back.WrapperKey);
        var state = model.state_dict();
        Assert.Equal(state.Keys, back.Keys);
        foreach (var (key, tensor) in state)
        {
            Assert.True(Tensors.BitEqual(tensor, back[key]), key);
        }

        using var fresh = new SmallNet();
        CheckpointLoader.Load(fresh, back);
        foreach (var (key, tensor) in fresh.state_dict())
        {
            Assert.True(Tensors.BitEqual(state[key], tensor), key);
        }
    }

    [Fact]
    public void Every_supported_dtype_and_odd_shape_round_trips()
    {
        using var temp = new TempFolder();
        using var module = new AllDTypes();
        var path = temp.PathOf("all.safetensors");
        CheckpointWriter.Save(module, path);
        using var back = CheckpointReader.Read(path);
        var state = module.state_dict();
        Assert.Equal(state.Keys, back.Keys);
        foreach (var (key, tensor) in state)
        {
            Assert.True(Tensors.BitEqual(tensor, back[key]), key);
        }

        Assert.Equal([], back["scalar"].shape);
        Assert.Equal([0L, 3], back["empty"].shape);
    }

    [Fact]
    public void The_file_follows_the_safetensors_layout()
    {
        using var temp = new TempFolder();
        using var module = new AllDTypes();
        var path = temp.PathOf("layout.bin");
        CheckpointWriter.Save(module, path);
        var bytes = File.ReadAllBytes(path);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());

        // Decode one tensor with nothing but the header: F64 [5] = arange(5) / 3.
        var f64 = header.RootElement.GetProperty("f64");
        Assert.Equal("F64", f64.GetProperty("dtype").GetString());
        Assert.Equal([5L], f64.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var begin = f64.GetProperty("data_offsets")[0].GetInt64();
        for (var i = 0; i < 5; i++)
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan((int)(8 + headerLength + begin + (8 * i)), 8));
            Assert.Equal(i / 3.0, value);
        }

        Assert.Equal("BOOL", header.RootElement.GetProperty("flags").GetProperty("dtype").GetString());
        Assert.Equal(0, header.RootElement.GetProperty("scalar").GetProperty("shape").GetArrayLength());
    }

    [Fact]
    public void Saving_replaces_an_existing_file_and_leaves_no_temporary()
    {
        using var temp = new TempFolder();
        var path = temp.Write("model.safetensors", Encoding.ASCII.GetBytes("old content"));
        using var module = new AllDTypes();
        CheckpointWriter.Save(module, path);
        Assert.Equal(CheckpointFormat.SafeTensors, CheckpointReader.Read(path).Format);
        Assert.Equal(["model.safetensors"], Directory.GetFiles(temp.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Saving_into_a_missing_folder_names_the_path()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Root, "no", "such", "folder", "w.safetensors");
        using var module = new AllDTypes();
        var e = Assert.Throws<CheckpointException>(() => CheckpointWriter.Save(module, path));
        Assert.Equal(path, e.Path);
    }

    public static TheoryData<string, string> DamagedHeaders() => new()
    {
        { "overlap", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""" },
        { "size", """{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""" },
        { "gap", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""" },
        { "beyond the data", """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""" },
        { "not an object", """[1, 2]""" },
        { "missing dtype", """{"a":{"shape":[2],"data_offsets":[0,8]}}""" },
        { "not JSON", """{"a": nonsense""" },
        { "duplicate key", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""" },
        { "negative size", """{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""" },
    };

    [Theory]
    [MemberData(nameof(DamagedHeaders))]
    public void A_damaged_header_throws_a_CheckpointException(string what, string json)
    {
        using var temp = new TempFolder();
        var path = temp.Write("damaged.safetensors", Compose(json, dataBytes: 8));
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(path));
        Assert.Equal(path, e.Path);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void An_unsupported_safetensors_dtype_is_named()
    {
        using var temp = new TempFolder();
        var path = temp.Write("c.safetensors", Compose("""{"z":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", dataBytes: 8));
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(path));
        Assert.Contains("z (C64)", e.Problem);
    }

    [Fact]
    public void A_hand_written_file_reads_with_its_header_order()
    {
        using var temp = new TempFolder();
        var json = """{"b":{"dtype":"I64","shape":[],"data_offsets":[4,12]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";
        var data = new byte[12];
        BinaryPrimitives.WriteSingleLittleEndian(data, 1.5f);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(4), -7);
        var path = temp.Write("hand.safetensors", Compose(json, data));
        using var weights = CheckpointReader.Read(path);
        Assert.Equal(["b", "a"], weights.Keys);
        Assert.Equal(-7L, weights["b"].item<long>());
        Assert.Equal(1.5f, weights["a"][0].item<float>());
    }

    [Fact]
    public void A_truncated_safetensors_file_says_truncated()
    {
        using var temp = new TempFolder();
        using var module = new AllDTypes();
        var path = temp.PathOf("t.safetensors");
        CheckpointWriter.Save(module, path);
        var bytes = File.ReadAllBytes(path);
        for (var length = 9; length < bytes.Length; length += 13)
        {
            var cut = temp.Write("cut.safetensors", bytes.AsSpan(0, length).ToArray());
            var e = Record.Exception(() => CheckpointReader.Read(cut).Dispose());
            Assert.True(e is CheckpointException, $"cut at {length}: {e?.GetType().Name ?? "no exception"}");
        }
    }

    private static byte[] Compose(string json, int dataBytes) => Compose(json, new byte[dataBytes]);

    private static byte[] Compose(string json, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }
}
