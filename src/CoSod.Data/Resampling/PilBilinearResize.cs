using System.Buffers;
using CoSod.Metrics;

namespace CoSod.Data.Resampling;

/// <summary>
/// Pillow 9.4 <c>Image.resize((w, h), Image.BILINEAR)</c> on mode "L", bit for bit. eval-co-sod (profile B) resizes
/// predictions this way (metrics-spec.md, section 4).
/// </summary>
/// <remarks>
/// libImaging/Resample.c: the triangle filter is widened by the scale when shrinking (so this antialiases, unlike
/// OpenCV's INTER_LINEAR), the normalised double weights become 22-bit integers, and the image goes through a
/// horizontal pass into a uint8 intermediate holding only the rows the vertical pass reads, then a vertical pass.
/// A pass is skipped when its dimension does not change, as ImagingResampleInner decides.
/// </remarks>
public static class PilBilinearResize
{
    // Resample.c PRECISION_BITS = 32 - 8 - 2: 8 bits of result, 2 bits of headroom for negative lobes and overshoot.
    private const int PrecisionBits = 32 - 8 - 2;

    // Every accumulator starts at half a unit, so the final shift rounds half up.
    private const int RoundingBias = 1 << (PrecisionBits - 1);

    // Resample.c BILINEAR = {bilinear_filter, 1.0}: the support before widening.
    private const double BilinearSupport = 1.0;

    // A dataset resizes from a handful of distinct sizes; the bound only keeps a pathological caller from growing it.
    private static readonly PlanCache<(int SourceWidth, int SourceHeight, int DestinationWidth, int DestinationHeight), Plan> Plans =
        new(static k => Plan.Build(k.SourceWidth, k.SourceHeight, k.DestinationWidth, k.DestinationHeight));

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
        ResizeArguments.Validate(source.Length, sourceWidth, sourceHeight, destination.Length, destinationWidth, destinationHeight);

        // Image.resize returns a copy when the size and the default box are unchanged.
        if (sourceWidth == destinationWidth && sourceHeight == destinationHeight)
        {
            source.CopyTo(destination);
            return;
        }

