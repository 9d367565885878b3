using CoSod.Metrics;

namespace CoSod.Data.Resampling;

/// <summary>
/// <c>cv::resize(src, dst, Size(w, h), 0, 0, INTER_CUBIC)</c> of OpenCV 4.6.0 on CV_8UC1 data, bit for bit, as Debian
/// builds it (baseline 128-bit universal intrinsics, no FMA, no IPP). PySODEvalToolkit's grouped mode
/// (<c>--data-type video</c>, the CoSOD path) resizes every prediction whose size differs from its ground truth this
/// way, where its image mode uses INTER_LINEAR.
/// </summary>
/// <remarks>
/// Keys' cubic with A = -0.75: per axis a float source coordinate, four taps clamped to the image (replicate border)
/// and four float weights rounded to 11-bit fixed point. The horizontal pass is an exact integer sum. The vertical
/// pass differs by column: OpenCV's SIMD kernel (VResizeCubicVec_32s8u) handles the columns of whole 8-wide blocks in
/// float32, weights pre-scaled by 2^-22 and the four products summed innermost first, each step rounded to float32,
/// then rounds half to even; the scalar tail sums exact integers and shifts with round half up. The two disagree on a
/// few pixels in 10^5, so both are reproduced (checked against cv2.resize on the public fixture's
/// <c>reference/resized/cv2_INTER_CUBIC</c> maps and 27 odd sizes, tests/CoSod.Tests/Resampling).
/// </remarks>
public static class OpenCvCubicResize
{
    // imgproc resize.cpp INTER_RESIZE_COEF_BITS: each 1-D weight is a short scaled by 2^11.
    private const int InterResizeCoefBits = 11;
    private const float InterResizeCoefScale = 1 << InterResizeCoefBits;

    // The scalar tail undoes both passes' scales at once: (sum + 2^21) >> 22.
    private const int TailShift = 2 * InterResizeCoefBits;
    private const int TailDelta = 1 << (TailShift - 1);

    /// <summary>VResizeCubicVec_32s8u handles whole blocks of this many columns (8 ushorts per 128-bit register).</summary>
    private const int VectorBlock = 8;

    /// <summary>Keys' cubic parameter as cv::interpolateCubic has it.</summary>
    private const float A = -0.75f;

    /// <summary>The SIMD kernel's float scale: 2^-22, exact in float.</summary>
    private static readonly float VectorScale = 1.0f / (InterResizeCoefScale * InterResizeCoefScale);

    private static readonly PlanCache<(int Source, int Destination), Axis> Axes = new(static k => Axis.Build(k.Source, k.Destination));

    /// <summary>Resizes a row-major 8-bit single-channel image into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive or a span length does not match its size.</exception>
    public static void Resize(
        ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> destination, int destinationWidth, int destinationHeight)
    {
        ResizeArguments.Validate(source.Length, sourceWidth, sourceHeight, destination.Length, destinationWidth, destinationHeight);

        // cv::resize copies when dsize == ssize, before any coefficient is computed.
        if (sourceWidth == destinationWidth && sourceHeight == destinationHeight)
        {
            source.CopyTo(destination);
            return;
        }

        var columns = Axes.Get((sourceWidth, destinationWidth));
        var rows = Axes.Get((sourceHeight, destinationHeight));

        // Consecutive output rows share source rows: each source row's horizontal pass is kept in a ring of four
        // (one per tap) and computed again only when it has left the ring.
        var ring = new int[4][];
        var ringRow = new[] { -1, -1, -1, -1 };
        for (var k = 0; k < ring.Length; k++)
        {
            ring[k] = new int[destinationWidth];
        }

        var vectorColumns = destinationWidth >= VectorBlock ? destinationWidth / VectorBlock * VectorBlock : 0;
        Span<int> taps = stackalloc int[4];
        for (var dy = 0; dy < destinationHeight; dy++)
        {
            var passes = new int[4][];
            for (var k = 0; k < 4; k++)
            {
                var sourceRow = rows.Tap(dy, k);
                taps[k] = sourceRow;
                var slot = Array.IndexOf(ringRow, sourceRow);
                if (slot < 0)
                {
                    slot = FreeSlot(ringRow, taps[..k]);
                    HorizontalPass(source.Slice(sourceRow * sourceWidth, sourceWidth), columns, ring[slot]);
                    ringRow[slot] = sourceRow;
                }

                passes[k] = ring[slot];
            }

            VerticalPass(passes, rows.Weights(dy), vectorColumns, destination.Slice(dy * destinationWidth, destinationWidth));
        }
    }

