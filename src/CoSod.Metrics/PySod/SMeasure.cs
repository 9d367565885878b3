using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// S-measure (Fan et al., ICCV 2017) as PySODMetrics 1.6.2 computes it: 0.5 object + 0.5 region, clamped at 0,
/// with the all-background and all-object special cases.
/// </summary>
public static class SMeasure
{
    /// <summary>The S-measure of a pair; NaN where PySODMetrics 1.6.2 yields NaN (an empty S-measure block).</summary>
    public static double Compute(PySodPair pair)
    {
        var n = pair.PixelCount;
        var groundTruth = pair.GroundTruth;
        var foreground = groundTruth.ForegroundCount;
        if (foreground == 0)
        {
            return 1 - (pair.MapSum / n);
        }

        if (foreground == n)
        {
            return pair.MapSum / n;
        }

        var levels = pair.Levels;
        var foregroundMean = foreground / (double)n;
        var objectScore = ((ObjectSimilarity(levels, pair.ForegroundHistogram, invert: false) * foregroundMean)
            + (ObjectSimilarity(levels, pair.BackgroundHistogram, invert: true) * (1 - foregroundMean))) * PySodConstants.Alpha;
        var regionScore = RegionScore(pair.Map, groundTruth) * (1 - PySodConstants.Alpha);
        var sum = objectScore + regionScore;

        // NaN (an empty region block) passes through so the caller can report it as undefined.
        return double.IsNaN(sum) ? double.NaN : Math.Max(0, sum);
    }

    /// <summary>
    /// 2m / (m^2 + 1 + s + eps) over the object's values (or 1 - p over the background), s the sample standard
    /// deviation (0 for a single value, as in 1.6.2). The term is continuous in m and s, so they are taken from
    /// the grey-level histogram: the same numbers up to the last bits, without a pass over the pixels.
    /// </summary>
    private static double ObjectSimilarity(ReadOnlySpan<double> levels, ReadOnlySpan<int> histogram, bool invert)
    {
        long n = 0;
        var sum = 0.0;
        for (var u = 0; u < histogram.Length; u++)
        {
            if (histogram[u] != 0)
            {
                n += histogram[u];
                sum += histogram[u] * (invert ? 1 - levels[u] : levels[u]);
            }
        }

        var mean = sum / n;
        double std = 0;
        if (n > 1)
        {
            var squares = 0.0;
            for (var u = 0; u < histogram.Length; u++)
            {
                if (histogram[u] != 0)
                {
                    var d = (invert ? 1 - levels[u] : levels[u]) - mean;
                    squares += histogram[u] * (d * d);
                }
            }

            std = Math.Sqrt(squares / (n - 1));
        }

        return 2 * mean / ((mean * mean) + 1 + std + PySodConstants.Eps);
    }

    private static double RegionScore(PySodPair.NormalisedMap map, PySodGroundTruth groundTruth)
    {
        int h = groundTruth.Height, w = groundTruth.Width;
        var area = (double)(h * w);
        int cx = groundTruth.SplitColumn, cy = groundTruth.SplitRow;

        var wLt = (double)((long)cx * cy) / area;
        var wRt = (double)((long)cy * (w - cx)) / area;
        var wLb = (double)((long)(h - cy) * cx) / area;
        var wRb = 1 - wLt - wRt - wLb;

        var score = Ssim(map, groundTruth, 0, cy, 0, cx) * wLt;
        score += Ssim(map, groundTruth, 0, cy, cx, w) * wRt;
        score += Ssim(map, groundTruth, cy, h, 0, cx) * wLb;
        score += Ssim(map, groundTruth, cy, h, cx, w) * wRb;
        return score;
    }

    /// <summary>SSIM-like block similarity on rows [r0, r1) x columns [c0, c1); NaN for an empty block.</summary>
    /// <remarks>
    /// Only the block mean x decides a branch: the score is 1 rather than 0 exactly when the ground truth is
    /// constant in the block (so its variance and the covariance are exactly 0 in any order) and every
    /// p - x is exactly 0, which depends on the exact double x. So x follows numpy's summation order; the
    /// variances and the covariance, which enter continuously (and a sum of squares is 0 in any order exactly
    /// when every term is), are accumulated in one pass.
    /// </remarks>
    private static double Ssim(PySodPair.NormalisedMap map, PySodGroundTruth groundTruth, int r0, int r1, int c0, int c1)
    {
        var width = groundTruth.Width;
        var rows = Math.Max(r1 - r0, 0);
        var columns = Math.Max(c1 - c0, 0);
        var n = rows * columns;
        if (n == 0)
        {
            return double.NaN;
        }

        var mask = groundTruth.Mask;
        var x = NumpySum.SumRows(map, (r0 * width) + c0, rows, columns, width) / n;
        long objectPixels = 0;
        for (var r = r0; r < r1; r++)
        {
            foreach (var g in mask.Slice((r * width) + c0, columns))
            {
                objectPixels += g;
            }
        }

        var y = objectPixels / (double)n;
        var on = 1 - y;
        var off = 0 - y;
        double squares = 0, products = 0;
        for (var r = r0; r < r1; r++)
        {
            var first = (r * width) + c0;
            var maskRow = mask.Slice(first, columns);
            for (var j = 0; j < maskRow.Length; j++)
            {
                var d = map[first + j] - x;
                squares += d * d;
                products += d * (maskRow[j] != 0 ? on : off);
            }
        }

        var denominator = n - 1 + PySodConstants.Eps;
        var sigmaX = squares / denominator;
        var sigmaY = ((objectPixels * (on * on)) + ((n - objectPixels) * (off * off))) / denominator;
        var sigmaXy = products / denominator;

        var alpha = 4 * x * y * sigmaXy;
        var beta = ((x * x) + (y * y)) * (sigmaX + sigmaY);
        if (alpha != 0)
        {
            return alpha / (beta + PySodConstants.Eps);
        }

        return beta == 0 ? 1 : 0;
    }
}
