namespace CoSod.Metrics.Matlab;

/// <summary>
/// StructureMeasure.m (Fan et al., ICCV 2017) with S_object.m and S_region.m, as Octave evaluates them: every
/// mean, standard deviation and block sum in Octave's column-major, sequential order (<see cref="OctaveSum"/>).
/// </summary>
/// <remarks>
/// The order matters beyond the last bit in one place: a region block's SSIM takes the branch "1 if alpha = 0 and
/// beta = 0" only when the block's variances are exactly 0, i.e. when every (p - mean) is exactly 0, which depends
/// on how the mean was rounded (ten pixels of 0.1 summed in order do not give a mean of exactly 0.1).
/// Every sum is sequential, so each term is computed as the sum reaches it: nothing the size of the image is made
/// (the toolbox materialises each element-wise array; the additions are the same, in the same order).
/// </remarks>
internal static class MatlabSMeasure
{
    /// <param name="map">The normalised map, column-major.</param>
    /// <param name="groundTruth">The mask and centroid.</param>
    public static double Compute(ReadOnlySpan<double> map, MatlabGroundTruth groundTruth)
    {
        var n = map.Length;
        var foreground = groundTruth.ForegroundCount;

        // y = mean2(GT): a sum of 0/1, exact, divided once.
        if (foreground == 0)
        {
            return 1.0 - (OctaveSum.Sequential(map) / n);
        }

        if (foreground == n)
        {
            return OctaveSum.Sequential(map) / n;
        }

        var q = (MatlabConstants.Alpha * ObjectScore(map, groundTruth))
            + ((1 - MatlabConstants.Alpha) * RegionScore(map, groundTruth));

        // "if (Q < 0) Q = 0": a NaN fails the comparison and passes through, as in the toolbox.
        return q < 0 ? 0 : q;
    }

    /// <summary>S_object: u * O(p over G) + (1 - u) * O(1 - p over not G), the values taken in column-major order.</summary>
    private static double ObjectScore(ReadOnlySpan<double> map, MatlabGroundTruth groundTruth)
    {
        var mask = groundTruth.ColumnMajorMask;
        var objectTerm = Object(map, mask, onObject: true);

        // prediction_bg = 1.0 - prediction, read where ~GT.
        var backgroundTerm = Object(map, mask, onObject: false);
        var u = groundTruth.ForegroundCount / (double)map.Length;
        return (u * objectTerm) + ((1 - u) * backgroundTerm);
    }

    /// <summary>
    /// S_object's Object() of p where the mask is set (or of 1 - p where it is not): <c>x = mean2(v)</c>,
    /// <c>sigma = std(v)</c>, <c>2.0 * x ./ (x^2 + 1.0 + sigma + eps)</c>. Octave 7's std is
    /// <c>sqrt(sumsq(v - sum(v)/n) / (n - 1))</c>, and 0 for a single value. v is never gathered: both sums walk the
    /// map in column-major order and take the pixels v holds, in v's order.
    /// </summary>
    private static double Object(ReadOnlySpan<double> map, ReadOnlySpan<byte> mask, bool onObject)
    {
        var wanted = onObject ? (byte)1 : (byte)0;
        var n = 0;
        var sum = 0.0;
        for (var i = 0; i < map.Length; i++)
        {
            if (mask[i] == wanted)
            {
                sum += onObject ? map[i] : 1.0 - map[i];
                n++;
            }
        }

        var mean = sum / n;
        var sigma = 0.0;
        if (n > 1)
        {
            var sumOfSquares = 0.0;
            for (var i = 0; i < map.Length; i++)
            {
                if (mask[i] == wanted)
                {
                    var d = (onObject ? map[i] : 1.0 - map[i]) - mean;
                    sumOfSquares += d * d;
                }
            }

            sigma = Math.Sqrt(sumOfSquares / (n - 1));
        }

        return 2.0 * mean / ((mean * mean) + 1.0 + sigma + MatlabConstants.Eps);
    }