    /// <summary>Returns a new map of the requested size; the source is not modified.</summary>
    /// <exception cref="ArgumentException">A requested size is not positive.</exception>
    public static GreyMap Resize(GreyMap source, int destinationWidth, int destinationHeight) =>
        ResizeArguments.IntoNewMap(source, destinationWidth, destinationHeight, Resize);

    /// <summary>A ring slot whose row no tap of the current output row uses.</summary>
    private static int FreeSlot(int[] ringRow, ReadOnlySpan<int> inUse)
    {
        for (var s = 0; s < ringRow.Length; s++)
        {
            if (!inUse.Contains(ringRow[s]))
            {
                return s;
            }
        }

        throw new InvalidOperationException("Four taps never need more than four rows.");
    }

    private static void HorizontalPass(ReadOnlySpan<byte> row, Axis columns, Span<int> output)
    {
        for (var dx = 0; dx < output.Length; dx++)
        {
            var w = columns.Weights(dx);
            output[dx] = (row[columns.Tap(dx, 0)] * w[0]) + (row[columns.Tap(dx, 1)] * w[1])
                + (row[columns.Tap(dx, 2)] * w[2]) + (row[columns.Tap(dx, 3)] * w[3]);
        }
    }

    private static void VerticalPass(int[][] rows, ReadOnlySpan<int> beta, int vectorColumns, Span<byte> output)
    {
        var (r0, r1, r2, r3) = (rows[0], rows[1], rows[2], rows[3]);
        float b0 = beta[0] * VectorScale, b1 = beta[1] * VectorScale, b2 = beta[2] * VectorScale, b3 = beta[3] * VectorScale;
        var x = 0;
        for (; x < vectorColumns; x++)
        {
            // S0*b0 + (S1*b1 + (S2*b2 + S3*b3)), every product and sum a float32 (C# float arithmetic never widens).
            float p3 = r3[x] * b3;
            float p2 = r2[x] * b2;
            float s = p2 + p3;
            float p1 = r1[x] * b1;
            s = p1 + s;
            float p0 = r0[x] * b0;
            s = p0 + s;
            output[x] = Saturate((int)MathF.Round(s, MidpointRounding.ToEven));
        }

        for (; x < output.Length; x++)
        {
            var sum = (r0[x] * beta[0]) + (r1[x] * beta[1]) + (r2[x] * beta[2]) + (r3[x] * beta[3]);
            output[x] = Saturate((sum + TailDelta) >> TailShift);
        }
    }

    private static byte Saturate(int value) => (byte)Math.Clamp(value, 0, 255);

    /// <summary>One axis' plan: four source indices and four fixed-point weights per destination index.</summary>
    private sealed class Axis(int[] taps, int[] weights)
    {
        public int Tap(int destination, int k) => taps[(4 * destination) + k];

        public ReadOnlySpan<int> Weights(int destination) => weights.AsSpan(4 * destination, 4);

        public static Axis Build(int source, int destination)
        {
            // scale is 1 / (D / S) in double, as resize.cpp derives it from inv_scale; not S / D.
            var inverse = (double)destination / source;
            var scale = 1.0 / inverse;
            var taps = new int[4 * destination];
            var weights = new int[4 * destination];
            Span<float> w = stackalloc float[4];
            for (var d = 0; d < destination; d++)
            {
                var f = (float)(((d + 0.5) * scale) - 0.5);
                var s = (int)MathF.Floor(f);
                f -= s;
                Coefficients(f, w);
                for (var k = 0; k < 4; k++)
                {
                    taps[(4 * d) + k] = Math.Clamp(s - 1 + k, 0, source - 1);

                    // saturate_cast<short>(w * 2048): round to nearest, ties to even, then clamp.
                    weights[(4 * d) + k] = (int)Math.Clamp(MathF.Round(w[k] * InterResizeCoefScale, MidpointRounding.ToEven), short.MinValue, short.MaxValue);
                }
            }

            return new Axis(taps, weights);
        }

        /// <summary>cv::interpolateCubic, each operation a float32 in the order OpenCV writes it.</summary>
        private static void Coefficients(float x, Span<float> w)
        {
            var x1 = x + 1f;
            w[0] = ((((((A * x1) - (5f * A)) * x1) + (8f * A)) * x1) - (4f * A));
            w[1] = (((((A + 2f) * x) - (A + 3f)) * x) * x) + 1f;
            var complement = 1f - x;
            w[2] = (((((A + 2f) * complement) - (A + 3f)) * complement) * complement) + 1f;
            w[3] = 1f - w[0] - w[1] - w[2];
        }
    }
}
