using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Metrics;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Resampling;

public sealed class PilBilinearResizeTests
{
    private const string Rule = "PIL_BILINEAR";

    // The public fixture set resizes 29 maps (README: `Resized` method, every map but baseball_043).
    private const int PublicReferenceMapCount = 29;

    // Resample.c PRECISION_BITS: each normalised weight is rounded to a multiple of 2^-22.
    private const double WeightQuantum = 1.0 / (1 << 22);

    public static TheoryData<string> ReferenceMaps() => ResizeOracle.ReferenceMaps(Rule);

    /// <summary>
    /// Odd sizes for the naive twin: single pixels, rows and columns, up- and downscales (antialiased, so the
    /// kernel widens), exact 2x and 3x, primes, and unchanged widths or heights (a skipped pass).
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
        { 24, 24, 25, 17 },
        { 24, 17, 7, 17 },
        { 17, 24, 17, 5 },
        { 352, 352, 173, 131 },
        { 200, 3, 7, 11 },
    };

    [Theory]
    [MemberData(nameof(ReferenceMaps))]
    public void Reproduces_Pillow_9_4_pixels_of_every_reference_map(string relativePath)
    {
        var fixture = ResizeOracle.Load(Rule, relativePath);

        var actual = PilBilinearResize.Resize(fixture.Prediction, fixture.Expected.Width, fixture.Expected.Height);

        ResizeOracle.AssertIdentical(fixture.Expected, actual, relativePath);
    }

    [Fact]
    public void Reference_set_is_complete()
    {
        Assert.Equal(PublicReferenceMapCount, ResizeOracle.ReferenceFiles(Rule).Count);
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Matches_a_double_precision_twin_except_at_rounding_ties(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        // The twin follows the same algorithm (widened triangle, normalised weights, uint8 intermediate, rounding
        // half up) with exact double weights. Pillow's only departure is rounding each weight to 2^-22, which
        // moves a sum of n taps of values <= 255 by at most n * 255 * 2^-23. So a pixel may differ, by exactly
        // one level, only where the twin's value lies within that distance of a rounding boundary (k + 0.5), in
        // the final pass or in an intermediate pixel it reads; everywhere else it must be identical.
        var source = ResizeOracle.RandomPixels(sourceWidth * sourceHeight, seed: sourceWidth * 1000 + sourceHeight);
        var twin = NaivePillowBilinear(source, sourceWidth, sourceHeight, destinationWidth, destinationHeight);
        var actual = new byte[destinationWidth * destinationHeight];

        PilBilinearResize.Resize(source, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

        ResizeOracle.AssertWithin(twin.Pixels, actual, destinationWidth, 1, $"{sourceWidth}x{sourceHeight} -> {destinationWidth}x{destinationHeight}");
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(
                actual[i] == twin.Pixels[i] || twin.NearTie[i],
                $"{sourceWidth}x{sourceHeight} -> {destinationWidth}x{destinationHeight}: pixel x={i % destinationWidth}, "
                + $"y={i / destinationWidth} is {actual[i]}, the twin says {twin.Pixels[i]} and no rounding tie explains it.");
        }
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Keeps_a_constant_map_constant(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        // The integer weights of one output sum to 2^22 within a few units, far less than the 2^21 rounding
        // margin even at level 255, so each pass reproduces a constant exactly.
        foreach (byte level in new byte[] { 0, 1, 127, 128, 254, 255 })
        {
            var source = Enumerable.Repeat(level, sourceWidth * sourceHeight).ToArray();
            var actual = new byte[destinationWidth * destinationHeight];

            PilBilinearResize.Resize(source, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

            Assert.All(actual, value => Assert.Equal(level, value));
        }
    }

    /// <summary>
    /// Pillow resizes an "RGB" image through the same 8bpc passes, each channel summed on its own with the same
    /// coefficients and rounding, so every channel of the RGB resize must equal the grey resize of that channel's
    /// plane, bit for bit (a pass that mixed channels, or read the wrong stride, would not).
    /// </summary>
    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Rgb_resize_is_the_grey_resize_of_each_channel(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        var pixels = sourceWidth * sourceHeight;
        var rgb = ResizeOracle.RandomPixels(pixels * 3, seed: sourceWidth * 7919 + sourceHeight);
        var actual = new byte[destinationWidth * destinationHeight * 3];

        PilBilinearResize.ResizeRgb(rgb, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

        for (int c = 0; c < 3; c++)
        {
            var plane = new byte[pixels];
            for (int i = 0; i < pixels; i++)
            {
                plane[i] = rgb[3 * i + c];
            }

            var expected = new byte[destinationWidth * destinationHeight];
            PilBilinearResize.Resize(plane, sourceWidth, sourceHeight, expected, destinationWidth, destinationHeight);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    actual[3 * i + c] == expected[i],
                    $"{sourceWidth}x{sourceHeight} -> {destinationWidth}x{destinationHeight}: channel {c} of pixel x={i % destinationWidth}, "
                    + $"y={i / destinationWidth} is {actual[3 * i + c]}, the grey resize of the channel gives {expected[i]}.");
            }
        }

        var image = PilBilinearResize.Resize(new RgbImage(sourceWidth, sourceHeight, rgb), destinationWidth, destinationHeight);
        Assert.Equal((destinationWidth, destinationHeight), (image.Width, image.Height));
        Assert.Equal(actual, image.Pixels);
    }

    [Fact]
    public void Rgb_spans_are_checked_in_bytes_of_three_per_pixel()
    {
        var grey = new byte[5 * 3];
        var e = Assert.Throws<ArgumentException>(() => PilBilinearResize.ResizeRgb(grey, 5, 3, new byte[4 * 2 * 3], 4, 2));
        Assert.Contains("needs 45 bytes (3 per pixel), got 15", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => PilBilinearResize.ResizeRgb(new byte[45], 5, 3, new byte[4 * 2], 4, 2));
        Assert.Contains("needs 24 bytes (3 per pixel), got 8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Antialiases_when_shrinking()
    {
        // A 1-pixel checkerboard shrunk 3x: the widened triangle averages 0 and 255 to mid-grey, where a plain
        // two-tap bilinear (OpenCV) would sample single pixels and keep 0 or 255.
        const int size = 30;
        var source = new byte[size * size];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = (byte)(((i % size) + (i / size)) % 2 == 0 ? 0 : 255);
        }

        var actual = new byte[10 * 10];
        PilBilinearResize.Resize(source, size, size, actual, 10, 10);

        Assert.All(actual, value => Assert.InRange(value, 100, 155));
    }

    private sealed record Twin(byte[] Pixels, bool[] NearTie);

    /// <summary>
    /// Pillow's BILINEAR as its documentation and Resample.c describe it, in doubles: output pixel i of an axis is
    /// centred at (i + 0.5) * scale in source units; every source pixel j contributes triangle((j + 0.5 - centre) /
    /// max(scale, 1)), the weights are normalised to sum 1, and the value is rounded half up to a byte. Width first
    /// into a byte image, then height; an unchanged dimension is not resampled.
    /// </summary>
    private static Twin NaivePillowBilinear(byte[] source, int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        var intermediate = source;
        var intermediateTie = new bool[source.Length];
        if (destinationWidth != sourceWidth)
        {
            var weights = AxisWeights(sourceWidth, destinationWidth);
            double margin = TieMargin(weights);
            intermediate = new byte[destinationWidth * sourceHeight];
            intermediateTie = new bool[intermediate.Length];
            for (int y = 0; y < sourceHeight; y++)
            {
                for (int x = 0; x < destinationWidth; x++)
                {
                    double value = 0;
                    for (int j = 0; j < sourceWidth; j++)
                    {
                        value += weights[x, j] * source[y * sourceWidth + j];
                    }

                    intermediate[y * destinationWidth + x] = RoundHalfUp(value);
                    intermediateTie[y * destinationWidth + x] = IsNearTie(value, margin);
                }
            }
        }

        if (destinationHeight == sourceHeight)
        {
            return new Twin(intermediate, intermediateTie);
        }

        var vertical = AxisWeights(sourceHeight, destinationHeight);
        double verticalMargin = TieMargin(vertical);
        var pixels = new byte[destinationWidth * destinationHeight];
        var nearTie = new bool[pixels.Length];
        for (int y = 0; y < destinationHeight; y++)
        {
            for (int x = 0; x < destinationWidth; x++)
            {
                double value = 0;
                bool readsATie = false;
                for (int j = 0; j < sourceHeight; j++)
                {
                    if (vertical[y, j] == 0)
                    {
                        continue;
                    }

                    value += vertical[y, j] * intermediate[j * destinationWidth + x];
                    readsATie |= intermediateTie[j * destinationWidth + x];
                }

                pixels[y * destinationWidth + x] = RoundHalfUp(value);
                nearTie[y * destinationWidth + x] = readsATie || IsNearTie(value, verticalMargin);
            }
        }

        return new Twin(pixels, nearTie);
    }

    private static double[,] AxisWeights(int sourceSize, int destinationSize)
    {
        double scale = (double)sourceSize / destinationSize;
        double support = Math.Max(scale, 1.0);
        var weights = new double[destinationSize, sourceSize];
        for (int i = 0; i < destinationSize; i++)
        {
            double centre = (i + 0.5) * scale;
            double sum = 0;
            for (int j = 0; j < sourceSize; j++)
            {
                double distance = Math.Abs(j + 0.5 - centre) / support;
                weights[i, j] = distance < 1 ? 1 - distance : 0;
                sum += weights[i, j];
            }

            for (int j = 0; j < sourceSize; j++)
            {
                weights[i, j] /= sum;
            }
        }

        return weights;
    }

    /// <summary>How far 22-bit weights can move a sum: half a quantum per non-zero tap, times 255, plus slack for
    /// the twin's own double rounding.</summary>
    private static double TieMargin(double[,] weights)
    {
        int widest = 0;
        for (int i = 0; i < weights.GetLength(0); i++)
        {
            int taps = 0;
            for (int j = 0; j < weights.GetLength(1); j++)
            {
                taps += weights[i, j] != 0 ? 1 : 0;
            }

            widest = Math.Max(widest, taps);
        }

        return widest * 255 * WeightQuantum / 2 + 1e-9;
    }

    private static bool IsNearTie(double value, double margin) => Math.Abs(value - Math.Floor(value) - 0.5) <= margin;

    private static byte RoundHalfUp(double value) => (byte)Math.Clamp(Math.Floor(value + 0.5), 0, 255);
}
