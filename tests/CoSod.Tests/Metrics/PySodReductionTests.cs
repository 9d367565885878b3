using CoSod.Metrics.Numerics;
using CoSod.Metrics.PySod;

namespace CoSod.Tests.Metrics;

/// <summary>Dataset aggregation: image mean vs group mean, curve-based max/mean, undefined S-measure.</summary>
public sealed class PySodReductionTests
{
    private const int Levels = PySodConstants.Levels;

    private static PySodImageScores Image(
        double sm, double mae, double wfm, double adpF, double adpE, int pixels, int foreground,
        Func<int, int> truePositives, Func<int, int> falsePositives)
    {
        var tp = Enumerable.Range(0, Levels).Select(truePositives).ToArray();
        var fp = Enumerable.Range(0, Levels).Select(falsePositives).ToArray();
        return new PySodImageScores(pixels, foreground, tp, fp, sm, mae, wfm, adpF, adpE, 0.5);
    }

    private static PySodImageScores Flat(double sm, double mae, int tp, int fp) =>
        Image(sm, mae, mae / 2, mae / 4, 1 - mae, 8, 4, _ => tp, _ => fp);

    [Fact]
    public void GroupMeanAveragesGroupMeansAndDiffersFromImageMean()
    {
        // Group 1: one image; group 2: three images. Values are binary fractions, so every mean is exact.
        var images = new[]
        {
            Flat(0.875, 0.125, 4, 0),
            Flat(0.5, 0.25, 4, 4),
            Flat(0.25, 0.5, 4, 4),
            Flat(0.75, 0.75, 4, 4),
        };

        var byImage = PySodReduction.ImageMean(images);
        var byGroup = PySodReduction.GroupMean(images, [0, 1]);

        Assert.Equal((0.125 + 0.25 + 0.5 + 0.75) / 4, byImage.Mae);
        Assert.Equal((0.125 + ((0.25 + 0.5 + 0.75) / 3)) / 2, byGroup.Mae, 1e-15);
        Assert.Equal((0.875 + 0.5 + 0.25 + 0.75) / 4, byImage.SMeasure, 1e-15);
        Assert.Equal((0.875 + 0.5) / 2, byGroup.SMeasure, 1e-15);
        Assert.Equal(byImage.Mae / 2, byImage.WeightedF, 1e-15);
        Assert.Equal(byGroup.Mae / 2, byGroup.WeightedF, 1e-15);
        Assert.Equal(byGroup.Mae / 4, byGroup.AdaptiveF, 1e-15);
        Assert.Equal(1 - byGroup.Mae, byGroup.AdaptiveE, 1e-15);
        Assert.NotEqual(byImage.Mae, byGroup.Mae, 1e-6);

        // Curves: image 1 has P = 1 (F = 1), the others P = 1/2 (F = 0.65/1.15); recall is 1 everywhere.
        var f = 0.65 / 1.15;
        var e1 = PySodFormulas.EMeasure(4, 0, 4, 8);
        var e2 = PySodFormulas.EMeasure(4, 4, 4, 8);
        for (var t = 0; t < Levels; t++)
        {
            Assert.Equal((1 + (3 * 0.5)) / 4, byImage.Precision[t], 1e-15);
            Assert.Equal((1 + 0.5) / 2, byGroup.Precision[t], 1e-15);
            Assert.Equal(1.0, byGroup.Recall[t], 1e-15);
            Assert.Equal((1 + (3 * f)) / 4, byImage.FCurve[t], 1e-15);
            Assert.Equal((1 + f) / 2, byGroup.FCurve[t], 1e-15);
            Assert.Equal((e1 + (3 * e2)) / 4, byImage.ECurve[t], 1e-15);
            Assert.Equal((e1 + e2) / 2, byGroup.ECurve[t], 1e-15);
        }

        Assert.Equal((1 + f) / 2, byGroup.MaxF, 1e-15);
        Assert.Equal((1 + f) / 2, byGroup.MeanF, 1e-15);
        Assert.Equal((1 + (3 * f)) / 4, byImage.MaxF, 1e-15);
        Assert.Equal((e1 + e2) / 2, byGroup.MaxE, 1e-15);
    }

