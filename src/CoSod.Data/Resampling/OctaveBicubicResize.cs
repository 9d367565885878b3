using System.Buffers;
using System.Numerics;
using CoSod.Metrics;

namespace CoSod.Data.Resampling;

/// <summary>
/// <c>imresize(map, [h w])</c> of GNU Octave 7.3.0 with octave-image 2.14.0 (default method bicubic, antialiasing
/// when shrinking) on uint8 and uint16 images, bit for bit. The CoSOD MATLAB toolbox (profile C) resizes every map
/// whose size differs from its ground truth this way when the oracle runs it under Octave (metrics-spec.md, 8.2 and
/// 8.7 item 4). MATLAB's own imresize normalises its weights, works in double and rounds after each pass; Octave's
/// does none of that, and 10.8% of resized pixels differ by up to 6 levels between the two.
/// </summary>
/// <remarks>
/// Two separable passes on float32 data with no rounding between them: the one that changes the width runs first,
/// then the one that changes the height (the other order puts 6 pixels of one public reference map, a 224x224 ->
/// 364x238 upscale, off by one). A pass whose size does not change is skipped. Each output sample k (0-based) sits at
/// the 1-based source coordinate z = float32(0.5 + (1/s)/2 + k/s), s = out/in in double; with f = floor(z) and
/// d = z - f, taps r = 1-P .. P read the source at f + r, mirrored about the half-sample edges, weighted by the Keys
/// cubic (a = -0.5) at float32(r - d), widened to s'*c(s'*x) with s' = float32(s) when shrinking. The products are
/// summed in float32 in tap order and the weights are not normalised, so a shrink by a non-integer factor can move a
/// constant map by a few levels. The result is rounded half away from zero and clamped to the type's range.
/// Every float32/double boundary above was checked against the 29 public reference maps: computing z in float32
/// (18 of 29 match), the kernel in double (21), s' in double (26), |x|^3 as pow (24), fusing the multiply-add (26),
/// accumulating in double (26) or rounding half to even (28) each breaks some of them.
/// </remarks>
public static class OctaveBicubicResize
{
    // Keys (1981) cubic convolution parameter; octave-image's "cubic" uses a = -0.5, as MATLAB's imresize does.
    private const float KeysA = -0.5f;

    // The Keys kernel is zero outside |x| <= 2, so its support (full width) is 4 samples before widening.
    private const double KernelSupport = 4.0;

    // A dataset resizes between a handful of distinct lengths; the bound only keeps a pathological caller from
    // growing the cache.
    private static readonly PlanCache<(int SourceLength, int DestinationLength), AxisPlan> Plans =
        new(static k => AxisPlan.Build(k.SourceLength, k.DestinationLength));

    /// <summary>Resizes a row-major 8-bit single-channel image into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive or a span length does not match its size.</exception>
    public static void Resize(
        ReadOnlySpan<byte> source,
        int sourceWidth,
        int sourceHeight,
        Span<byte> destination,
        int destinationWidth,
        int destinationHeight)
    {
        ResizeArguments.Validate(
            source.Length, sourceWidth, sourceHeight, destination.Length, destinationWidth, destinationHeight,
            (long)sourceHeight * destinationWidth);
        ResizeCore(source, sourceWidth, sourceHeight, destination, destinationWidth, destinationHeight);
    }

    /// <summary>
    /// Resizes a row-major 16-bit single-channel image into <paramref name="destination"/>: the same arithmetic as
    /// the 8-bit overload, clamped to 0..65535 as Octave's conversion back to uint16 does.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a span length does not match its size.</exception>
    public static void Resize(
        ReadOnlySpan<ushort> source,
        int sourceWidth,
        int sourceHeight,
        Span<ushort> destination,
        int destinationWidth,
        int destinationHeight)
    {
        ResizeArguments.Validate(
            source.Length, sourceWidth, sourceHeight, destination.Length, destinationWidth, destinationHeight,
            (long)sourceHeight * destinationWidth);
        ResizeCore(source, sourceWidth, sourceHeight, destination, destinationWidth, destinationHeight);
    }

