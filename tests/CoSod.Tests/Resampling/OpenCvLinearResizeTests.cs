using CoSod.Data.Resampling;
using CoSod.Metrics;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Resampling;

public sealed class OpenCvLinearResizeTests
{
    private const string Rule = "cv2_INTER_LINEAR";

    // The public fixture set resizes 29 maps (README: `Resized` method, every map but baseball_043).
    private const int PublicReferenceMapCount = 29;

    public static TheoryData<string> ReferenceMaps() => ResizeOracle.ReferenceMaps(Rule);

    /// <summary>
    /// Odd sizes for the naive twin: single pixels, single rows and columns, up- and downscales, exact 2x (the
    /// INTER_AREA shortcut), 3x, primes, and widths around OpenCV's 16- and 8-lane SIMD blocks (24 = 16 + a tail
    /// of exactly 8, which the strict 8-lane loop leaves to scalar code; 25 = 16 + 8 + 1; 7 = scalar only).
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
        { 34, 18, 17, 9 },
        { 13, 11, 26, 22 },
        { 30, 30, 10, 10 },
        { 10, 7, 30, 21 },
        { 97, 89, 31, 37 },
        { 31, 37, 97, 89 },
        { 41, 29, 40, 30 },
        { 50, 40, 24, 41 },
        { 24, 24, 25, 17 },
        { 24, 17, 7, 17 },
        { 17, 24, 17, 5 },
        { 352, 352, 173, 131 },
        { 34, 18, 17, 18 },
    };

    [Theory]
    [MemberData(nameof(ReferenceMaps))]
    public void Reproduces_OpenCV_4_6_pixels_of_every_reference_map(string relativePath)
    {
        var fixture = ResizeOracle.Load(Rule, relativePath);

        var actual = OpenCvLinearResize.Resize(fixture.Prediction, fixture.Expected.Width, fixture.Expected.Height);

        ResizeOracle.AssertIdentical(fixture.Expected, actual, relativePath);
    }

    [Fact]
    public void Reference_set_is_complete()
    {
        Assert.Equal(PublicReferenceMapCount, ResizeOracle.ReferenceFiles(Rule).Count);
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Stays_within_one_level_of_a_double_precision_bilinear(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        // Tolerance 1 grey level, derived from resize.cpp: the 11-bit weights are off by at most 0.5/2048 plus the
        // float rounding of the source coordinate (< 2^-15 for coordinates below 1024, i.e. 0.0625/2048), which
        // moves a value by at most 255 * 0.5625 / 2048 = 0.07 per pass, 0.14 in all. The SIMD vertical kernel then
        // truncates twice per tap (>> 4, then v_mul_hi's >> 16) before adding 2 and shifting by 2, which lowers the
        // pre-rounding value by less than (2 + 2048 * 15/16 / 65536) / 4 = 0.508. Both effects together stay
        // below one level either side of round-half-up of the exact value, so 1 is the bound, not a guess.
        // The exact 2x shrink is a 2x2 mean rounded half up in both, and must match exactly.
        var source = ResizeOracle.RandomPixels(sourceWidth * sourceHeight, seed: sourceWidth * 1000 + sourceHeight);
        var expected = NaiveOpenCvLinear(source, sourceWidth, sourceHeight, destinationWidth, destinationHeight);
        var actual = new byte[destinationWidth * destinationHeight];

        OpenCvLinearResize.Resize(source, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

        bool exactTwoTimes = sourceWidth == 2 * destinationWidth && sourceHeight == 2 * destinationHeight;
        int tolerance = exactTwoTimes ? 0 : 1;
        ResizeOracle.AssertWithin(expected, actual, destinationWidth, tolerance, $"{sourceWidth}x{sourceHeight} -> {destinationWidth}x{destinationHeight}");
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Keeps_a_constant_map_constant(int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        // Weight pairs always sum to 2048 (ties round to even on both sides of 2048), so a constant row stays exact
        // through the horizontal pass and both vertical kernels round it back to the same level.
        foreach (byte level in new byte[] { 0, 1, 127, 128, 254, 255 })
        {
            var source = Enumerable.Repeat(level, sourceWidth * sourceHeight).ToArray();
            var actual = new byte[destinationWidth * destinationHeight];

            OpenCvLinearResize.Resize(source, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

            Assert.All(actual, value => Assert.Equal(level, value));
        }
    }

    [Theory]
    [InlineData(124)]
    [InlineData(255)]
    [InlineData(269)]
    [InlineData(24)]
    public void Rounds_the_scalar_tail_columns_like_the_SIMD_columns(int destinationWidth)
    {
        // Rows that are constant along x give every column the same horizontal result, so each output row must be
        // constant too. OpenCV's uchar VResizeLinear repeats the SIMD kernel's truncating shifts in its scalar tail;
        // rounding the tail once (FixedPtCast) instead changes some tail pixels by one. These widths leave 4, 7, 5
        // and 8 tail columns after 128-bit blocks; the first three are the widths where the reference maps caught it.
        const int sourceWidth = 3, sourceHeight = 40, destinationHeight = 97;
        var levels = ResizeOracle.RandomPixels(sourceHeight, seed: destinationWidth);
        var source = new byte[sourceWidth * sourceHeight];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = levels[i / sourceWidth];
        }

        var actual = new byte[destinationWidth * destinationHeight];
        OpenCvLinearResize.Resize(source, sourceWidth, sourceHeight, actual, destinationWidth, destinationHeight);

        for (int y = 0; y < destinationHeight; y++)
        {
            var row = actual.AsSpan(y * destinationWidth, destinationWidth);
            for (int x = 1; x < row.Length; x++)
            {
                Assert.True(row[x] == row[0], $"row {y}: column {x} is {row[x]}, column 0 is {row[0]}");
            }
        }
    }

    /// <summary>
    /// The algorithm as the OpenCV documentation describes it, in doubles: half-pixel centres, source coordinate
    /// (d + 0.5) * src / dst - 0.5 clamped to the image, two-tap linear weights, no antialiasing, rounding half up;
    /// an exact 2x shrink in both axes is the 2x2 mean instead.
    /// </summary>
    private static byte[] NaiveOpenCvLinear(byte[] source, int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        var result = new byte[destinationWidth * destinationHeight];
        bool exactTwoTimes = sourceWidth == 2 * destinationWidth && sourceHeight == 2 * destinationHeight;
        for (int dy = 0; dy < destinationHeight; dy++)
        {
            for (int dx = 0; dx < destinationWidth; dx++)
            {
                double value;
                if (exactTwoTimes)
                {
                    int sx = 2 * dx, sy = 2 * dy;
                    value = (source[sy * sourceWidth + sx] + source[sy * sourceWidth + sx + 1]
                        + source[(sy + 1) * sourceWidth + sx] + source[(sy + 1) * sourceWidth + sx + 1]) / 4.0;
                }
                else
                {
                    var (x0, x1, fx) = Taps(dx, sourceWidth, destinationWidth);
                    var (y0, y1, fy) = Taps(dy, sourceHeight, destinationHeight);
                    double top = source[y0 * sourceWidth + x0] * (1 - fx) + source[y0 * sourceWidth + x1] * fx;
                    double bottom = source[y1 * sourceWidth + x0] * (1 - fx) + source[y1 * sourceWidth + x1] * fx;
                    value = top * (1 - fy) + bottom * fy;
                }

                result[dy * destinationWidth + dx] = (byte)Math.Floor(value + 0.5);
            }
        }

        return result;
    }

    private static (int Lower, int Upper, double Fraction) Taps(int destination, int sourceSize, int destinationSize)
    {
        double coordinate = (destination + 0.5) * sourceSize / destinationSize - 0.5;
        if (coordinate <= 0)
        {
            return (0, 0, 0);
        }

        if (coordinate >= sourceSize - 1)
        {
            return (sourceSize - 1, sourceSize - 1, 0);
        }

        int lower = (int)Math.Floor(coordinate);
        return (lower, lower + 1, coordinate - lower);
    }
}

/// <summary>
/// The shared oracle plumbing for both resampler tests: which reference maps exist, how to load a case, and
/// pixel comparisons whose failure messages say how many pixels differ and where the first one is.
/// </summary>
internal static class ResizeOracle
{
    private const string Placeholder = "(shared fixtures absent: the theory is skipped)";

    internal sealed record Case(GreyMap Prediction, GreyMap Expected);

    public static TheoryData<string> ReferenceMaps(string rule)
    {
        var data = new TheoryData<string>();
        if (!SharedFixtures.SynthAvailable)
        {
            // Discovery must not throw if the bundled sample is missing; the theory then fails on the placeholder.
            data.Add(Placeholder);
            return data;
        }

        foreach (var path in ReferenceFiles(rule))
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>Reference maps of one rule, as '/'-separated paths relative to the rule folder, ordinally sorted.</summary>
    public static List<string> ReferenceFiles(string rule)
    {
        var root = Path.Combine(SharedFixtures.SynthPublic, "reference", "resized", rule);
        var files = Directory.EnumerateFiles(root, "*.png", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static Case Load(string rule, string relativePath)
    {
        var root = SharedFixtures.SynthPublic;
        var parts = relativePath.Split('/');
        Assert.True(parts.Length == 4, $"expected <Method>/<Dataset>/<group>/<stem>.png, got '{relativePath}'");

        var expected = ReadGrey(Path.Combine(root, "reference", "resized", rule, parts[0], parts[1], parts[2], parts[3]));
        var prediction = ReadGrey(Path.Combine(root, "predictions", parts[0], parts[1], parts[2], parts[3]));

        // The target size comes from the ground truth; the reference must have it and the prediction must not.
        var groundTruth = Path.Combine(root, "datasets", parts[1], "GroundTruth", parts[2], parts[3]);
        var info = Image.Identify(groundTruth) ?? throw new InvalidDataException("unreadable ground truth " + groundTruth);
        Assert.Equal((info.Width, info.Height), (expected.Width, expected.Height));
        Assert.NotEqual((info.Width, info.Height), (prediction.Width, prediction.Height));
        return new Case(prediction, expected);
    }

    public static GreyMap ReadGrey(string path)
    {
        using var image = Image.Load<L8>(path);
        var pixels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return new GreyMap(image.Width, image.Height, pixels);
    }

    public static byte[] RandomPixels(int count, int seed)
    {
        var pixels = new byte[count];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }

    public static void AssertIdentical(GreyMap expected, GreyMap actual, string label)
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        AssertWithin(expected.Pixels, actual.Pixels, expected.Width, 0, label);
    }

    public static void AssertWithin(byte[] expected, byte[] actual, int width, int tolerance, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        int differing = 0, beyond = 0, first = -1, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int difference = Math.Abs(expected[i] - actual[i]);
            if (difference == 0)
            {
                continue;
            }

            differing++;
            worst = Math.Max(worst, difference);
            if (difference > tolerance)
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
                $"{label}: {differing} of {expected.Length} pixels differ, {beyond} by more than {tolerance} "
                + $"(worst {worst}); first at x={first % width}, y={first / width}: "
                + $"expected {expected[first]}, got {actual[first]}.");
        }
    }
}
