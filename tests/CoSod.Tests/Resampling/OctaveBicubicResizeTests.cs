using CoSod.Data.Resampling;
using CoSod.Metrics;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Resampling;

public sealed class OctaveBicubicResizeTests
{
    private const string Rule = "octave_imresize_bicubic";

    // The public fixture set resizes 29 maps (README: `Resized` method, every map but baseball_043).
    private const int PublicReferenceMapCount = 29;

    /// <summary>
    /// How far the float32 pipeline may be from the exact (double) value before rounding, for sizes up to 512 and
    /// shrinks down to 1/200. Derived, per pass:
    /// (1) z = float32(...) is off by at most half an ulp, 2^-15 below 512, and d with it. The Keys kernel's slope
    ///     is at most 25/18 &lt; 1.4 (at |x| = 5/9); widened to s*c(s*x) it is s^2 times that, and at most
    ///     4/s + 1 &lt;= 5/s taps are non-zero (4 when enlarging), so the weights move by at most 7 * 2^-15 in sum,
    ///     0.055 levels on 255.
    /// (2) float32 rounding of s', r - d and the kernel's few operations on values up to 10: under 2^-18 * s per
    ///     weight, 5 * 2^-18 in sum, 0.005 levels.
    /// (3) the sum: each addition rounds by at most half an ulp of a partial sum below 512 (255 times the kernel's
    ///     absolute sum, at most 1.25 + some), 2^-16, and each product by far less; 5/s = 1000 taps give 0.015.
    /// So one pass is within 0.08 of its exact value. The second pass reads values up to 1.3 * 255, so it adds
    /// 1.3 * 0.08, and carries the first pass's error times its weights' absolute sum, 1.3 * 0.08: 0.21 in all.
    /// Pixels whose exact value lies farther than this from a rounding tie (k + 0.5) must come out equal, the others
    /// may be one level off. Random data measure at most 0.005, so the bound is loose, not tight.
    /// </summary>
    private const double PreRoundingErrorBound = 0.25;

    public static TheoryData<string> ReferenceMaps() => ResizeOracle.ReferenceMaps(Rule);

    /// <summary>
    /// Odd sizes for the naive twin: single pixels, single rows and columns (everything mirrored), exact 2x and 3x
    /// in both directions, primes, one axis unchanged (that pass is skipped), non-integer shrinks where the
    /// unnormalised weights do not sum to 1, and the extremes of the widened support (400 -> 2: 800 taps).
    /// </summary>
    public static TheoryData<int, int, int, int> OddSizes() => new()
    {
        { 1, 1, 7, 5 },
        { 5, 3, 1, 1 },
        { 1, 9, 1, 4 },
        { 1, 9, 3, 13 },
        { 9, 1, 4, 1 },
        { 9, 1, 17, 3 },
        { 16, 16, 8, 8 },
        { 13, 11, 26, 22 },
        { 30, 30, 10, 10 },
        { 10, 7, 30, 21 },
        { 97, 89, 31, 37 },
        { 31, 37, 97, 89 },
        { 41, 29, 40, 30 },
        { 50, 40, 24, 41 },
        { 4, 4, 3, 3 },
        { 24, 17, 7, 17 },
        { 17, 24, 17, 5 },
        { 352, 352, 173, 131 },
        { 2, 2, 400, 3 },
        { 400, 3, 2, 2 },
    };

    /// <summary>
    /// Sizes whose exact weights sum to 1 for every output: enlarging (the Keys kernel reproduces constants) and
    /// shrinking by an integer factor N (the widened kernel's Fourier transform vanishes at multiples of N).
    /// </summary>
    public static TheoryData<int, int, int, int> ConstantPreservingSizes() => new()
    {
        { 1, 1, 7, 5 },
        { 9, 1, 17, 3 },
        { 13, 11, 26, 22 },
        { 31, 37, 97, 89 },
        { 16, 16, 8, 8 },
        { 30, 30, 10, 10 },
        { 25, 15, 5, 3 },
        { 12, 10, 36, 5 },
    };

    [Theory]
    [MemberData(nameof(ReferenceMaps))]
    public void Reproduces_Octave_7_3_pixels_of_every_reference_map(string relativePath)
    {
        var fixture = ResizeOracle.Load(Rule, relativePath);

        var actual = OctaveBicubicResize.Resize(fixture.Prediction, fixture.Expected.Width, fixture.Expected.Height);

        ResizeOracle.AssertIdentical(fixture.Expected, actual, relativePath);
    }

