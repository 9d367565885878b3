using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>
/// The synthetic weights of ../shared/fixtures/model-parity (README.md section 1, rule.json): each element of each
/// state-dict entry is a closed-form function of the entry's key and the element's flat C-order index, bit-exact in
/// any IEEE-754 language. The parity fixtures were recorded with these weights; scripts/make-test-checkpoints.py
/// writes the same values into full-size torch.save files.
/// </summary>
public static class DeterministicWeights
{
    private const uint FnvOffsetBasis = 0x811C9DC5;
    private const uint FnvPrime = 0x01000193;
    private const uint GoldenRatioStep = 0x9E3779B9; // 2^32 / golden ratio: consecutive indices land far apart
    private const double TwoToThe24 = 16777216.0;    // the top 24 bits of the hash become r in [0, 1)

    /// <summary>FNV-1a, 32 bits, over the key's UTF-8 bytes.</summary>
    public static uint Seed(string key)
    {
        var h = FnvOffsetBasis;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            h = unchecked((h ^ b) * FnvPrime);
        }

        return h;
    }

    /// <summary>s in [-1, 1) for element <paramref name="index"/> (steps 2-4: golden-ratio step, murmur3 fmix32).</summary>
    public static double Uniform(uint seed, long index)
    {
        var z = unchecked(seed + ((uint)index * GoldenRatioStep));
        z ^= z >> 16;
        z = unchecked(z * 0x85EBCA6B);
        z ^= z >> 13;
        z = unchecked(z * 0xC2B2AE35);
        z ^= z >> 16;
        var r = (z >> 8) / TwoToThe24;
        return (2.0 * r) - 1.0;
    }

    /// <summary>
    /// The values of entry <paramref name="key"/> with <paramref name="shape"/>, in C order, each computed in double
    /// and rounded once to float32. A <c>num_batches_tracked</c> entry (an int64 0 in the files) gives zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The key ends in none of the suffixes the rule covers.</exception>
    public static float[] Values(string key, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (var d in shape)
        {
            n = checked(n * d);
        }

        var values = new float[n];
        if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
        {
            return values;
        }

        var transform = Transform(key, shape, n);
        var seed = Seed(key);
        const int Block = 1 << 20;
        Parallel.For(0, (int)((n + Block - 1) / Block), block =>
        {
            // Each element depends only on its index, so splitting the work cannot change a bit.
            var end = Math.Min(n, ((long)block + 1) * Block);
            for (var i = (long)block * Block; i < end; i++)
            {
                values[i] = (float)transform(Uniform(seed, i));
            }
        });
        return values;
    }

    /// <summary>
    /// Sets every parameter and buffer of <paramref name="module"/> from its own <c>state_dict()</c> key (float32
    /// entries by <see cref="Values"/>, <c>num_batches_tracked</c> to 0), on whatever device it lives.
    /// </summary>
    public static void Fill(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = torch.no_grad();
        foreach (var (key, tensor) in module.state_dict())
        {
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                tensor.zero_();
                continue;
            }

            if (tensor.dtype != ScalarType.Float32)
            {
                throw new ArgumentException($"'{key}' is {tensor.dtype}; the weight rule defines float32 values only", nameof(module));
            }

            using var values = torch.tensor(Values(key, tensor.shape), tensor.shape, ScalarType.Float32);
            tensor.copy_(values);
        }
    }

    private static Func<double, double> Transform(string key, long[] shape, long n)
    {
        // Step 5, in the README's order: the first suffix that matches wins.
        if (key.EndsWith("running_mean", StringComparison.Ordinal))
        {
            return s => 0.1 * s;
        }

        if (key.EndsWith("running_var", StringComparison.Ordinal))
        {
            return s => 1.0 + (0.25 * s);
        }

        if (key.EndsWith("bias", StringComparison.Ordinal))
        {
            return s => 0.1 * s;
        }

        if (key.EndsWith("weight", StringComparison.Ordinal) && shape.Length == 1)
        {
            return s => 1.0 + (0.25 * s); // BatchNorm gamma
        }

        if (key.EndsWith("weight", StringComparison.Ordinal) && shape.Length >= 2)
        {
            var root = Math.Sqrt(n / shape[0]); // fan_in = in * kh * kw (conv) or in_features (linear)
            return s => (2.0 * s) / root;
        }

        throw new ArgumentException($"the weight rule has no value for '{key}' of rank {shape.Length}", nameof(key));
    }
}
