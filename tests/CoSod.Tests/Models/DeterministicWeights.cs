using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>
/// The model-parity fixtures' closed-form weights (README section 1): each element depends only on its state_dict key
/// and flat index, through FNV-1a, a golden-ratio step and murmur3's finaliser, computed in double and rounded once
/// to float32, so it is bit-identical to the numpy generator.
/// </summary>
internal static class DeterministicWeights
{
    public static uint Seed(string key)
    {
        var hash = 0x811C9DC5u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = unchecked((hash ^ b) * 0x01000193u);
        }

        return hash;
    }

    /// <summary>The uniform s in [-1, 1) for element <paramref name="index"/> of the tensor seeded by <paramref name="seed"/>.</summary>
    public static double Uniform(uint seed, long index)
    {
        var z = unchecked(seed + ((uint)index * 0x9E3779B9u));
        z ^= z >> 16;
        z = unchecked(z * 0x85EBCA6Bu);
        z ^= z >> 13;
        z = unchecked(z * 0xC2B2AE35u);
        z ^= z >> 16;
        return (2.0 * ((z >> 8) / 16777216.0)) - 1.0;
    }

    public static float[] Values(string key, long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var seed = Seed(key);
        var values = new float[count];
        for (long i = 0; i < count; i++)
        {
            var s = Uniform(seed, i);
            double value;
            if (key.EndsWith("running_mean", StringComparison.Ordinal))
            {
                value = 0.1 * s;
            }
            else if (key.EndsWith("running_var", StringComparison.Ordinal))
            {
                value = 1.0 + (0.25 * s);
            }
            else if (key.EndsWith("bias", StringComparison.Ordinal))
            {
                value = 0.1 * s;
            }
            else if (shape.Length == 1)
            {
                value = 1.0 + (0.25 * s);
            }
            else
            {
                value = 2.0 * s / Math.Sqrt(count / shape[0]);
            }

            values[i] = (float)value;
        }

        return values;
    }

    /// <summary>Fills every parameter and buffer of <paramref name="module"/> by its own key; num_batches_tracked = 0.</summary>
    public static void Fill(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (key, value) in module.state_dict())
        {
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                value.zero_();
                continue;
            }

            using var filled = tensor(Values(key, value.shape), value.shape);
            value.copy_(filled);
        }
    }
}
