using System.Buffers;
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
/// few units in the last place and never changes a decision. Thread-safe: no shared mutable state; scratch
/// comes from the array pool.
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
        if (prediction.Length != groundTruth.PixelCount)
        {
            throw new ArgumentException(
                $"Prediction has {prediction.Length} pixels but the {groundTruth.Width}x{groundTruth.Height} "
                + "ground truth has " + groundTruth.PixelCount + "; resize the prediction first.",
                nameof(prediction));
        }

        var n = prediction.Length;
        Span<double> levels = stackalloc double[PySodConstants.Levels];
        NormalisedLevels(prediction, levels);

        // |p - G| of each level on the object (p - 1 negated) and off it (p): one table lookup per pixel below.
        Span<double> errorOn = stackalloc double[PySodConstants.Levels];
        Span<double> errorOff = stackalloc double[PySodConstants.Levels];
        for (var u = 0; u < PySodConstants.Levels; u++)
        {
            errorOn[u] = Math.Abs(levels[u] - 1);
            errorOff[u] = Math.Abs(levels[u] - 0);
        }

        var pool = ArrayPool<double>.Shared;
        var p = pool.Rent(n);
        var errorBuffer = pool.Rent(n);
        try
        {
            // One pass: the normalised map, |p - G| (MAE's terms and the weighted F-measure's error map E) and
            // the grey-level histograms over the object and the background.
            var map = p.AsSpan(0, n);
            var error = errorBuffer.AsSpan(0, n);
            var mask = groundTruth.Mask;
            Span<int> foregroundHistogram = stackalloc int[PySodConstants.Levels];
            Span<int> backgroundHistogram = stackalloc int[PySodConstants.Levels];
            foregroundHistogram.Clear();
            backgroundHistogram.Clear();
            for (var i = 0; i < map.Length; i++)
            {
                var u = prediction[i];
                map[i] = levels[u];
                if (mask[i] != 0)
                {
                    foregroundHistogram[u]++;
                    error[i] = errorOn[u];
                }
                else
                {
                    backgroundHistogram[u]++;
                    error[i] = errorOff[u];
                }
            }

            var mean = NumpySum.Pairwise(map) / n;
            var threshold = Math.Min(2 * mean, 1.0);

            var truePositives = new int[PySodConstants.Levels];
            var falsePositives = new int[PySodConstants.Levels];
            long adaptiveTp = 0;
            long adaptiveFp = 0;
            for (var u = 0; u < PySodConstants.Levels; u++)
            {
                if (foregroundHistogram[u] == 0 && backgroundHistogram[u] == 0)
                {
                    // Levels outside [min, max] normalise outside [0, 1]; they hold no pixel.
                    continue;
                }

                // astype(uint8) truncates; p * 255 is the reference's exact product.
                var q = (int)(levels[u] * 255.0);
                truePositives[q] += foregroundHistogram[u];
                falsePositives[q] += backgroundHistogram[u];
                if (levels[u] >= threshold)
                {
                    adaptiveTp += foregroundHistogram[u];
                    adaptiveFp += backgroundHistogram[u];
                }
            }

            for (var t = PySodConstants.Levels - 2; t >= 0; t--)
            {
                truePositives[t] += truePositives[t + 1];
                falsePositives[t] += falsePositives[t + 1];
            }

            var foreground = groundTruth.ForegroundCount;
            var adaptiveF = PySodFormulas.FMeasure(
                PySodFormulas.Precision(adaptiveTp, adaptiveFp), PySodFormulas.Recall(adaptiveTp, foreground));
            var adaptiveE = PySodFormulas.EMeasure(adaptiveTp, adaptiveFp, foreground, n);

            var mae = NumpySum.Pairwise(error) / n;
            var sMeasure = SMeasure.Compute(map, groundTruth, levels, foregroundHistogram, backgroundHistogram);
            var weightedF = WeightedFMeasure.Compute(error, groundTruth);

            return new PySodImageScores(
                n, foreground, truePositives, falsePositives, sMeasure, mae, weightedF, adaptiveF, adaptiveE,
                threshold);
        }
        finally
        {
            pool.Return(p);
            pool.Return(errorBuffer);
        }
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