    /// <summary>Returns a new map of the requested size; the source is not modified.</summary>
    /// <exception cref="ArgumentException">A requested size is not positive.</exception>
    public static GreyMap Resize(GreyMap source, int destinationWidth, int destinationHeight) =>
        ResizeArguments.IntoNewMap(
            source, destinationWidth, destinationHeight, Resize, (long)(source?.Height ?? 0) * destinationWidth);

    private static void ResizeCore<T>(
        ReadOnlySpan<T> source,
        int sourceWidth,
        int sourceHeight,
        Span<T> destination,
        int destinationWidth,
        int destinationHeight)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        bool resizeWidth = sourceWidth != destinationWidth;
        bool resizeHeight = sourceHeight != destinationHeight;
        if (!resizeWidth && !resizeHeight)
        {
            // imresize returns its input when the size already matches.
            source.CopyTo(destination);
            return;
        }

        if (!resizeWidth)
        {
            VerticalPass(source, destination, destinationWidth, Plans.Get((sourceHeight, destinationHeight)));
            return;
        }

        var horizontal = Plans.Get((sourceWidth, destinationWidth));
        int intermediateLength = sourceHeight * destinationWidth;
        var rented = ArrayPool<float>.Shared.Rent(intermediateLength);
        try
        {
            // The width pass keeps its float32 sums: Octave does not round between the passes.
            var intermediate = rented.AsSpan(0, intermediateLength);
            for (int y = 0; y < sourceHeight; y++)
            {
                HorizontalPass(
                    source.Slice(y * sourceWidth, sourceWidth),
                    intermediate.Slice(y * destinationWidth, destinationWidth),
                    horizontal);
            }

            if (resizeHeight)
            {
                VerticalPass<float, T>(intermediate, destination, destinationWidth, Plans.Get((sourceHeight, destinationHeight)));
            }
            else
            {
                for (int i = 0; i < intermediate.Length; i++)
                {
                    destination[i] = ToOutput<T>(intermediate[i]);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static void HorizontalPass<T>(ReadOnlySpan<T> row, Span<float> output, AxisPlan plan)
        where T : unmanaged, INumberBase<T>
    {
        var start = plan.Start;
        var index = plan.Index;
        var weight = plan.Weight;
        for (int k = 0; k < output.Length; k++)
        {
            // Multiply, round to float32, add, round again: RyuJIT never contracts this into a fused multiply-add,
            // and a fused one puts pixels of 3 reference maps off by one.
            float sum = 0f;
            for (int t = start[k]; t < start[k + 1]; t++)
            {
                sum += weight[t] * float.CreateTruncating(row[index[t]]);
            }

            output[k] = sum;
        }
    }

    private static void VerticalPass<TIn, TOut>(ReadOnlySpan<TIn> input, Span<TOut> destination, int width, AxisPlan plan)
        where TIn : unmanaged, INumberBase<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>, IMinMaxValue<TOut>
    {
        var rented = ArrayPool<float>.Shared.Rent(width);
        try
        {
            // One output row at a time, adding whole source rows tap by tap: every pixel still sums its own
            // products in tap order, which is all the float32 result depends on.
            var sum = rented.AsSpan(0, width);
            int outputRows = plan.Start.Length - 1;
            for (int k = 0; k < outputRows; k++)
            {
                sum.Clear();
                for (int t = plan.Start[k]; t < plan.Start[k + 1]; t++)
                {
                    float w = plan.Weight[t];
                    var row = input.Slice(plan.Index[t] * width, width);
                    for (int x = 0; x < width; x++)
                    {
                        sum[x] += w * float.CreateTruncating(row[x]);
                    }
                }

                var output = destination.Slice(k * width, width);
                for (int x = 0; x < width; x++)
                {
                    output[x] = ToOutput<TOut>(sum[x]);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Octave's conversion of a single to an integer class: round half away from zero, saturate to the class range
    /// (rounding half to even instead puts one reference map off).
    /// </summary>
    private static T ToOutput<T>(float value)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        float rounded = MathF.Round(value, MidpointRounding.AwayFromZero);
        float clamped = Math.Clamp(rounded, 0f, float.CreateTruncating(T.MaxValue));
        return T.CreateTruncating(clamped);
    }

    /// <summary>
    /// The Keys cubic in float32, |x|^3 as (|x|*|x|)*|x| and each polynomial evaluated left to right as written
    /// (Horner's form puts 11 of 29 reference maps off). Both pieces are exactly 0 at |x| = 1 and 2.
    /// </summary>
    private static float Cubic(float x)
    {
        float ax = MathF.Abs(x);
        float ax2 = ax * ax;
        float ax3 = ax2 * ax;
        if (ax <= 1f)
        {
            // (a + 2)|x|^3 - (a + 3)|x|^2 + 1
            return (KeysA + 2f) * ax3 - (KeysA + 3f) * ax2 + 1f;
        }

        if (ax <= 2f)
        {
            // a|x|^3 - 5a|x|^2 + 8a|x| - 4a
            return KeysA * ax3 - 5f * KeysA * ax2 + 8f * KeysA * ax - 4f * KeysA;
        }

        return 0f;
    }

    /// <summary>
    /// 0-based source index of the 1-based index <paramref name="oneBased"/> under half-sample mirroring: period 2n,
    /// even periods read forwards, odd ones backwards, so 0 reads sample 1, -1 sample 2, n + 1 sample n.
    /// </summary>
    private static int Mirror(long oneBased, int length)
    {
        long zeroBased = oneBased - 1;
        long period = Math.DivRem(zeroBased, length, out long offset);
        if (offset < 0)
        {
            // C# division truncates; the mirror needs floor((i - 1) / n) and the matching non-negative remainder.
            offset += length;
            period--;
        }

        return (int)((period & 1) == 0 ? offset : length - 1 - offset);
    }

    /// <summary>
    /// The taps of one axis for one (source length, destination length) pair, in tap order: output k reads
    /// Index[t] with Weight[t] for t in Start[k] .. Start[k + 1] - 1.
    /// </summary>
    private sealed class AxisPlan
    {
        private AxisPlan(int[] start, int[] index, float[] weight)
        {
            Start = start;
            Index = index;
            Weight = weight;
        }

        public int[] Start { get; }

        public int[] Index { get; }

        public float[] Weight { get; }

        public static AxisPlan Build(int sourceLength, int destinationLength)
        {
            double scale = (double)destinationLength / sourceLength;
            float scaleSingle = (float)scale;
            bool shrinking = scale < 1;
            double support = shrinking ? KernelSupport / scale : KernelSupport;
            int halfTaps = (int)Math.Ceiling(support / 2);

            var start = new int[destinationLength + 1];
            var index = new List<int>(destinationLength * 2 * halfTaps);
            var weight = new List<float>(destinationLength * 2 * halfTaps);
            for (int k = 0; k < destinationLength; k++)
            {
                start[k] = index.Count;

                // Computed in double and rounded to float32 once; summing in float32 instead puts 11 maps off.
                float z = (float)(0.5 + 1 / scale / 2 + k / scale);
                float f = MathF.Floor(z);

                // Both exact: z - floor(z) keeps z's low bits, and float32(r - d) is the single rounding the
                // float32 subtraction performs.
                float d = z - f;
                for (int r = 1 - halfTaps; r <= halfTaps; r++)
                {
                    float x = r - d;
                    float w = shrinking ? scaleSingle * Cubic(scaleSingle * x) : Cubic(x);

                    // A zero weight adds +-0 to the sum, which changes no value: skipping it is exact and trims the
                    // widened support to the taps that matter.
                    if (w != 0f)
                    {
                        index.Add(Mirror((long)f + r, sourceLength));
                        weight.Add(w);
                    }
                }
            }

            start[destinationLength] = index.Count;
            return new AxisPlan(start, [.. index], [.. weight]);
        }
    }
}
