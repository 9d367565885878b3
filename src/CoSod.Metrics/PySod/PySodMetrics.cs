using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// Per-image metrics of PySODMetrics 1.6.2 (S-measure, MAE, weighted F, F- and E-measure over 256
/// thresholds, adaptive F and E), reproduced in double precision with the reference's operation order.
/// </summary>
/// <remarks>
/// The prediction is normalised as <c>prepare_data</c> does (u/255, then min-max unless constant); every
/// metric sees that map. Curves come from integer threshold counts of the quantised map
/// <c>(p * 255).astype(uint8)</c>. Sums that can decide a branch (the adaptive threshold's mean, an S-measure
/// block's mean) use numpy's pairwise order (<see cref="NumpySum"/>); sums that only enter a formula
/// continuously are taken in whatever order is fastest (histograms, one fused pass), which moves results by a
/// few units in the last place and never changes a decision. Thread-safe: no shared mutable state. The work is
/// <see cref="PySodPair"/>'s and the kernels' (<see cref="SMeasure"/>, <see cref="WeightedFMeasure"/>); this class
/// bundles them for callers that want every classic metric of one pair.
/// </remarks>
public static class PySodMetrics
{
    public static PySodImageScores Measure(ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> groundTruth, int width)
    {
        if (width <= 0 || groundTruth.Length % width != 0)
        {
            throw new ArgumentException($"Ground truth of {groundTruth.Length} pixels is not {width} pixels wide.");
        }

        return Measure(prediction, PySodGroundTruth.Create(groundTruth, width, groundTruth.Length / width));
    }

    public static PySodImageScores Measure(ReadOnlySpan<byte> prediction, PySodGroundTruth groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        var pair = new PySodPair(prediction.ToArray(), groundTruth);
        var counts = pair.Counts;
        return new PySodImageScores(
            pair.PixelCount, groundTruth.ForegroundCount, [.. counts.TruePositives], [.. counts.FalsePositives],
            SMeasure.Compute(pair), MeanAbsoluteError(pair), WeightedFMeasure.Compute(pair), counts.AdaptiveF,
            counts.AdaptiveE, counts.AdaptiveThreshold);
    }

    /// <summary>MAE: numpy's mean of |p - G|.</summary>
    public static double MeanAbsoluteError(PySodPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return NumpySum.Sum(pair.Error, pair.PixelCount) / pair.PixelCount;
    }

    /// <summary>
    /// The normalised value of each grey level: u / 255, then (p - min) / (max - min) unless the map is
    /// constant. A table of 256 doubles gives exactly the values numpy computes per pixel.
    /// </summary>
    public static void NormalisedLevels(ReadOnlySpan<byte> prediction, Span<double> levels)
    {
        byte lo = 255, hi = 0;
        foreach (var u in prediction)
        {
            if (u < lo)
            {
                lo = u;
            }

            if (u > hi)
            {
                hi = u;
            }
        }

        var min = lo / 255.0;
        var max = hi / 255.0;
        for (var u = 0; u < PySodConstants.Levels; u++)
        {
            var value = u / 255.0;
            levels[u] = max != min ? (value - min) / (max - min) : value;
        }
    }
}
