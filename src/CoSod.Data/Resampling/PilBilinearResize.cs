using System.Buffers;
using System.Runtime.CompilerServices;
using CoSod.Data.Imaging;
using CoSod.Metrics;

namespace CoSod.Data.Resampling;

/// <summary>
/// Pillow 9.4 <c>Image.resize((w, h), Image.BILINEAR)</c> on mode "L" and "RGB", bit for bit. eval-co-sod (profile B)
/// resizes predictions this way (metrics-spec.md, section 4), and the GCoNet+, GCoNet and GICD test scripts their
/// RGB inputs (models-spec.md, section 0.1).
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
        ResizeValidated<GreyPixel>(source, sourceWidth, sourceHeight, destination, destinationWidth, destinationHeight);
    }

    /// <summary>Returns a new map of the requested size; the source is not modified.</summary>
    /// <exception cref="ArgumentException">A requested size is not positive.</exception>
    public static GreyMap Resize(GreyMap source, int destinationWidth, int destinationHeight) =>
        ResizeArguments.IntoNewMap(source, destinationWidth, destinationHeight, Resize);

    /// <summary>
    /// Resizes a row-major image of interleaved 8-bit R, G, B into <paramref name="destination"/>: Pillow's resize of
    /// an "RGB" image, which runs each channel through the same coefficients and rounding as mode "L" (the
    /// 8bpc passes on its 4-byte RGBX pixels). Spans hold 3 bytes per pixel.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a span length does not match its size.</exception>
    public static void ResizeRgb(
        ReadOnlySpan<byte> source,
        int sourceWidth,
        int sourceHeight,
        Span<byte> destination,
        int destinationWidth,
        int destinationHeight)
    {
        ResizeArguments.Validate(
            source.Length, sourceWidth, sourceHeight, destination.Length, destinationWidth, destinationHeight,
            channels: RgbPixel.Channels);
        ResizeValidated<RgbPixel>(source, sourceWidth, sourceHeight, destination, destinationWidth, destinationHeight);
    }

    /// <summary>Returns a new RGB image of the requested size; the source is not modified.</summary>
    /// <exception cref="ArgumentException">A requested size is not positive.</exception>
    public static RgbImage Resize(RgbImage source, int destinationWidth, int destinationHeight)
    {
        ArgumentNullException.ThrowIfNull(source);
        ResizeArguments.Validate(
            source.Pixels.Length, source.Width, source.Height, null, destinationWidth, destinationHeight,
            channels: RgbPixel.Channels);
        var pixels = new byte[destinationWidth * destinationHeight * RgbPixel.Channels];
        ResizeValidated<RgbPixel>(source.Pixels, source.Width, source.Height, pixels, destinationWidth, destinationHeight);
        return new RgbImage(destinationWidth, destinationHeight, pixels);
    }

    /// <summary>
    /// The resize for a pixel layout; <typeparamref name="TPixel"/> is a struct so that the JIT compiles one copy
    /// per layout with the channel count as a constant, and the grey passes stay as tight as before.
    /// </summary>
    private static void ResizeValidated<TPixel>(
        ReadOnlySpan<byte> source,
        int sourceWidth,
        int sourceHeight,
        Span<byte> destination,
        int destinationWidth,
        int destinationHeight)
        where TPixel : struct, IPixelLayout
    {
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
                VerticalPass(source, destinationWidth * TPixel.Channels, verticalOnly, destination);
                return;
            case ({ } horizontalOnly, null):
                HorizontalPass<TPixel>(source, sourceWidth, 0, horizontalOnly, destination);
                return;
            case ({ } horizontal, { } vertical):
                int intermediateSize = destinationWidth * TPixel.Channels * plan.IntermediateRows;
                var rented = ArrayPool<byte>.Shared.Rent(intermediateSize);
                try
                {
                    var intermediate = rented.AsSpan(0, intermediateSize);
                    HorizontalPass<TPixel>(source, sourceWidth, plan.FirstRow, horizontal, intermediate);
                    VerticalPass(intermediate, destinationWidth * TPixel.Channels, vertical, destination);
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

    /// <summary>
    /// ImagingResampleHorizontal_8bpc: rows <paramref name="firstRow"/>.. of the source, one output row each. Each
    /// channel of a pixel is summed on its own over the same taps and weights, as Pillow's ss0..ss3 are.
    /// </summary>
    private static void HorizontalPass<TPixel>(ReadOnlySpan<byte> source, int sourceWidth, int firstRow, Kernel kernel, Span<byte> output)
        where TPixel : struct, IPixelLayout
    {
        int channels = TPixel.Channels;
        int outputWidth = kernel.Start.Length;
        int sourceRowBytes = sourceWidth * channels;
        int outputRowBytes = outputWidth * channels;
        int rows = output.Length / outputRowBytes;
        int stride = kernel.Stride;
        var weights = kernel.Weights;
        for (int y = 0; y < rows; y++)
        {
            var row = source.Slice((firstRow + y) * sourceRowBytes, sourceRowBytes);
            var target = output.Slice(y * outputRowBytes, outputRowBytes);
            for (int xx = 0, o = 0; o < target.Length; xx++, o += channels)
            {
                var k = weights.AsSpan(xx * stride, kernel.Count[xx]);
                var taps = row.Slice(kernel.Start[xx] * channels, k.Length * channels);
                if (channels == 1)
                {
                    target[o] = Clip8(Convolve(taps, k));
                    continue;
                }

                for (int c = 0; c < channels; c++)
                {
                    target[o + c] = Clip8(Convolve(taps[c..], k, channels));
                }
            }
        }
    }

    /// <summary>The fixed-point sum of one grey output pixel: the loop shape the JIT clones free of bounds checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Convolve(ReadOnlySpan<byte> taps, ReadOnlySpan<int> weights)
    {
        int sum = RoundingBias;
        for (int t = 0; t < taps.Length; t++)
        {
            sum += taps[t] * weights[t];
        }

        return sum;
    }

    /// <summary>The fixed-point sum of one channel of an interleaved pixel: taps <paramref name="step"/> bytes apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Convolve(ReadOnlySpan<byte> taps, ReadOnlySpan<int> weights, int step)
    {
        int sum = RoundingBias;
        for (int t = 0; t < weights.Length; t++)
        {
            sum += taps[t * step] * weights[t];
        }

        return sum;
    }

    /// <summary>
    /// ImagingResampleVertical_8bpc. The sums run in the same order as Pillow's (tap by tap) but row by row, so the
    /// intermediate is read sequentially; integer addition makes the order irrelevant to the result anyway. A row
    /// is <paramref name="rowBytes"/> bytes whatever the pixel layout: every byte of a column has the same weights.
    /// </summary>
    private static void VerticalPass(ReadOnlySpan<byte> input, int rowBytes, Kernel kernel, Span<byte> output)
    {
        var rented = ArrayPool<int>.Shared.Rent(rowBytes);
        try
        {
            var sums = rented.AsSpan(0, rowBytes);
            int stride = kernel.Stride;
            for (int yy = 0; yy < kernel.Start.Length; yy++)
            {
                sums.Fill(RoundingBias);
                int start = kernel.Start[yy];
                int count = kernel.Count[yy];
                for (int t = 0; t < count; t++)
                {
                    int weight = kernel.Weights[yy * stride + t];
                    var row = input.Slice((start + t) * rowBytes, rowBytes);
                    for (int x = 0; x < sums.Length; x++)
                    {
                        sums[x] += row[x] * weight;
                    }
                }

                var target = output.Slice(yy * rowBytes, rowBytes);
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

    /// <summary>Interleaved bytes per pixel, as a type so the passes are specialised per layout.</summary>
    private interface IPixelLayout
    {
        static abstract int Channels { get; }
    }

    private readonly struct GreyPixel : IPixelLayout
    {
        public static int Channels => 1;
    }

    private readonly struct RgbPixel : IPixelLayout
    {
        public static int Channels => RgbImage.Channels;
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