    /// <summary>S_region: four blocks split after 1-based row Y and column X, weighted by area.</summary>
    private static double RegionScore(ReadOnlySpan<double> map, MatlabGroundTruth groundTruth)
    {
        int h = groundTruth.Height, w = groundTruth.Width;
        int x = groundTruth.CentroidColumn, y = groundTruth.CentroidRow;
        var area = (double)w * h;

        // divideGT: products of integers are exact doubles; w4 = 1.0 - w1 - w2 - w3 left to right.
        var w1 = ((double)x * y) / area;
        var w2 = ((double)(w - x) * y) / area;
        var w3 = ((double)x * (h - y)) / area;
        var w4 = 1.0 - w1 - w2 - w3;

        var q1 = Ssim(map, groundTruth, 0, y, 0, x);
        var q2 = Ssim(map, groundTruth, 0, y, x, w);
        var q3 = Ssim(map, groundTruth, y, h, 0, x);
        var q4 = Ssim(map, groundTruth, y, h, x, w);
        return (w1 * q1) + (w2 * q2) + (w3 * q3) + (w4 * q4);
    }

    /// <summary>
    /// S_region's ssim() on rows [r0, r1) x columns [c0, c1) (0-based, half-open). An empty block (X = W or Y = H)
    /// has mean2 = 0/0 = NaN in the toolbox, which makes the S-measure NaN; returned as NaN here.
    /// </summary>
    private static double Ssim(ReadOnlySpan<double> map, MatlabGroundTruth groundTruth, int r0, int r1, int c0, int c1)
    {
        var rows = r1 - r0;
        var columns = c1 - c0;
        var n = rows * columns;
        if (n <= 0)
        {
            return double.NaN;
        }

        var pitch = groundTruth.Height;
        var offset = (c0 * pitch) + r0;
        var mask = groundTruth.ColumnMajorMask;

        // x = mean2(prediction), y = mean2(dGT): block sums in column-major order (the GT's is an exact count).
        var x = OctaveSum.ColumnMajor(map, offset, rows, columns, pitch) / n;
        var objectPixels = 0;
        for (var c = 0; c < columns; c++)
        {
            foreach (var g in mask.AsSpan(offset + (c * pitch), rows))
            {
                objectPixels += g;
            }
        }

        var y = objectPixels / (double)n;
        var denominator = n - 1 + MatlabConstants.Eps;

        // sum(sum(M)) of each element-wise term M: each column summed from zero, the column sums added in order
        // (OctaveSum.ColumnsThenTotal), every term computed as its sum reaches it. (dGT - y).^2 takes two values:
        // (1 - y)^2 on the object, (0 - y)^2 elsewhere.
        var onSquare = (1 - y) * (1 - y);
        var offSquare = (0 - y) * (0 - y);
        double sumX2 = 0, sumY2 = 0, sumXy = 0;
        for (var c = 0; c < columns; c++)
        {
            var values = map.Slice(offset + (c * pitch), rows);
            var truth = mask.AsSpan(offset + (c * pitch), rows);
            double columnX2 = 0, columnY2 = 0, columnXy = 0;
            for (var r = 0; r < values.Length; r++)
            {
                var d = values[r] - x;
                columnX2 += d * d;
                columnY2 += truth[r] != 0 ? onSquare : offSquare;
                columnXy += d * (truth[r] - y);
            }

            sumX2 += columnX2;
            sumY2 += columnY2;
            sumXy += columnXy;
        }

        var sigmaX2 = sumX2 / denominator;
        var sigmaY2 = sumY2 / denominator;
        var sigmaXy = sumXy / denominator;

        var alpha = 4 * x * y * sigmaXy;
        var beta = ((x * x) + (y * y)) * (sigmaX2 + sigmaY2);
        if (alpha != 0)
        {
            return alpha / (beta + MatlabConstants.Eps);
        }

        return beta == 0 ? 1.0 : 0.0;
    }
}
