using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod.SizeInvariance;

/// <summary>
/// One image's size-invariant FmeasureV2, reduced over its targets as PySODMetrics' test suite reduces them, keeping
/// what the dataset numbers need and no per-target curve. Handler-indexed arrays follow <see cref="ConfusionHandler"/>.
/// </summary>
public sealed class SizeInvariantScores
{
    public SizeInvariantScores(
        SizeInvariantStatus status, int targets, double[] sampleMax, double[] sampleMean, double[] sampleAdaptive,
        double[] sampleBinary, double sampleAucPr, double sampleAucRoc, double[] overallCurves, ConfusionCounts overallBinary)
    {
        Status = status;
        Targets = targets;
        SampleMax = sampleMax;
        SampleMean = sampleMean;
        SampleAdaptive = sampleAdaptive;
        SampleBinary = sampleBinary;
        SampleAucPr = sampleAucPr;
        SampleAucRoc = sampleAucRoc;
        OverallCurves = overallCurves;
        OverallBinary = overallBinary;
    }

    public SizeInvariantStatus Status { get; }

    /// <summary>The targets scored (1 for an empty ground truth, scored whole; 0 when undefined).</summary>
    public int Targets { get; }

    /// <summary>Per handler: mean over targets of the target curve's maximum (<c>si_sample_max*</c> of this image).</summary>
    public double[] SampleMax { get; }

    /// <summary>Per handler: mean over targets of the target curve's mean over the 256 thresholds.</summary>
    public double[] SampleMean { get; }

    /// <summary>Per handler: mean over targets of the value at the target's adaptive threshold.</summary>
    public double[] SampleAdaptive { get; }

    /// <summary>Per handler: mean over targets of the value of the binary map p &gt; 0.5.</summary>
    public double[] SampleBinary { get; }

    /// <summary>Mean over targets of the target's AUC of precision over recall.</summary>
    public double SampleAucPr { get; }

    /// <summary>Mean over targets of the target's AUC of recall over FPR.</summary>
    public double SampleAucRoc { get; }

    /// <summary>
    /// Per handler, the sum over targets (in target order) of the target curves, 256 points each, ascending threshold,
    /// laid end to end: <c>si_overall_*</c> pools the targets of all images.
    /// </summary>
    public double[] OverallCurves { get; }

    /// <summary>TP, FP, TN and FN of the binary maps summed over the targets (each counted over the whole image).</summary>
    public ConfusionCounts OverallBinary { get; }

    public static SizeInvariantScores Undefined(SizeInvariantStatus status) =>
        new(status, 0, [], [], [], [], double.NaN, double.NaN, [], default);
}

/// <summary>
/// PySODMetrics 1.6.2 <c>SizeInvarianceFmeasureV2</c> of one pair with the eleven handlers: each target is the map
/// zeroed outside the target's box against the ground truth inside it, counted over the WHOLE image (outside pixels
/// are predicted positive only at threshold 0 and by an adaptive threshold of 0, so TN includes them). An empty
/// ground truth is scored once as an ordinary image.
/// </summary>
public static class SizeInvariantFMeasure
{
    private const int Levels = PySodConstants.Levels;

    /// <exception cref="InvalidOperationException">The ground truth was prepared without its targets.</exception>
    public static SizeInvariantScores Measure(PySodPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var targets = pair.GroundTruth.Targets
            ?? throw new InvalidOperationException("The ground truth was prepared without PySodGroundTruthWork.SizeInvariantTargets.");
        if (targets.Status != SizeInvariantStatus.Defined)
        {
            return SizeInvariantScores.Undefined(targets.Status);
        }

        var count = Math.Max(1, targets.Count);
        var handlers = ConfusionHandlers.Count;
        var max = new double[handlers * count];
        var mean = new double[handlers * count];
        var adaptive = new double[handlers * count];
        var binary = new double[handlers * count];
        var aucPr = new double[count];
        var aucRoc = new double[count];
        var overall = new double[handlers * Levels];
        var overallBinary = default(ConfusionCounts);
        var curves = new double[handlers * Levels];
        Span<double> values = stackalloc double[handlers];
        for (var k = 0; k < count; k++)
        {
            var target = Count(pair, targets.Count == 0 ? targets.WholeImage : targets.Mask(k));
            target.Curves(curves);
            for (var h = 0; h < handlers; h++)
            {
                var curve = curves.AsSpan(h * Levels, Levels);
                max[(h * count) + k] = PySodMeans.Max(curve);
                mean[(h * count) + k] = DescendingMean(curve);
                var sums = overall.AsSpan(h * Levels, Levels);
                for (var t = 0; t < Levels; t++)
                {
                    sums[t] += curve[t];
                }
            }

            aucPr[k] = TrapezoidAuc.Of(Curve(curves, ConfusionHandler.Precision), Curve(curves, ConfusionHandler.Recall));
            aucRoc[k] = TrapezoidAuc.Of(Curve(curves, ConfusionHandler.Recall), Curve(curves, ConfusionHandler.FalsePositiveRate));
            Values(target.Adaptive, values);
            Scatter(values, adaptive, count, k);
            Values(target.Binary, values);
            Scatter(values, binary, count, k);
            overallBinary = new ConfusionCounts(
                overallBinary.TruePositives + target.Binary.TruePositives, overallBinary.FalsePositives + target.Binary.FalsePositives,
                overallBinary.TrueNegatives + target.Binary.TrueNegatives, overallBinary.FalseNegatives + target.Binary.FalseNegatives);
        }

        return new SizeInvariantScores(
            SizeInvariantStatus.Defined, count, MeansOverTargets(max, count), MeansOverTargets(mean, count),
            MeansOverTargets(adaptive, count), MeansOverTargets(binary, count), Mean(aucPr), Mean(aucRoc), overall, overallBinary);
    }