    [Fact]
    public void GroupsOfEqualSizeGiveTheImageMean()
    {
        var images = new[] { Flat(0.875, 0.125, 4, 0), Flat(0.5, 0.25, 4, 4), Flat(0.25, 0.5, 3, 1), Flat(0.75, 0.75, 4, 4) };
        var byImage = PySodReduction.ImageMean(images);
        var byGroup = PySodReduction.GroupMean(images, [0, 2]);
        Assert.Equal(byImage.Mae, byGroup.Mae, 1e-15);
        Assert.Equal(byImage.MaxF, byGroup.MaxF, 1e-15);

        // One group holding everything is the image mean.
        var single = PySodReduction.GroupMean(images, [0]);
        Assert.Equal(byImage.SMeasure, single.SMeasure, 1e-15);
        Assert.Equal(byImage.MeanE, single.MeanE, 1e-15);
    }

    [Fact]
    public void MaxAndMeanFAndEComeFromTheMeanCurveNotFromPerImageMaxima()
    {
        // N = 10, FG = 5. X is perfect up to t = 100 and selects nothing above; Y selects everything up to 100
        // (P = 1/2) and exactly the object above. Each has a per-image max F of 1, at different thresholds.
        var x = Image(0.9, 0.1, 0.5, 0.5, 0.5, 10, 5, t => t <= 100 ? 5 : 0, _ => 0);
        var y = Image(0.9, 0.1, 0.5, 0.5, 0.5, 10, 5, _ => 5, t => t <= 100 ? 5 : 0);
        Assert.Equal(1.0, Enumerable.Range(0, Levels).Max(x.FMeasure));
        Assert.Equal(1.0, Enumerable.Range(0, Levels).Max(y.FMeasure));

        var scores = PySodReduction.ImageMean([x, y]);
        var f = 0.65 / 1.15;
        var low = (1 + f) / 2;
        Assert.Equal(low, scores.FCurve[0], 1e-15);
        Assert.Equal(low, scores.FCurve[100], 1e-15);
        Assert.Equal(0.5, scores.FCurve[101], 1e-15);
        Assert.Equal(low, scores.MaxF, 1e-15);
        Assert.Equal(((101 * low) + (155 * 0.5)) / 256, scores.MeanF, 1e-14);
        Assert.True(scores.MaxF < 0.8, "max F must not be the mean of per-image maxima (1)");

        // E likewise: expected from the per-threshold mean of the two E curves.
        var meanE = Enumerable.Range(0, Levels).Select(t => (x.EMeasure(t) + y.EMeasure(t)) / 2).ToArray();
        var perImageMaxMean = (Enumerable.Range(0, Levels).Max(x.EMeasure) + Enumerable.Range(0, Levels).Max(y.EMeasure)) / 2;
        Assert.Equal(meanE.Max(), scores.MaxE, 1e-15);
        Assert.Equal(meanE.Average(), scores.MeanE, 1e-14);
        Assert.True(perImageMaxMean - scores.MaxE > 1e-3, $"{perImageMaxMean} vs {scores.MaxE}");

        // PR curve pairs mean precision with mean recall per threshold.
        Assert.Equal((1 + 0.5) / 2, scores.Precision[50], 1e-15);
        Assert.Equal((0 + 1) / 2.0, scores.Precision[200], 1e-15);
        Assert.Equal((0 + 1) / 2.0, scores.Recall[200], 1e-15);
    }

