using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// S-measure (Fan et al., ICCV 2017) as PySODMetrics 1.6.2 computes it: 0.5 object + 0.5 region, clamped at 0,
/// with the all-background and all-object special cases.
/// </summary>
internal static class SMeasure
{
    public static double Compute(ReadOnlySpan<double> map, PySodGroundTruth groundTruth, Span<double> scratch)
    {
        var n = map.Length;
        var foreground = groundTruth.ForegroundCount;
        if (foreground == 0)
        {
            return 1 - (NumpySum.Pairwise(map) / n);
        }

        if (foreground == n)
        {
            return NumpySum.Pairwise(map) / n;
        }

        var objectScore = ObjectScore(map, groundTruth, scratch) * PySodConstants.Alpha;
        var regionScore = RegionScore(map, groundTruth, scratch) * (1 - PySodConstants.Alpha);
        var sum = objectScore + regionScore;

        // NaN (an empty region block) passes through so the caller can report it as undefined.
        return double.IsNaN(sum) ? double.NaN : Math.Max(0, sum);
    }

    private static double ObjectScore(ReadOnlySpan<double> map, PySodGroundTruth groundTruth, Span<double> scratch)
    {
        var mask = groundTruth.Mask;
        var n = map.Length;
        var foregroundMean = groundTruth.ForegroundCount / (double)n;

        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (mask[i] != 0)
            {
                scratch[count++] = map[i];
            }
        }

        var foregroundScore = ObjectSimilarity(scratch[..count]) * foregroundMean;

        count = 0;
        for (var i = 0; i < n; i++)
        {
            if (mask[i] == 0)
            {
                scratch[count++] = 1 - map[i];
            }
        }

        var backgroundScore = ObjectSimilarity(scratch[..count]) * (1 - foregroundMean);
        return foregroundScore + backgroundScore;
    }

    /// <summary>2m / (m^2 + 1 + s + eps), s the sample standard deviation (0 for a single value, as in 1.6.2).</summary>
    private static double ObjectSimilarity(Span<double> values)
    {
        var n = values.Length;
        var mean = NumpySum.Pairwise(values) / n;
        double std = 0;
        if (n > 1)
        {
            for (var i = 0; i < n; i++)
            {
                var d = values[i] - mean;
                values[i] = d * d;
            }

            std = Math.Sqrt(NumpySum.Pairwise(values) / (n - 1));
        }

        return 2 * mean / ((mean * mean) + 1 + std + PySodConstants.Eps);
    }

    private static double RegionScore(ReadOnlySpan<double> map, PySodGroundTruth groundTruth, Span<double> scratch)
    {
        int h = groundTruth.Height, w = groundTruth.Width;
        var area = (double)(h * w);
        int cx = groundTruth.SplitColumn, cy = groundTruth.SplitRow;

        var wLt = (double)((long)cx * cy) / area;
        var wRt = (double)((long)cy * (w - cx)) / area;
        var wLb = (double)((long)(h - cy) * cx) / area;
        var wRb = 1 - wLt - wRt - wLb;

        var score = Ssim(map, groundTruth, 0, cy, 0, cx, scratch) * wLt;
        score += Ssim(map, groundTruth, 0, cy, cx, w, scratch) * wRt;
        score += Ssim(map, groundTruth, cy, h, 0, cx, scratch) * wLb;
        score += Ssim(map, groundTruth, cy, h, cx, w, scratch) * wRb;
        return score;
    }

    /// <summary>SSIM-like block similarity on rows [r0, r1) x columns [c0, c1); NaN for an empty block.</summary>
    private static double Ssim(
        ReadOnlySpan<double> map, PySodGroundTruth groundTruth, int r0, int r1, int c0, int c1, Span<double> scratch)
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
        // np.mean over a 2-D view: one pairwise run per row unless the view is contiguous.
        var x = NumpySum.SumRows(map, (r0 * width) + c0, rows, columns, width) / n;
        long objectPixels = 0;
        for (var r = r0; r < r1; r++)
        {
            var row = mask.AsSpan((r * width) + c0, columns);
            foreach (var g in row)
            {
                objectPixels += g;
            }
        }

        var y = objectPixels / (double)n;
        var denominator = n - 1 + PySodConstants.Eps;

        // (pred - x) ** 2, (gt - y) ** 2 and their product are fresh contiguous arrays: one pairwise run each.
        var block = scratch[..n];
        var k = 0;
        for (var r = r0; r < r1; r++)
        {
            var row = map.Slice((r * width) + c0, columns);
            foreach (var v in row)
            {
                var d = v - x;
                block[k++] = d * d;
            }
        }

        var sigmaX = NumpySum.Pairwise(block) / denominator;

        // A 0/1 block has only two values of (g - y)^2, but the sum still has to be numpy's.
        var onSquare = (1 - y) * (1 - y);
        var offSquare = (0 - y) * (0 - y);
        k = 0;
        for (var r = r0; r < r1; r++)
        {
            var row = mask.AsSpan((r * width) + c0, columns);
            foreach (var g in row)
            {
                block[k++] = g != 0 ? onSquare : offSquare;
            }
        }

        var sigmaY = NumpySum.Pairwise(block) / denominator;

        k = 0;
        for (var r = r0; r < r1; r++)
        {
            var row = map.Slice((r * width) + c0, columns);
            var maskRow = mask.AsSpan((r * width) + c0, columns);
            for (var j = 0; j < row.Length; j++)
            {
                block[k++] = (row[j] - x) * (maskRow[j] - y);
            }
        }

        var sigmaXy = NumpySum.Pairwise(block) / denominator;

        var alpha = 4 * x * y * sigmaXy;
        var beta = ((x * x) + (y * y)) * (sigmaX + sigmaY);
        if (alpha != 0)
        {
            return alpha / (beta + PySodConstants.Eps);
        }

        return beta == 0 ? 1 : 0;
    }
}
