using CoSod.Metrics.Matlab;
using CoSod.Metrics.PySod;
using Naive = CoSod.Tests.MatlabMetrics.NaiveMatlabToolbox;

namespace CoSod.Tests.MatlabMetrics;

/// <summary>
/// Fixture-free checks of the rules where the CoSOD MATLAB toolbox differs from PySODMetrics or from a plain
/// reading (metrics-spec.md 8.3-8.6): threshold doubles, &gt;= for F and &gt; for E, the uncapped adaptive E, the
/// reciprocal mapminmax gain, the half-away centroid, Octave's summation order deciding an SSIM branch, the
/// one-group collapse, and NaN S-measures kept out of dataset numbers.
/// </summary>
public sealed class MatlabMetricsEdgeCaseTests
{
    private const int W = 20, H = 16, N = W * H;

    /// <summary>Octave's eps, as the toolbox adds it to N - 1.</summary>
    private const double Eps = 2.220446049250313e-16;

    private static readonly double OneMinusHalfUlp = Math.BitDecrement(1.0);

    private static MatlabImageScores Measure(double[] map, bool[] gt, int width = W, int height = H,
        MatlabColon colon = MatlabColon.Octave) =>
        MatlabToolboxMetrics.Measure(map, MatlabGroundTruth.Create(gt, width, height), colon);

    private static double[] Constant(double value, int n = N) => Enumerable.Repeat(value, n).ToArray();

