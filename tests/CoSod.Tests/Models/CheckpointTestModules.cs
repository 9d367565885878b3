using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CoSod.Tests.Models;

/// <summary>
/// The TorchSharp twin of SmallNet in Data/make_checkpoints.py: the same parameter names (a nested Sequential,
/// a BatchNorm with running stats and num_batches_tracked, a Linear) and shapes.
/// </summary>
internal sealed class SmallNet : Module
{
    // Field names are the PyTorch attribute names: they become the state_dict keys.
#pragma warning disable IDE1006
    private readonly Sequential features;
    private readonly Linear head;
#pragma warning restore IDE1006

    public SmallNet()
        : base(nameof(SmallNet))
    {
        features = Sequential(
            Conv2d(3, 8, 3, padding: 1),
            BatchNorm2d(8),
            ReLU(),
            Sequential(Conv2d(8, 4, 1)));
        head = Linear(4, 64);
        RegisterComponents();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Many parameters with names no checkpoint here has: for the length caps of the mismatch message.</summary>
internal sealed class ManyLinears : Module
{
#pragma warning disable IDE1006
    private readonly Sequential layers;
#pragma warning restore IDE1006

    public ManyLinears(int count)
        : base(nameof(ManyLinears))
    {
        layers = Sequential(Enumerable.Range(0, count).Select(_ => (Module<Tensor, Tensor>)Linear(2, 2)).ToArray());
        RegisterComponents();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A module whose buffers cover every dtype safetensors holds, 0-d and empty shapes included.</summary>
internal sealed class AllDTypes : Module
{
    public AllDTypes()
        : base(nameof(AllDTypes))
    {
        register_buffer("f32", torch.arange(0, 12, dtype: ScalarType.Float32).reshape(3, 4) * 0.75 - 2);
        register_buffer("f64", torch.arange(0, 5, dtype: ScalarType.Float64) / 3.0);
        register_buffer("f16", torch.arange(0, 6, dtype: ScalarType.Float16) * 0.125);
        register_buffer("bf16", torch.tensor(new float[] { 1, -2.5f, 3.140625f }).to(ScalarType.BFloat16));
        register_buffer("i64", torch.tensor(new long[] { long.MinValue, -1, 0, (1L << 62) + 5 }));
        register_buffer("i32", torch.tensor(new[] { int.MinValue, 7, int.MaxValue }));
        register_buffer("i16", torch.tensor(new short[] { short.MinValue, 3, short.MaxValue }));
        register_buffer("i8", torch.tensor(new sbyte[] { sbyte.MinValue, -3, sbyte.MaxValue }));
        register_buffer("u8", torch.tensor(new byte[] { 0, 37, 255 }));
        register_buffer("flags", torch.tensor(new[] { true, false, true }));
        register_buffer("scalar", torch.tensor(6.5f));
        register_buffer("empty", torch.zeros(0, 3));
    }
}

/// <summary>Snapshots of a module's state, to show that a refused load changed nothing.</summary>
internal static class ModuleState
{
    public static Dictionary<string, Tensor> Snapshot(Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    public static void AssertUnchanged(Module module, Dictionary<string, Tensor> before)
    {
        var now = module.state_dict();
        Assert.Equal(before.Keys, now.Keys);
        foreach (var (key, tensor) in now)
        {
            Assert.True(Tensors.BitEqual(before[key], tensor), $"{key} changed");
        }
    }
}

internal static class Tensors
{
    /// <summary>Same shape, same dtype, same bytes (so -0.0 differs from 0.0 and NaN equals itself).</summary>
    public static bool BitEqual(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape))
        {
            return false;
        }

        using var x = a.detach().cpu().contiguous();
        using var y = b.detach().cpu().contiguous();
        return x.bytes.SequenceEqual(y.bytes);
    }

    /// <summary>The elements in C order as doubles (exact for every dtype here but int64 beyond 2^53).</summary>
    public static double[] AsDoubles(Tensor t)
    {
        using var d = t.detach().cpu().to(ScalarType.Float64);
        return Elements<double>(d);
    }

    /// <summary>
    /// The elements in C order. Read through the bytes: TorchSharp's data&lt;T&gt;().ToArray() throws for a tensor
    /// with no elements.
    /// </summary>
    public static T[] Elements<T>(Tensor t)
        where T : unmanaged
    {
        using var c = t.detach().cpu().contiguous();
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(c.bytes).ToArray();
    }
}