        var plan = Plans.Get((sourceWidth, sourceHeight, destinationWidth, destinationHeight));
        switch (plan.Horizontal, plan.Vertical)
        {
            case (null, { } verticalOnly):
                VerticalPass(source, destinationWidth, verticalOnly, destination);
                return;
            case ({ } horizontalOnly, null):
                HorizontalPass(source, sourceWidth, 0, horizontalOnly, destination);
                return;
            case ({ } horizontal, { } vertical):
                int intermediateSize = destinationWidth * plan.IntermediateRows;
                var rented = ArrayPool<byte>.Shared.Rent(intermediateSize);
                try
                {
                    var intermediate = rented.AsSpan(0, intermediateSize);
                    HorizontalPass(source, sourceWidth, plan.FirstRow, horizontal, intermediate);
                    VerticalPass(intermediate, destinationWidth, vertical, destination);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }

                return;
            default:
                throw new InvalidOperationException("A plan for a size change has at least one pass.");
        }
    }

    /// <summary>Returns a new map of the requested size; the source is not modified.</summary>
    /// <exception cref="ArgumentException">A requested size is not positive.</exception>
    public static GreyMap Resize(GreyMap source, int destinationWidth, int destinationHeight) =>
        ResizeArguments.IntoNewMap(source, destinationWidth, destinationHeight, Resize);

    /// <summary>ImagingResampleHorizontal_8bpc: rows <paramref name="firstRow"/>.. of the source, one output row each.</summary>
    private static void HorizontalPass(ReadOnlySpan<byte> source, int sourceWidth, int firstRow, Kernel kernel, Span<byte> output)
    {
        int outputWidth = kernel.Start.Length;
        int rows = output.Length / outputWidth;
        int stride = kernel.Stride;
        var weights = kernel.Weights;
        for (int y = 0; y < rows; y++)
        {
            var row = source.Slice((firstRow + y) * sourceWidth, sourceWidth);
            var target = output.Slice(y * outputWidth, outputWidth);
            for (int xx = 0; xx < target.Length; xx++)
            {
                var taps = row.Slice(kernel.Start[xx], kernel.Count[xx]);
                var k = weights.AsSpan(xx * stride, taps.Length);
                int sum = RoundingBias;
                for (int t = 0; t < taps.Length; t++)
                {
                    sum += taps[t] * k[t];
                }

                target[xx] = Clip8(sum);
            }
        }
    }

    /// <summary>
    /// ImagingResampleVertical_8bpc. The sums run in the same order as Pillow's (tap by tap) but row by row, so the
    /// intermediate is read sequentially; integer addition makes the order irrelevant to the result anyway.
    /// </summary>
    private static void VerticalPass(ReadOnlySpan<byte> input, int width, Kernel kernel, Span<byte> output)
    {
        var rented = ArrayPool<int>.Shared.Rent(width);
        try
        {
            var sums = rented.AsSpan(0, width);
            int stride = kernel.Stride;
            for (int yy = 0; yy < kernel.Start.Length; yy++)
            {
                sums.Fill(RoundingBias);
                int start = kernel.Start[yy];
                int count = kernel.Count[yy];
                for (int t = 0; t < count; t++)
                {
                    int weight = kernel.Weights[yy * stride + t];
                    var row = input.Slice((start + t) * width, width);
                    for (int x = 0; x < sums.Length; x++)
                    {
                        sums[x] += row[x] * weight;
                    }
                }

                var target = output.Slice(yy * width, width);
                for (int x = 0; x < target.Length; x++)
                {
                    target[x] = Clip8(sums[x]);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>Resample.c clip8: the integer part of the fixed-point sum, clamped to a byte.</summary>
    private static byte Clip8(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    /// <summary>Resample.c bilinear_filter: the triangle of half-width 1.</summary>
    private static double BilinearFilter(double x)
    {
        if (x < 0.0)
        {
            x = -x;
        }

        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /// <summary>One axis' taps: first source index, tap count and 22-bit weights (row-major, <see cref="Stride"/> apart).</summary>
    private sealed class Kernel
    {
        private Kernel(int[] start, int[] count, int[] weights, int stride)
        {
            Start = start;
            Count = count;
            Weights = weights;
            Stride = stride;
        }

        public int[] Start { get; }

        public int[] Count { get; }

        public int[] Weights { get; }

        public int Stride { get; }

        /// <summary>precompute_coeffs followed by normalize_coeffs_8bpc, with the default box (0, inSize).</summary>
        public static Kernel Build(int inSize, int outSize)
        {
            // The box arrives as floats; their difference is taken in float, then widened.
            float in0 = 0f;
            float in1 = inSize;
            double scale = (double)(in1 - in0) / outSize;
            double filterScale = scale < 1.0 ? 1.0 : scale;
            double support = BilinearSupport * filterScale;
            int stride = (int)Math.Ceiling(support) * 2 + 1;

            var start = new int[outSize];
            var count = new int[outSize];
            var weights = new int[outSize * stride];
            var taps = new double[stride];
            for (int xx = 0; xx < outSize; xx++)
            {
                double center = in0 + (xx + 0.5) * scale;
                double sumOfWeights = 0.0;
                double invFilterScale = 1.0 / filterScale;

                // Pillow "rounds" with +0.5 and a C cast, which truncates toward zero.
                int xmin = (int)(center - support + 0.5);
                if (xmin < 0)
                {
                    xmin = 0;
                }

                int xmax = (int)(center + support + 0.5);
                if (xmax > inSize)
                {
                    xmax = inSize;
                }

                xmax -= xmin;
                for (int x = 0; x < xmax; x++)
                {
                    // Same operation order as Resample.c: (x + xmin) - center + 0.5, then times the reciprocal.
                    double w = BilinearFilter((x + xmin - center + 0.5) * invFilterScale);
                    taps[x] = w;
                    sumOfWeights += w;
                }

                for (int x = 0; x < xmax; x++)
                {
                    if (sumOfWeights != 0.0)
                    {
                        taps[x] /= sumOfWeights;
                    }

                    // normalize_coeffs_8bpc: half away from zero by +-0.5 and truncation.
                    weights[xx * stride + x] = taps[x] < 0
                        ? (int)(-0.5 + taps[x] * (1 << PrecisionBits))
                        : (int)(0.5 + taps[x] * (1 << PrecisionBits));
                }

                start[xx] = xmin;
                count[xx] = xmax;
            }

            return new Kernel(start, count, weights, stride);
        }
    }

    private sealed class Plan
    {
        private Plan(Kernel? horizontal, Kernel? vertical, int firstRow, int intermediateRows)
        {
            Horizontal = horizontal;
            Vertical = vertical;
            FirstRow = firstRow;
            IntermediateRows = intermediateRows;
        }

        /// <summary>Null when the width is unchanged (ImagingResampleInner's need_horizontal is false).</summary>
        public Kernel? Horizontal { get; }

        /// <summary>
        /// Null when the height is unchanged. Otherwise its row starts are relative to <see cref="FirstRow"/> when
        /// there is a horizontal pass (they index the intermediate) and absolute when there is not.
        /// </summary>
        public Kernel? Vertical { get; }

        /// <summary>ybox_first: the first source row any output row reads.</summary>
        public int FirstRow { get; }

        /// <summary>ybox_last - ybox_first: the rows the horizontal pass produces.</summary>
        public int IntermediateRows { get; }

        public static Plan Build(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
        {
            bool needHorizontal = destinationWidth != sourceWidth;
            bool needVertical = destinationHeight != sourceHeight;

            // Pillow always computes the vertical coefficients, since they bound the rows of the intermediate.
            var vertical = Kernel.Build(sourceHeight, destinationHeight);
            int firstRow = vertical.Start[0];
            int lastRow = vertical.Start[^1] + vertical.Count[^1];

            if (!needHorizontal)
            {
                return new Plan(null, vertical, 0, sourceHeight);
            }

            var horizontal = Kernel.Build(sourceWidth, destinationWidth);
            if (!needVertical)
            {
                // An unchanged height reads every source row once with weight 1, so the horizontal pass alone is
                // the result, written straight to the destination.
                return new Plan(horizontal, null, 0, sourceHeight);
            }

            for (int i = 0; i < vertical.Start.Length; i++)
            {
                vertical.Start[i] -= firstRow;
            }

            return new Plan(horizontal, vertical, firstRow, lastRow - firstRow);
        }
    }
}
