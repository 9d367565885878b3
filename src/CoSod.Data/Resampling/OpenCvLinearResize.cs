using System.Buffers;
using CoSod.Metrics;

namespace CoSod.Data.Resampling;

/// <summary>
/// <c>cv::resize(src, dst, Size(w, h), 0, 0, INTER_LINEAR)</c> of OpenCV 4.6.0 on CV_8UC1 data, bit for bit, as
/// Debian builds it: no IPP, no OpenCL, baseline 128-bit universal intrinsics (SSE on amd64). PySODEvalToolkit resizes
/// every prediction whose size differs from its ground truth this way, and the metrics move by up to 5e-4 when the
/// pixels are only approximately right (metrics-spec.md, section 2).
/// </summary>
/// <remarks>
/// The fixed-point pipeline (imgproc/src/resize.cpp): a float source coordinate per output column and row, 11-bit
/// weights, a horizontal pass into int rows, then a vertical pass that truncates twice before a final rounding
/// shift. An exact 2x shrink in both axes is routed to the INTER_AREA fast path (a rounded 2x2 mean) instead.
/// The vertical rounding is the same in every column: OpenCV specialises VResizeLinear for uchar so that its scalar
/// tail repeats the SIMD kernel's shifts instead of FixedPtCast's single rounding (the specialisation predates
/// universal intrinsics and is in 4.6.0). The SIMD width therefore changes which code writes a column, never its
/// value. Applying FixedPtCast to the tail columns instead puts 25 pixels of 4 of the 29 public reference maps off
/// by one (widths 124, 255 and 269, whose 128-bit scalar tails are 4, 7 and 5 columns).
/// </remarks>
public static class OpenCvLinearResize
{
    // imgproc resize.cpp INTER_RESIZE_COEF_BITS: each 1-D weight is a short scaled by 2^11.
    private const int InterResizeCoefBits = 11;
    private const int InterResizeCoefScale = 1 << InterResizeCoefBits;

    // VResizeLinearVec_32s8u and the uchar VResizeLinear tail: v_shr<4> brings each int row value into int16 range
    // for v_pack, v_mul_hi keeps the high 16 bits of the 16x16 product, v_rshr_pack_u<2> rounds away the remaining
    // 2 bits. 4 + 16 + 2 = 2 * InterResizeCoefBits: both passes' scales are undone.
    private const int VerticalPreShift = 4;
    private const int VerticalMulHiShift = 16;
    private const int VerticalRoundShift = 2;
    private const int VerticalRoundDelta = 1 << (VerticalRoundShift - 1);

    // C's DBL_EPSILON (2^-52), which hal::resize uses to decide that a scale is an integer; .NET's double.Epsilon is
    // the smallest subnormal instead.
    private const double DblEpsilon = 2.220446049250313080847263336181640625e-16;

    // The INTER_AREA fast path replaces INTER_LINEAR only for this integer scale in both axes.
    private const int AreaFastScale = 2;

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

        // cv::resize copies when dsize == ssize, before any coefficient is computed.
        if (sourceWidth == destinationWidth && sourceHeight == destinationHeight)
        {
            source.CopyTo(destination);
            return;
        }