    [Fact]
    public void UndefinedSMeasureIsExcludedAndListed()
    {
        var images = new[]
        {
            Flat(0.5, 0.125, 4, 0),
            Flat(double.NaN, 0.25, 4, 4),
            Flat(1.0, 0.5, 4, 4),
            Flat(0.5, 0.75, 4, 4),
        };

        var byImage = PySodReduction.ImageMean(images);
        Assert.Equal(2.0 / 3, byImage.SMeasure, 1e-15);
        Assert.Equal([1], byImage.UndefinedSMeasure);

        // Every other metric still counts the image.
        Assert.Equal((0.125 + 0.25 + 0.5 + 0.75) / 4, byImage.Mae, 1e-15);

        var byGroup = PySodReduction.GroupMean(images, [0, 2]);
        Assert.Equal((0.5 + 0.75) / 2, byGroup.SMeasure, 1e-15);
        Assert.Equal([1], byGroup.UndefinedSMeasure);

        // A group whose every image is undefined drops out of the group mean; indices are dataset-wide.
        var withEmptyGroup = PySodReduction.GroupMean(images, [0, 1, 2]);
        Assert.Equal((0.5 + 0.75) / 2, withEmptyGroup.SMeasure, 1e-15);
        Assert.Equal([1], withEmptyGroup.UndefinedSMeasure);
        Assert.Equal((0.125 + 0.25 + 0.625) / 3, withEmptyGroup.Mae, 1e-15);

        var later = new[] { images[0], images[2], images[1], images[1] };
        var listed = PySodReduction.GroupMean(later, [0, 2]);
        Assert.Equal([2, 3], listed.UndefinedSMeasure);
        Assert.Equal(0.75, listed.SMeasure, 1e-15);

        // Nothing defined: no number, every image listed.
        var none = PySodReduction.ImageMean([images[1], images[1]]);
        Assert.True(double.IsNaN(none.SMeasure));
        Assert.Equal([0, 1], none.UndefinedSMeasure);
    }

    [Fact]
    public void MeanOfTheCurveIsSummedInTheReferenceOrder()
    {
        // PySODEvalToolkit: image mode takes fm["curve"].mean() on PySODMetrics' descending curve (threshold
        // 255 first), grouped mode the mean of the flipped, ascending group-mean curve. Pairwise sums depend on
        // the order, so random curves tell the two apart in the last bit.
        static double Ascending(double[] curve) => NumpySum.Pairwise(curve) / curve.Length;
        static double Descending(double[] curve) => NumpySum.Pairwise(curve.Reverse().ToArray()) / curve.Length;

        var orderMattersImage = 0;
        var orderMattersGroup = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var images = RandomCurves(seed);
            var byImage = PySodReduction.ImageMean(images);
            var byGroup = PySodReduction.GroupMean(images, [0, 2]);
            foreach (var (mean, curve, descending) in new[]
            {
                (byImage.MeanF, byImage.FCurve, true),
                (byImage.MeanE, byImage.ECurve, true),
                (byGroup.MeanF, byGroup.FCurve, false),
                (byGroup.MeanE, byGroup.ECurve, false),
            })
            {
                var expected = descending ? Descending(curve) : Ascending(curve);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(mean));
                if (Ascending(curve) != Descending(curve) && descending)
                {
                    orderMattersImage++;
                }
                else if (Ascending(curve) != Descending(curve))
                {
                    orderMattersGroup++;
                }
            }
        }

        Assert.True(
            orderMattersImage >= 3 && orderMattersGroup >= 3,
            $"the random curves distinguish the two orders only {orderMattersImage} (image) and {orderMattersGroup} (group) times");
    }

    private static List<PySodImageScores> RandomCurves(int seed)
    {
        var random = new Random(seed);
        var images = new List<PySodImageScores>();
        for (var k = 0; k < 5; k++)
        {
            var pixels = random.Next(500, 5000);
            var foreground = random.Next(1, pixels);
            var tp = new int[Levels];
            var fp = new int[Levels];
            tp[0] = foreground;
            fp[0] = pixels - foreground;
            for (var t = 1; t < Levels; t++)
            {
                tp[t] = Math.Max(0, tp[t - 1] - random.Next(0, 1 + (foreground / 100)));
                fp[t] = Math.Max(0, fp[t - 1] - random.Next(0, 1 + ((pixels - foreground) / 50)));
            }

            images.Add(Image(0.5, 0.1, 0.5, 0.5, 0.5, pixels, foreground, t => tp[t], t => fp[t]));
        }

        return images;
    }
}