    /// <summary>
    /// One target's counts: the dynamic TP and FP per threshold, the adaptive and the binary counts. Grey-level
    /// histograms of the pixels inside the mask are mapped to quantised levels; the pixels outside (value 0) join the
    /// negatives at level 0.
    /// </summary>
    internal static TargetCounts Count(PySodPair pair, TargetMask mask)
    {
        Span<int> foreground = stackalloc int[Levels];
        Span<int> background = stackalloc int[Levels];
        foreground.Clear();
        background.Clear();
        var prediction = pair.Prediction;
        var truth = pair.GroundTruth.Mask;
        for (var y = mask.Top; y <= mask.Bottom; y++)
        {
            var row = y * mask.Width;
            for (var x = mask.Left; x <= mask.Right; x++)
            {
                var i = row + x;
                if (mask.Contains(y, x, i))
                {
                    if (truth[i] != 0)
                    {
                        foreground[prediction[i]]++;
                    }
                    else
                    {
                        background[prediction[i]]++;
                    }
                }
            }
        }

        long pixels = pair.PixelCount;
        long objectPixels = 0;
        long inside = 0;
        for (var u = 0; u < Levels; u++)
        {
            objectPixels += foreground[u];
            inside += foreground[u] + background[u];
        }

        var outside = pixels - inside;
        var threshold = Math.Min(2 * (MaskedMaps.SumOfMap(pair, mask) / pixels), 1.0);
        var levels = pair.Levels;
        var quantised = pair.QuantisedLevels;
        var truePositives = new long[Levels];
        var falsePositives = new long[Levels];
        long adaptiveTp = 0, adaptiveFp = 0, binaryTp = 0, binaryFp = 0;
        for (var u = 0; u < Levels; u++)
        {
            if (foreground[u] == 0 && background[u] == 0)
            {
                continue;
            }

            truePositives[quantised[u]] += foreground[u];
            falsePositives[quantised[u]] += background[u];
            if (levels[u] >= threshold)
            {
                adaptiveTp += foreground[u];
                adaptiveFp += background[u];
            }

            if (levels[u] > 0.5)
            {
                binaryTp += foreground[u];
                binaryFp += background[u];
            }
        }

        // Outside the mask p is 0: positive at threshold 0, and at an adaptive threshold of 0 (a mask holding only 0).
        falsePositives[0] += outside;
        if (0.0 >= threshold)
        {
            adaptiveFp += outside;
        }

        for (var t = Levels - 2; t >= 0; t--)
        {
            truePositives[t] += truePositives[t + 1];
            falsePositives[t] += falsePositives[t + 1];
        }

        return new TargetCounts(
            pixels, objectPixels, truePositives, falsePositives,
            ConfusionCounts.OfSelection(adaptiveTp, adaptiveFp, objectPixels, pixels),
            ConfusionCounts.OfSelection(binaryTp, binaryFp, objectPixels, pixels));
    }

    private static ReadOnlySpan<double> Curve(double[] curves, ConfusionHandler handler) =>
        curves.AsSpan((int)handler * Levels, Levels);

    private static void Values(ConfusionCounts counts, Span<double> values) =>
        ConfusionHandlers.Values(counts.TruePositives, counts.FalsePositives, counts.TrueNegatives, counts.FalseNegatives, values);

    private static void Scatter(ReadOnlySpan<double> values, double[] into, int count, int k)
    {
        for (var h = 0; h < values.Length; h++)
        {
            into[(h * count) + k] = values[h];
        }
    }

    /// <summary>numpy's mean of a target curve as PySODMetrics holds it: threshold 255 first.</summary>
    private static double DescendingMean(ReadOnlySpan<double> curve)
    {
        Span<double> descending = stackalloc double[Levels];
        curve.CopyTo(descending);
        descending.Reverse();
        return NumpySum.Pairwise(descending) / Levels;
    }

    /// <summary>Per handler, numpy's mean over the targets (values laid out handler-major).</summary>
    private static double[] MeansOverTargets(double[] values, int count)
    {
        var means = new double[ConfusionHandlers.Count];
        for (var h = 0; h < means.Length; h++)
        {
            means[h] = NumpySum.Sum(values.AsSpan(h * count, count)) / count;
        }

        return means;
    }

    private static double Mean(double[] values) => NumpySum.Sum(values) / values.Length;
}

/// <summary>One size-invariant target's confusion counts, each counted over the whole image.</summary>
internal sealed record TargetCounts(
    long Pixels, long Foreground, long[] TruePositives, long[] FalsePositives, ConfusionCounts Adaptive, ConfusionCounts Binary)
{
    /// <summary>The eleven handler curves (ascending threshold), laid end to end in handler order.</summary>
    public void Curves(Span<double> curves) => ConfusionHandlers.Curves(TruePositives, FalsePositives, Foreground, Pixels, curves);
}