        var plan = Plans.Get((sourceWidth, sourceHeight, destinationWidth, destinationHeight));
        if (plan.IsAreaFast)
        {
            ResizeAreaFast(source, sourceWidth, destination, destinationWidth, destinationHeight);
        }
        else
        {
            ResizeLinear(source, sourceWidth, destination, destinationWidth, plan);
        }
    }

    /// <summary>Returns a new map of the requested size; the source is not modified.</summary>
    /// <exception cref="ArgumentException">A requested size is not positive.</exception>
    public static GreyMap Resize(GreyMap source, int destinationWidth, int destinationHeight) =>
        ResizeArguments.IntoNewMap(source, destinationWidth, destinationHeight, Resize);

    private static void ResizeAreaFast(
        ReadOnlySpan<byte> source,
        int sourceWidth,
        Span<byte> destination,
        int destinationWidth,
        int destinationHeight)
    {
        // ResizeAreaFastVec rounds the 2x2 sum half up in its SIMD and scalar code alike. On 8-bit data this equals
        // what the linear path gives at exactly 2x (every weight pair is 1024/1024 and the shifts lose nothing), so
        // the shortcut matters for speed, not pixels; OpenCV takes it and so does this port.
        for (int dy = 0; dy < destinationHeight; dy++)
        {
            var upper = source.Slice(2 * dy * sourceWidth, sourceWidth);
            var lower = source.Slice((2 * dy + 1) * sourceWidth, sourceWidth);
            var output = destination.Slice(dy * destinationWidth, destinationWidth);
            for (int dx = 0; dx < output.Length; dx++)
            {
                int sx = 2 * dx;
                output[dx] = (byte)((upper[sx] + upper[sx + 1] + lower[sx] + lower[sx + 1] + 2) >> 2);
            }
        }
    }

    private static void ResizeLinear(
        ReadOnlySpan<byte> source,
        int sourceWidth,
        Span<byte> destination,
        int destinationWidth,
        Plan plan)
    {
        var rented = ArrayPool<int>.Shared.Rent(2 * destinationWidth);
        try
        {
            // Two horizontally resized rows, each tagged with its source row: consecutive output rows share source
            // rows, and OpenCV likewise computes each source row's horizontal pass once per run of output rows.
            var slotA = rented.AsSpan(0, destinationWidth);
            var slotB = rented.AsSpan(destinationWidth, destinationWidth);
            int rowA = -1, rowB = -1;

            for (int dy = 0; dy < plan.YRow0.Length; dy++)
            {
                int r0 = plan.YRow0[dy], r1 = plan.YRow1[dy];
                if (r0 != rowA && r0 != rowB)
                {
                    if (rowA == r1)
                    {
                        HorizontalPass(source.Slice(r0 * sourceWidth, sourceWidth), plan.XIndex, plan.XWeight, slotB);
                        rowB = r0;
                    }
                    else
                    {
                        HorizontalPass(source.Slice(r0 * sourceWidth, sourceWidth), plan.XIndex, plan.XWeight, slotA);
                        rowA = r0;
                    }
                }

                if (r1 != rowA && r1 != rowB)
                {
                    if (rowA == r0)
                    {
                        HorizontalPass(source.Slice(r1 * sourceWidth, sourceWidth), plan.XIndex, plan.XWeight, slotB);
                        rowB = r1;
                    }
                    else
                    {
                        HorizontalPass(source.Slice(r1 * sourceWidth, sourceWidth), plan.XIndex, plan.XWeight, slotA);
                        rowA = r1;
                    }
                }

                ReadOnlySpan<int> h0 = rowA == r0 ? slotA : slotB;
                ReadOnlySpan<int> h1 = rowA == r1 ? slotA : slotB;
                VerticalPass(h0, h1, plan.YWeight0[dy], plan.YWeight1[dy], destination.Slice(dy * destinationWidth, destinationWidth));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static void HorizontalPass(ReadOnlySpan<byte> row, int[] index, int[] weight, Span<int> output)
    {
        // HResizeLinear and its SIMD twin (v_dotprod of u8 pairs with short weights) are exact integer sums, so
        // one scalar loop reproduces both. Border columns carry (last, last) indices with weights (2048, 0).
        for (int dx = 0; dx < output.Length; dx++)
        {
            int k = 2 * dx;
            output[dx] = row[index[k]] * weight[k] + row[index[k + 1]] * weight[k + 1];
        }
    }

    private static void VerticalPass(ReadOnlySpan<int> row0, ReadOnlySpan<int> row1, int beta0, int beta1, Span<byte> output)
    {
        // Weights are in [0, 2048] and row values in [0, 255 * 2048], so the int16 saturation of v_pack, v_add and
        // v_rshr_pack_u never triggers and the results stay in 0..255: plain shifts are exact. The shifts on
        // non-negative values are the floors the SIMD lanes compute.
        for (int x = 0; x < output.Length; x++)
        {
            int t0 = (beta0 * (row0[x] >> VerticalPreShift)) >> VerticalMulHiShift;
            int t1 = (beta1 * (row1[x] >> VerticalPreShift)) >> VerticalMulHiShift;
            output[x] = (byte)((t0 + t1 + VerticalRoundDelta) >> VerticalRoundShift);
        }
    }

    /// <summary>C's <c>clip(x, a, b)</c> from resize.cpp: clamps to [a, b - 1].</summary>
    private static int Clip(int x, int low, int high) => x >= low ? (x < high ? x : high - 1) : low;

    /// <summary>saturate_cast&lt;short&gt;(float): cvRound (nearest, ties to even), then clamp.</summary>
    private static int SaturateToShort(float value) =>
        (int)Math.Clamp(MathF.Round(value, MidpointRounding.ToEven), short.MinValue, short.MaxValue);

    private sealed class Plan
    {
        private Plan(bool isAreaFast, int[] xIndex, int[] xWeight, int[] yRow0, int[] yRow1, int[] yWeight0, int[] yWeight1)
        {
            IsAreaFast = isAreaFast;
            XIndex = xIndex;
            XWeight = xWeight;
            YRow0 = yRow0;
            YRow1 = yRow1;
            YWeight0 = yWeight0;
            YWeight1 = yWeight1;
        }

        public bool IsAreaFast { get; }

        /// <summary>Two source columns per output column.</summary>
        public int[] XIndex { get; }

        /// <summary>Two 11-bit weights per output column, matching <see cref="XIndex"/>.</summary>
        public int[] XWeight { get; }

        public int[] YRow0 { get; }

        public int[] YRow1 { get; }

        public int[] YWeight0 { get; }

        public int[] YWeight1 { get; }

        public static Plan Build(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
        {
            // hal::resize: inverse scales from the sizes, scales as their reciprocals (not sw/dw), and "integer" means
            // within DBL_EPSILON of saturate_cast<int> (cvRound).
            double invScaleX = (double)destinationWidth / sourceWidth;
            double invScaleY = (double)destinationHeight / sourceHeight;
            double scaleX = 1.0 / invScaleX;
            double scaleY = 1.0 / invScaleY;
            double roundedX = Math.Round(scaleX, MidpointRounding.ToEven);
            double roundedY = Math.Round(scaleY, MidpointRounding.ToEven);
            bool isAreaFast = Math.Abs(scaleX - roundedX) < DblEpsilon && Math.Abs(scaleY - roundedY) < DblEpsilon;
            if (isAreaFast && roundedX == AreaFastScale && roundedY == AreaFastScale)
            {
                return new Plan(true, [], [], [], [], [], []);
            }

            var xIndex = new int[2 * destinationWidth];
            var xWeight = new int[2 * destinationWidth];
            var xSource = new int[destinationWidth];
            var xFraction = new float[destinationWidth];

            // xmax: the first column whose right neighbour falls outside the source. From there on HResizeLinear
            // copies S[xofs] * INTER_RESIZE_COEF_SCALE and ignores the weights.
            int xmax = destinationWidth;
            for (int dx = 0; dx < destinationWidth; dx++)
            {
                // The coordinate is computed in double and rounded to float BEFORE flooring: that rounding decides
                // both the column and the weight.
                float fx = (float)((dx + 0.5) * scaleX - 0.5);
                int sx = (int)MathF.Floor(fx);
                fx -= sx;
                if (sx < 0)
                {
                    fx = 0;
                    sx = 0;
                }

                if (sx + 1 >= sourceWidth)
                {
                    xmax = Math.Min(xmax, dx);
                    if (sx >= sourceWidth - 1)
                    {
                        fx = 0;
                        sx = sourceWidth - 1;
                    }
                }

                xSource[dx] = sx;
                xFraction[dx] = fx;
            }

            for (int dx = 0; dx < destinationWidth; dx++)
            {
                int sx = xSource[dx];
                if (dx >= xmax)
                {
                    xIndex[2 * dx] = sx;
                    xIndex[2 * dx + 1] = sx;
                    xWeight[2 * dx] = InterResizeCoefScale;
                    xWeight[2 * dx + 1] = 0;
                }
                else
                {
                    float fx = xFraction[dx];
                    xIndex[2 * dx] = sx;
                    xIndex[2 * dx + 1] = sx + 1;
                    xWeight[2 * dx] = SaturateToShort((1f - fx) * InterResizeCoefScale);
                    xWeight[2 * dx + 1] = SaturateToShort(fx * InterResizeCoefScale);
                }
            }

            var yRow0 = new int[destinationHeight];
            var yRow1 = new int[destinationHeight];
            var yWeight0 = new int[destinationHeight];
            var yWeight1 = new int[destinationHeight];
            for (int dy = 0; dy < destinationHeight; dy++)
            {
                // Rows are NOT clamped like columns: the weights keep the raw fraction and the row indices are
                // clipped afterwards (resizeGeneric_Invoker), so above the first row both taps read row 0.
                float fy = (float)((dy + 0.5) * scaleY - 0.5);
                int sy = (int)MathF.Floor(fy);
                fy -= sy;
                yRow0[dy] = Clip(sy, 0, sourceHeight);
                yRow1[dy] = Clip(sy + 1, 0, sourceHeight);
                yWeight0[dy] = SaturateToShort((1f - fy) * InterResizeCoefScale);
                yWeight1[dy] = SaturateToShort(fy * InterResizeCoefScale);
            }

            return new Plan(false, xIndex, xWeight, yRow0, yRow1, yWeight0, yWeight1);
        }
    }
}