    private static bool[] Mask(int width, int height, Func<int, int, bool> inside)
    {
        var mask = new bool[width * height];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                mask[(r * width) + c] = inside(r, c);
            }
        }

        return mask;
    }

    /// <summary>Rows 4..9 x columns 5..12: 48 object pixels of 320.</summary>
    private static bool[] Blob() => Mask(W, H, (r, c) => r is >= 4 and < 10 && c is >= 5 and < 13);

    /// <summary>A smooth map with every value a multiple of 1/255 and its range 0..255.</summary>
    private static double[] Ramp(int width = W, int height = H, int seed = 0)
    {
        var random = new Random(seed);
        var map = new double[width * height];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = random.Next(256) / 255.0;
        }

        map[0] = 0;
        map[^1] = 1;
        return map;
    }

    [Fact]
    public void OctaveThresholdsDifferFromCorrectlyRoundedLevelsAndFromMatlabsWhereTheSpecSays()
    {
        var octave = MatlabThresholds.Ascending(MatlabColon.Octave);
        var matlab = MatlabThresholds.Ascending(MatlabColon.Matlab);
        Assert.Equal(256, octave.Count);
        Assert.Equal(0.0, octave[0]);
        Assert.Equal(1.0, octave[255]);
        Assert.Equal(104, Enumerable.Range(0, 256).Count(j => octave[j] != j / 255.0));
        Assert.Equal(72, Enumerable.Range(0, 256).Count(j => octave[j] != matlab[j]));

        // MATLAB's first half (descending i <= 127, ascending j >= 128) is Octave's.
        Assert.All(Enumerable.Range(128, 128), j => Assert.Equal(octave[j], matlab[j]));
        for (var j = 1; j < 256; j++)
        {
            Assert.True(octave[j - 1] < octave[j] && matlab[j - 1] < matlab[j], $"not ascending at {j}");
        }

        var descending = MatlabThresholds.BuildDescending(MatlabColon.Octave);
        Assert.Equal(octave.Reverse(), descending);
    }

    /// <summary>
    /// A full-range map holds every level u/255 once, so each count tells on which side of each threshold double a
    /// level falls. Spec 8.4: F at descending index i selects u &gt;= 255 - i except at 66 indices, E selects
    /// u &gt;= 256 - i except at 38.
    /// </summary>
    [Fact]
    public void FullRangeMapCountsFollowTheThresholdDoublesNotTheGreyLevels()
    {
        var map = Enumerable.Range(0, 256).Select(u => u / 255.0).ToArray();
        var gt = Mask(16, 16, (r, _) => r < 8);
        var scores = Measure(map, gt, 16, 16);
        var thresholds = MatlabThresholds.Ascending();
        for (var j = 0; j < 256; j++)
        {
            Assert.Equal(map.Count(v => v >= thresholds[j]), scores.SelectedAtLeast[j]);
            Assert.Equal(map.Count(v => v > thresholds[j]), scores.SelectedAbove[j]);
            Assert.Equal(map.Where((v, i) => gt[i] && v >= thresholds[j]).Count(), scores.TruePositivesAtLeast[j]);
            Assert.Equal(map.Where((v, i) => gt[i] && v > thresholds[j]).Count(), scores.TruePositivesAbove[j]);
        }

        Assert.Equal(66, Enumerable.Range(0, 256).Count(j => scores.SelectedAtLeast[j] != 256 - j));
        Assert.Equal(38, Enumerable.Range(0, 256).Count(j => scores.SelectedAbove[j] != 255 - j));

        // MATLAB's range doubles put other levels on the other side.
        var matlab = Measure(map, gt, 16, 16, MatlabColon.Matlab);
        Assert.NotEqual(scores.SelectedAtLeast, matlab.SelectedAtLeast);
    }

    [Fact]
    public void FSelectsAMapValueEqualToTheThresholdAndEDoesNot()
    {
        const int j = 100;
        var t = MatlabThresholds.Ascending()[j];

        // 0 and 1 present: mapminmax has gain 1 and leaves every value as given, t included.
        var map = Constant(0.0);
        map[^1] = 1.0;
        var gt = Blob();
        var atThreshold = Enumerable.Range(0, N).Where(i => gt[i]).Take(10).ToArray();
        foreach (var i in atThreshold)
        {
            map[i] = t;
        }

        var scores = Measure(map, gt);
        Assert.Equal(11, scores.SelectedAtLeast[j]);
        Assert.Equal(10, scores.TruePositivesAtLeast[j]);
        Assert.Equal(1, scores.SelectedAbove[j]);
        Assert.Equal(0, scores.TruePositivesAbove[j]);
        Assert.Equal(11, scores.SelectedAbove[j - 1]);
        Assert.Equal(1, scores.SelectedAtLeast[j + 1]);

        // t = 1: F keeps the pixels equal to 1, E selects nothing; t = 0: F selects all, E leaves the zeros out.
        Assert.Equal(1, scores.SelectedAtLeast[255]);
        Assert.Equal(0, scores.SelectedAbove[255]);
        Assert.Equal(N, scores.SelectedAtLeast[0]);
        Assert.Equal(11, scores.SelectedAbove[0]);
        Assert.Equal(Naive.FmeasureCalu(Naive.FromRowMajor(map, W, H), Naive.FromRowMajor(gt, W, H), t).F, scores.FMeasure(j));
    }

    /// <summary>
    /// Adaptive E binarises p &gt; 2 * mean(p), not capped: an all-white map has threshold 2 and selects nothing
    /// (PySODMetrics caps at 1 and uses &gt;=, selecting everything and scoring the other way round). Since p &lt;= 1,
    /// a cap would change nothing under the strict &gt;; what the test pins is &gt; against F's capped &gt;=.
    /// </summary>
    [Fact]
    public void AdaptiveEIsNotCappedAtOne()
    {
        var white = Constant(1.0);
        var onEmpty = Measure(white, new bool[N]);
        Assert.Equal(2.0, onEmpty.AdaptiveThreshold);
        Assert.Equal(N / (N - 1 + Eps), onEmpty.AdaptiveE);
        Assert.Equal(320.0 / 319.0, onEmpty.AdaptiveE, 1e-15);
        Assert.Equal(0.0, onEmpty.AdaptiveF);

        var onFull = Measure(white, Enumerable.Repeat(true, N).ToArray());
        Assert.Equal(0.0, onFull.AdaptiveE);

        // F caps the threshold at 1 and uses >=: every pixel, P = R = 1.
        Assert.Equal(1.0, onFull.AdaptiveF, 1e-15);

        // The PySODMetrics profile caps both and scores the other way round.
        var pySodEmpty = PySodMetrics.Measure(Enumerable.Repeat((byte)255, N).ToArray(), new byte[N], W);
        Assert.Equal(0.0, pySodEmpty.AdaptiveE);

        // All black on a full GT: threshold 0, F (>=) selects all, E (>) none.
        var black = Measure(Constant(0.0), Enumerable.Repeat(true, N).ToArray());
        Assert.Equal(0.0, black.AdaptiveThreshold);
        Assert.Equal(1.0, black.AdaptiveF, 1e-15);
        Assert.Equal(0.0, black.AdaptiveE);
    }

    /// <summary>
    /// mapminmax multiplies by the reciprocal 1/(max - min): for a 0..251 map the top pixel becomes
    /// (251/255) * fl(255/251) = 1 - 2^-53, not the quotient's 1, and the threshold 1 then selects nothing.
    /// </summary>
    [Fact]
    public void MapMinMaxUsesTheReciprocalGain()
    {
        var levels = Enumerable.Range(0, 252).Select(u => u / 255.0).ToArray();
        var normalised = new double[levels.Length];
        Assert.True(MatlabMapMinMax.Apply(levels, normalised, out var min, out var max));
        Assert.Equal(0.0, min);
        Assert.Equal(251 / 255.0, max);
        Assert.Equal(OneMinusHalfUlp, normalised[^1]);
        Assert.Equal(1.0, (levels[^1] - min) / (max - min));

        var scores = Measure(levels, Mask(12, 21, (r, _) => r < 5), 12, 21);
        Assert.Equal(OneMinusHalfUlp, scores.NormalisedMaximum);
        Assert.Equal(0, scores.SelectedAtLeast[255]);

        // A full-range map has gain exactly 1: p = u/255 for every level.
        var full = Enumerable.Range(0, 256).Select(u => u / 255.0).ToArray();
        Assert.True(MatlabMapMinMax.Apply(full, normalised = new double[256], out _, out _));
        Assert.Equal(full, normalised);

        // A constant map is left alone (grey 128 stays 0.50196...), as is an all-black one.
        var grey = Constant(128 / 255.0, 10);
        Assert.False(MatlabMapMinMax.Apply(grey, normalised = new double[10], out _, out _));
        Assert.Equal(grey, normalised);
        Assert.Equal(128 / 255.0, Measure(Constant(128 / 255.0), Blob()).NormalisedMaximum);
    }

    /// <summary>
    /// A rectangle whose 0-based centroid is k + 0.5 with k even (columns 3..6 -> 4.5, rows 1..4 -> 2.5): MATLAB's
    /// round of the 1-based mean (5.5 -> 6, 3.5 -> 4) splits one column and one row later than PySODMetrics'
    /// half-to-even round of the 0-based mean plus one (4 + 1 = 5, 2 + 1 = 3). With k odd the two agree.
    /// </summary>
    [Fact]
    public void HalfCentroidSplitsOneLaterThanPySodMetrics()
    {
        var gt = Mask(W, H, (r, c) => r is >= 1 and <= 4 && c is >= 3 and <= 6);
        var matlab = MatlabGroundTruth.Create(gt, W, H);
        Assert.Equal(6, matlab.CentroidColumn);
        Assert.Equal(4, matlab.CentroidRow);

        var pySod = PySodGroundTruth.Create(gt.Select(b => b ? (byte)255 : (byte)0).ToArray(), W, H);
        Assert.Equal(5, pySod.SplitColumn);
        Assert.Equal(3, pySod.SplitRow);

        var map = Ramp(seed: 7);
        var scores = MatlabToolboxMetrics.Measure(map, matlab);
        var p = Naive.MapMinMax(Naive.FromRowMajor(map, W, H));
        var g = Naive.FromRowMajor(gt, W, H);
        Assert.Equal(Naive.SMeasure(p, g), scores.SMeasure);
        Assert.True(Math.Abs(Naive.SMeasure(p, g, pySodCentroid: true) - scores.SMeasure) > 1e-4);

        // k odd (columns 3..8 -> 5.5, rows 2..5 -> 3.5): half-away on 6.5 and 4.5 gives 7 and 5, which is also
        // PySODMetrics' split (6 + 1, 4 + 1); a half-to-even round of the 1-based mean would give 6 and 4.
        var odd = MatlabGroundTruth.Create(Mask(W, H, (r, c) => r is >= 2 and <= 5 && c is >= 3 and <= 8), W, H);
        Assert.Equal((7, 5), (odd.CentroidColumn, odd.CentroidRow));
    }

    /// <summary>
    /// A block's variance is exactly 0 only if its mean is exactly its value. Octave sums 36 pixels of 0.1 in
    /// order to a sum whose mean is not 0.1, so the background block's variance is positive and its SSIM takes
    /// the "0" branch, not the "alpha = beta = 0 -> 1" one that an exact mean would give (Sm 0.5 * w1 = 0.18 higher).
    /// </summary>
    [Fact]
    public void OctavesSequentialSumDecidesTheZeroVarianceBranch()
    {
        const int side = 10;

        // Object in the top-right and bottom-left corners: centroid (6, 6), so the 6 x 6 top-left block has no
        // object pixel; it holds 0.1 everywhere. Object pixels are 1, the rest 0, so mapminmax keeps every value.
        var gt = Mask(side, side, (r, c) => (r < 3 && c >= 7) || (r >= 7 && c < 3));
        var map = Mask(side, side, (r, c) => gt[(r * side) + c]).Select(b => b ? 1.0 : 0.0).ToArray();
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                map[(r * side) + c] = 0.1;
            }
        }

        var groundTruth = MatlabGroundTruth.Create(gt, side, side);
        Assert.Equal((6, 6), (groundTruth.CentroidColumn, groundTruth.CentroidRow));
        var sequential = 0.0;
        for (var i = 0; i < 36; i++)
        {
            sequential += 0.1;
        }

        Assert.NotEqual(0.1, sequential / 36);

        var scores = MatlabToolboxMetrics.Measure(map, groundTruth);
        var expected = Naive.SMeasure(Naive.FromRowMajor(map, side, side), Naive.FromRowMajor(gt, side, side));
        Assert.Equal(expected, scores.SMeasure);

        // The block's branch, read literally: 0 for 0.1 (inexact mean), 1 for 0.5 (36 x 0.5 sums exactly). A port
        // that took the mean as exactly 0.1 would score Sm 0.5 * w1 * 1 = 0.18 higher and fail the equality above.
        var p = Naive.FromRowMajor(map, side, side);
        var emptyBlock = Naive.Block(Naive.ToDouble(Naive.FromRowMajor(gt, side, side)), 0, 6, 0, 6);
        Assert.Equal(0.0, Naive.Ssim(Naive.Block(p, 0, 6, 0, 6), emptyBlock));
        var half = new double[6, 6];
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < 6; c++)
            {
                half[r, c] = 0.5;
            }
        }

        Assert.Equal(1.0, Naive.Ssim(half, emptyBlock));
    }

    [Fact]
    public void OneGroupReportsTheCurveMeanAsMaximumAndExposesTheTrueMaximum()
    {
        var gt = Blob();
        var images = Enumerable.Range(0, 3).Select(seed => Measure(Ramp(seed: seed), gt)).ToList();

        var one = MatlabReduction.Reduce(images, [0]);
        Assert.True(one.SingleGroupCollapse);
        var (maxF, meanF) = MatlabReduction.MaxAndMean(one.FCurve);
        var (maxE, meanE) = MatlabReduction.MaxAndMean(one.ECurve);
        Assert.Equal(meanF, one.MaxF);
        Assert.Equal(meanF, one.MeanF);
        Assert.Equal(meanE, one.MaxE);
        Assert.Equal(meanE, one.MeanE);
        Assert.Equal(maxF, one.CurveMaxF);
        Assert.Equal(maxE, one.CurveMaxE);
        Assert.Equal(one.FCurve.Max(), one.CurveMaxF);
        Assert.True(one.CurveMaxF > one.MaxF + 1e-3, $"true max {one.CurveMaxF} vs reported {one.MaxF}");
        Assert.True(one.CurveMaxE > one.MaxE + 1e-3, $"true max {one.CurveMaxE} vs reported {one.MaxE}");

        // The group curve is the per-point mean of the image curves.
        for (var j = 0; j < 256; j++)
        {
            Assert.Equal(images.Average(i => i.FMeasure(j)), one.FCurve[j], 1e-15);
        }

        var two = MatlabReduction.Reduce(images, [0, 1]);
        Assert.False(two.SingleGroupCollapse);
        Assert.Equal(two.CurveMaxF, two.MaxF);
        Assert.Equal(two.FCurve.Max(), two.MaxF);
        Assert.Equal(two.ECurve.Max(), two.MaxE);

        // Groups weigh 1 each: group 1 = image 0, group 2 = mean of images 1 and 2.
        var expectedMae = (images[0].Mae + ((images[1].Mae + images[2].Mae) / 2)) / 2;
        Assert.Equal(expectedMae, two.Mae, 1e-15);
        Assert.NotEqual(images.Average(i => i.Mae), two.Mae, 10);
    }

    /// <summary>
    /// An object only in the last column puts the centroid at X = W, empties the right blocks, and the toolbox's
    /// S-measure is NaN. Our departure: the image is left out of the S-measure means and listed.
    /// </summary>
    [Fact]
    public void NaNSMeasureIsListedAndKeptOutOfDatasetNumbers()
    {
        var edge = Mask(W, H, (r, c) => c == W - 1 && r is >= 3 and < 7);
        var groundTruth = MatlabGroundTruth.Create(edge, W, H);
        Assert.Equal(W, groundTruth.CentroidColumn);
        var undefined = MatlabToolboxMetrics.Measure(Ramp(seed: 1), groundTruth);
        Assert.True(double.IsNaN(undefined.SMeasure));
        Assert.True(double.IsNaN(Naive.SMeasure(
            Naive.MapMinMax(Naive.FromRowMajor(Ramp(seed: 1), W, H)), Naive.FromRowMajor(edge, W, H))));

        var defined = Measure(Ramp(seed: 2), Blob());
        var other = Measure(Ramp(seed: 3), Blob());

        // Group A: [defined, undefined]; group B: [other].
        var scores = MatlabReduction.Reduce([defined, undefined, other], [0, 2]);
        Assert.Equal([1], scores.UndefinedSMeasure);
        Assert.Equal(defined.SMeasure, scores.Groups[0].SMeasure);
        Assert.Equal((defined.SMeasure + other.SMeasure) / 2, scores.SMeasure);
        Assert.Equal((((defined.Mae + undefined.Mae) / 2) + other.Mae) / 2, scores.Mae, 1e-15);

        // A group with no defined S-measure drops out of the dataset mean instead of making it NaN.
        var alone = MatlabReduction.Reduce([undefined, other], [0, 1]);
        Assert.True(double.IsNaN(alone.Groups[0].SMeasure));
        Assert.Equal(other.SMeasure, alone.SMeasure);
        Assert.Equal([0], alone.UndefinedSMeasure);
    }

    public static TheoryData<int, int, int> RandomCases() => new()
    {
        { 1, 9, 1 }, { 9, 1, 2 }, { 3, 2, 3 }, { 7, 5, 4 }, { 13, 11, 5 }, { 16, 16, 6 }, { 31, 17, 7 }, { 24, 9, 8 },
        { 40, 33, 9 },
    };

    /// <summary>
    /// The port against the literal reading on random maps (plateaus, many ties with the threshold doubles) and
    /// random masks: everything but E bit for bit (same operations, same order); E within 1e-12 (the port sums
    /// four cells as count x term, the toolbox per pixel).
    /// </summary>
    [Theory]
    [MemberData(nameof(RandomCases))]
    public void PortAgreesWithTheLiteralReading(int width, int height, int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 6; trial++)
        {
            var levels = trial % 3 == 0 ? 4 : 256;
            var lo = trial == 4 ? 3 : 0;
            var hi = trial == 5 ? 251 : 255;
            var map = new double[width * height];
            for (var i = 0; i < map.Length; i++)
            {
                map[i] = (lo + (random.Next(levels) * (hi - lo) / (levels - 1))) / 255.0;
            }

            var density = trial switch { 1 => 0.0, 2 => 1.0, _ => 0.3 };
            var gt = Enumerable.Range(0, map.Length).Select(_ => random.NextDouble() < density).ToArray();
            var scores = Measure(map, gt, width, height);

            var p = Naive.MapMinMax(Naive.FromRowMajor(map, width, height));
            var g = Naive.FromRowMajor(gt, width, height);
            var label = $"{width}x{height} trial {trial}";
            Assert.True(
                Naive.SMeasure(p, g).Equals(scores.SMeasure), $"{label} Sm {Naive.SMeasure(p, g):R} vs {scores.SMeasure:R}");
            Assert.Equal(Naive.Mae(p, g), scores.Mae);
            var threshold = 2 * Naive.Mean2(p);
            Assert.Equal(threshold, scores.AdaptiveThreshold);
            Assert.Equal(Naive.FmeasureCalu(p, g, threshold).F, scores.AdaptiveF);
            Assert.Equal(Naive.Emeasure(p, g, threshold), scores.AdaptiveE, 1e-12);

            var thresholds = MatlabThresholds.Ascending();
            for (var j = 0; j < 256; j++)
            {
                var (precision, recall, f) = Naive.FmeasureCalu(p, g, thresholds[j]);
                Assert.Equal(precision, scores.Precision(j));
                Assert.Equal(recall, scores.Recall(j));
                Assert.Equal(f, scores.FMeasure(j));
                Assert.Equal(Naive.Emeasure(p, g, thresholds[j]), scores.EMeasure(j), 1e-12);
            }
        }
    }

    [Fact]
    public void InputsAreValidatedOnce()
    {
        var gt = MatlabGroundTruth.Create(Blob(), W, H);
        Assert.Throws<ArgumentException>(() => MatlabToolboxMetrics.Measure(new double[N - 1], gt));
        var outOfRange = Constant(0.5);
        outOfRange[7] = 1.5;
        Assert.Throws<ArgumentOutOfRangeException>(() => MatlabToolboxMetrics.Measure(outOfRange, gt));
        outOfRange[7] = double.NaN;
        Assert.Throws<ArgumentOutOfRangeException>(() => MatlabToolboxMetrics.Measure(outOfRange, gt));
        Assert.Throws<ArgumentException>(() => MatlabGroundTruth.Create(new bool[N], W + 1, H));
        Assert.Throws<ArgumentException>(() => MatlabReduction.Reduce([], [0]));
        var image = MatlabToolboxMetrics.Measure(Constant(0.5), gt);
        var variant = MatlabToolboxMetrics.Measure(Constant(0.5), gt, MatlabColon.Matlab);
        Assert.Throws<ArgumentException>(() => MatlabReduction.Reduce([image, variant], [0]));
        Assert.Throws<ArgumentException>(() => MatlabReduction.Reduce([image, image], [0, 2]));
    }

    [Fact]
    public void GreyGroundTruthIsBinarisedStrictlyAbove128()
    {
        var grey = new byte[] { 0, 127, 128, 129, 255, 200 };
        var fromGrey = MatlabGroundTruth.FromGrey(grey, 3, 2);
        Assert.Equal(3, fromGrey.ForegroundCount);

        // Row-major input, column-major inside: object pixels at (1, 0), (1, 1), (1, 2) -> X = 2, Y = 2.
        Assert.Equal((2, 2), (fromGrey.CentroidColumn, fromGrey.CentroidRow));
        var im2double = new double[6];
        MatlabToolboxMetrics.Im2Double(grey, im2double);
        Assert.Equal(128 / 255.0, im2double[2]);
        Assert.Equal(
            MatlabToolboxMetrics.Measure(im2double, fromGrey).SMeasure,
            MatlabToolboxMetrics.Measure(grey, fromGrey).SMeasure);
    }
}