    [Fact]
    public void Reference_set_is_complete()
    {
        Assert.Equal(PublicReferenceMapCount, ResizeOracle.ReferenceFiles(Rule).Count);
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Matches_a_double_precision_twin_away_from_rounding_ties(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        var source = ResizeOracle.RandomPixels(sourceWidth * sourceHeight, seed: sourceWidth * 1000 + sourceHeight);
        var exact = NaiveOctaveBicubic(source, sourceWidth, sourceHeight, destinationWidth, destinationHeight);
        var actual = new byte[destinationWidth * destinationHeight];

        OctaveBicubicResize.Resize(source, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

        int beyond = 0, first = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double value = exact[i];
            int expected = (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
            double distanceToTie = Math.Abs(value - Math.Floor(value) - 0.5);
            bool nearTie = distanceToTie <= PreRoundingErrorBound && value > -0.5 && value < 255.5;
            bool allowed = actual[i] == expected || (nearTie && Math.Abs(actual[i] - expected) == 1);
            if (!allowed)
            {
                beyond++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }

        if (beyond > 0)
        {
            Assert.Fail(
                $"{sourceWidth}x{sourceHeight} -> {destinationWidth}x{destinationHeight}: {beyond} of {actual.Length} "
                + $"pixels differ from the exact value beyond the float32 bound; first at x={first % destinationWidth}, "
                + $"y={first / destinationWidth}: exact {exact[first]:R}, got {actual[first]}.");
        }
    }

    [Theory]
    [MemberData(nameof(ConstantPreservingSizes))]
    public void Keeps_a_constant_map_constant_when_the_weights_sum_to_one(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        // The exact result is the level itself, an integer, so float32 errors far below 0.5 cannot move it.
        foreach (byte level in new byte[] { 0, 1, 127, 128, 254, 255 })
        {
            var source = Enumerable.Repeat(level, sourceWidth * sourceHeight).ToArray();
            var actual = new byte[destinationWidth * destinationHeight];

            OctaveBicubicResize.Resize(source, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

            Assert.All(actual, value => Assert.Equal(level, value));
        }
    }

    [Theory]
    [InlineData(100, 100, 101)]
    [InlineData(200, 199, 202)]
    [InlineData(255, 254, 255)]
    public void Does_not_normalise_the_weights_of_a_fractional_shrink(byte level, byte end, byte middle)
    {
        // 4 -> 3 (s = 0.75, P = 3): output 0 sits at z = 7/6, d = 1/6, so its six taps see the kernel at
        // 0.75 * (r - 1/6) = -1.625, -0.875, -0.125, 0.625, 1.375, 2.125 and their weights sum to
        // 0.75 * 1.3271484375 = 0.995361328125; output 1 sits at z = 2.5 and sums to 0.75 * 1.345703125 =
        // 1.00927734375; output 2 mirrors output 0. Octave multiplies the constant by these sums (255 * 1.009 is
        // clamped); normalised weights would keep the level everywhere.
        var source = new[] { level, level, level, level };
        var actual = new byte[3];

        OctaveBicubicResize.Resize(source, 4, 1, actual, 3, 1);

        Assert.Equal(new[] { end, middle, end }, actual);
    }

    [Fact]
    public void Clamps_sixteen_bit_maps_to_their_own_range()
    {
        // The same 4 -> 3 weight sums as above on uint16 levels: 60000 * 0.995361328125 = 59721.68 and
        // 60000 * 1.00927734375 = 60556.64 are far above 255, and 65535 * 1.00927734375 = 66143 is clamped to 65535.
        var actual = new ushort[3];
        OctaveBicubicResize.Resize(new ushort[] { 60000, 60000, 60000, 60000 }, 4, 1, actual, 3, 1);
        Assert.Equal(new ushort[] { 59722, 60557, 59722 }, actual);

        OctaveBicubicResize.Resize(new ushort[] { 65535, 65535, 65535, 65535 }, 4, 1, actual, 3, 1);
        Assert.Equal(new ushort[] { 65231, 65535, 65231 }, actual);
    }

    [Theory]
    [InlineData(31, 37, 97, 89)]
    [InlineData(13, 11, 26, 22)]
    [InlineData(41, 29, 40, 30)]
    public void Sixteen_bit_overload_runs_the_same_arithmetic_as_the_eight_bit_one(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        // Both overloads read the same float32 values from byte data, so they round the same sums; the only
        // difference is the upper clamp, 255 against 65535. Random black and white pixels make the cubic's lobes
        // overshoot above 255 (and below 0) somewhere, so the clamp is exercised.
        var source = ResizeOracle.RandomPixels(sourceWidth * sourceHeight, seed: 31 * sourceWidth + sourceHeight)
            .Select(value => value < 128 ? byte.MinValue : byte.MaxValue)
            .ToArray();
        var wide = source.Select(value => (ushort)value).ToArray();
        var narrowResult = new byte[destinationWidth * destinationHeight];
        var wideResult = new ushort[narrowResult.Length];

        OctaveBicubicResize.Resize(source, sourceWidth, sourceHeight, narrowResult, destinationWidth, destinationHeight);
        OctaveBicubicResize.Resize(wide, sourceWidth, sourceHeight, wideResult, destinationWidth, destinationHeight);

        Assert.Contains(wideResult, value => value > byte.MaxValue);
        Assert.Equal(narrowResult, wideResult.Select(value => (byte)Math.Min(value, (ushort)byte.MaxValue)).ToArray());
    }

    [Fact]
    public void Sixteen_bit_overload_copies_at_the_same_size_and_validates_like_the_eight_bit_one()
    {
        var wide = ResizeOracle.RandomPixels(35, seed: 7).Select(value => (ushort)(value * 257)).ToArray();
        var wideResult = new ushort[35];
        OctaveBicubicResize.Resize(wide, 7, 5, wideResult, 7, 5);
        Assert.Equal(wide, wideResult);

        foreach (var (sw, sh, dw, dh) in new[] { (0, 5, 3, 3), (5, -1, 3, 3), (5, 5, 0, 3), (5, 5, 3, -2) })
        {
            var sizeError = Assert.ThrowsAny<ArgumentException>(() => OctaveBicubicResize.Resize(new ushort[25], sw, sh, new ushort[9], dw, dh));
            Assert.Contains($"{sw}x{sh}", sizeError.Message);
        }

        var sourceError = Assert.ThrowsAny<ArgumentException>(() => OctaveBicubicResize.Resize(new ushort[26], 5, 5, new ushort[9], 3, 3));
        Assert.Contains("26", sourceError.Message);

        // Also when the sizes match and the call would only copy.
        var copyError = Assert.ThrowsAny<ArgumentException>(() => OctaveBicubicResize.Resize(new ushort[25], 5, 5, new ushort[24], 5, 5));
        Assert.Contains("24", copyError.Message);
    }

    /// <summary>
    /// Octave's algorithm from its description, in doubles and as one 2-D sum per pixel (no passes, no float32,
    /// no rounding): s = out/in, 1-based source coordinate z = 0.5 + (1/s)/2 + k/s, taps f + r for r = 1-P .. P,
    /// Keys a = -0.5 widened to s*c(s*x) when shrinking, half-sample mirrored indices, unnormalised weights.
    /// Returns the values before rounding.
    /// </summary>
    private static double[] NaiveOctaveBicubic(byte[] source, int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        var result = new double[destinationWidth * destinationHeight];
        for (int dy = 0; dy < destinationHeight; dy++)
        {
            var rows = Taps(dy, sourceHeight, destinationHeight);
            for (int dx = 0; dx < destinationWidth; dx++)
            {
                var columns = Taps(dx, sourceWidth, destinationWidth);
                double value = 0;
                foreach (var (row, rowWeight) in rows)
                {
                    foreach (var (column, columnWeight) in columns)
                    {
                        value += rowWeight * columnWeight * source[row * sourceWidth + column];
                    }
                }

                result[dy * destinationWidth + dx] = value;
            }
        }

        return result;
    }

    private static List<(int Index, double Weight)> Taps(int destination, int sourceSize, int destinationSize)
    {
        double scale = (double)destinationSize / sourceSize;
        bool shrinking = scale < 1;
        int halfTaps = (int)Math.Ceiling(shrinking ? 2 / scale : 2);
        double z = 0.5 + (double)sourceSize / destinationSize / 2 + destination * (double)sourceSize / destinationSize;
        double f = Math.Floor(z);
        double d = z - f;
        var taps = new List<(int, double)>();
        for (int r = 1 - halfTaps; r <= halfTaps; r++)
        {
            double weight = shrinking ? scale * Keys(scale * (r - d)) : Keys(r - d);
            taps.Add((MirrorHalfSample((long)f + r, sourceSize), weight));
        }

        return taps;
    }

    private static double Keys(double x)
    {
        double ax = Math.Abs(x);
        if (ax <= 1)
        {
            return 1.5 * ax * ax * ax - 2.5 * ax * ax + 1;
        }

        return ax <= 2 ? -0.5 * ax * ax * ax + 2.5 * ax * ax - 4 * ax + 2 : 0;
    }

    /// <summary>1-based index -> 0-based source index: ((i-1) mod n) + 1 on even periods, n - ((i-1) mod n) on odd.</summary>
    private static int MirrorHalfSample(long oneBased, int size)
    {
        long period = (long)Math.Floor((oneBased - 1) / (double)size);
        long offset = (oneBased - 1) - period * size;
        return (int)(period % 2 == 0 ? offset : size - 1 - offset);
    }
}
