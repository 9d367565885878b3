namespace CoSod.Models.Inference;

/// <summary>
/// <c>F.interpolate(x, size, mode='bilinear', align_corners=True)</c> on one float32 map, bit for bit as the
/// official test scripts' PyTorch (1.13 on the CPU) computes it, which is what the saved maps were made with.
/// </summary>
/// <remarks>
/// libtorch 2.10 (TorchSharp) takes another kernel for a one-channel map and flips about 1,700 of 120,000 pixels
/// between 254 and 255 after the truncation to 8 bits, so the arithmetic is reproduced here. Measured against
/// PyTorch 1.13 on the parity fixtures and on odd sizes (tests/CoSod.Tests/Models/Data/make_interpolate_oracle.py):
/// the scale (in−1)/(out−1) is a float32 division; the source position scale·i is formed exactly (in double), its
/// integer part is the first tap and the rest, rounded to float32, is λ₁ (λ₀ = 1 − λ₁ in float32); the four tap
/// weights are float32 products λy·λx; the weighted sum of the four taps is accumulated in double and rounded once.
/// </remarks>
public static class TorchBilinearResize
{
    /// <summary>Resizes a row-major <paramref name="sourceHeight"/>×<paramref name="sourceWidth"/> map.</summary>
    public static float[] Resize(ReadOnlySpan<float> source, int sourceHeight, int sourceWidth, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (source.Length != (long)sourceHeight * sourceWidth)
        {
            throw new ArgumentException($"A {sourceHeight}x{sourceWidth} map has {(long)sourceHeight * sourceWidth} values, got {source.Length}.", nameof(source));
        }

        var rows = Taps.Build(sourceHeight, height);
        var columns = Taps.Build(sourceWidth, width);
        var output = new float[(long)height * width];
        for (var y = 0; y < height; y++)
        {
            var top = source.Slice(rows.First[y] * sourceWidth, sourceWidth);
            var bottom = source.Slice((rows.First[y] + rows.Step[y]) * sourceWidth, sourceWidth);
            float wy0 = rows.Lambda0[y], wy1 = rows.Lambda1[y];
            var target = output.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                int x0 = columns.First[x], x1 = x0 + columns.Step[x];
                float wx0 = columns.Lambda0[x], wx1 = columns.Lambda1[x];
                float w00 = wy0 * wx0, w01 = wy0 * wx1, w10 = wy1 * wx0, w11 = wy1 * wx1;
                target[x] = (float)(((double)top[x0] * w00) + ((double)top[x1] * w01) + ((double)bottom[x0] * w10) + ((double)bottom[x1] * w11));
            }
        }

        return output;
    }

    /// <summary>The first tap, the step to the second (0 at the last index) and the two weights, per output index.</summary>
    private sealed class Taps
    {
        private Taps(int size)
        {
            First = new int[size];
            Step = new int[size];
            Lambda0 = new float[size];
            Lambda1 = new float[size];
        }

        public int[] First { get; }

        public int[] Step { get; }

        public float[] Lambda0 { get; }

        public float[] Lambda1 { get; }

        public static Taps Build(int inputSize, int outputSize)
        {
            var taps = new Taps(outputSize);
            var scale = outputSize > 1 ? (float)(inputSize - 1) / (outputSize - 1) : 0f;
            for (var i = 0; i < outputSize; i++)
            {
                var position = (double)scale * i;
                var first = (int)position;
                var lambda1 = Math.Clamp((float)(position - first), 0f, 1f);
                taps.First[i] = first;
                taps.Step[i] = first < inputSize - 1 ? 1 : 0;
                taps.Lambda1[i] = lambda1;
                taps.Lambda0[i] = 1f - lambda1;
            }

            return taps;
        }
    }
}
