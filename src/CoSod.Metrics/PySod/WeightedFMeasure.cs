using System.Numerics;
using System.Runtime.CompilerServices;

namespace CoSod.Metrics.PySod;

/// <summary>
/// Weighted F-measure (Margolin et al., CVPR 2014; beta = 1) as PySODMetrics computes it.
/// </summary>
/// <remarks>
/// The 7x7 Gaussian of <c>fspecial('gaussian', 7, 5)</c> is separable, so it runs as two 1-D passes with zero
/// padding (scipy's <c>mode="constant"</c>); that changes only the rounding of each weighted sum, not any
/// decision the metric takes on it. The distance transform depends on the ground truth alone and comes
/// precomputed in <see cref="PySodGroundTruth"/>.
/// </remarks>
public static class WeightedFMeasure
{
    private const int Radius = PySodConstants.GaussianSize / 2;

    private static readonly double[] Kernel = BuildKernel();

    /// <summary>The weighted F-measure of a pair; 0 for an empty ground truth.</summary>
    /// <remarks>
    /// Memory stays a few rows: the transported error Et and its horizontal pass are kept for the kernel's seven rows
    /// only (a ring), and each output row of the vertical pass is used as soon as it is made. Every value has the same
    /// taps in the same order as a whole-image pass, and the sums run in the same order, so the result is the same
    /// double.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute(PySodPair pair)
    {
        var groundTruth = pair.GroundTruth;
        if (groundTruth.ForegroundCount == 0)
        {
            return 0;
        }

        int width = groundTruth.Width, height = groundTruth.Height;
        var mask = groundTruth.Mask;
        var nearest = groundTruth.NearestForeground;
        var pixels = pair.Prediction.AsSpan();
        var errorOn = pair.ErrorOnObject;

        // The blurred map EA is read only on the object, so it is computed only over the object's bounding box,
        // from Et over that box widened by the kernel radius.
        int top = groundTruth.ObjectTop, bottom = groundTruth.ObjectBottom;
        int left = groundTruth.ObjectLeft, right = groundTruth.ObjectRight;
        int columnFrom = Math.Max(0, left - Radius), columnTo = Math.Min(width - 1, right + Radius);

        var transported = new double[width];
        var ring = new double[PySodConstants.GaussianSize][];
        for (var k = 0; k < ring.Length; k++)
        {
            ring[k] = new double[width];
        }

        var smoothed = new double[right - left + 1];
        var nextRow = Math.Max(0, top - Radius);
        var insideSum = 0.0;
        for (var y = top; y <= bottom; y++)
        {
            var lo = Math.Max(0, y - Radius);
            var hi = Math.Min(height - 1, y + Radius);
            for (; nextRow <= hi; nextRow++)
            {
                // Et: off the object, the error of the nearest object pixel (so edges are judged from inside); an
                // object pixel is its own nearest, so every pixel reads the on-object error at its nearest, no branch.
                var rowStart = nextRow * width;
                for (var x = columnFrom; x <= columnTo; x++)
                {
                    transported[x] = errorOn[pixels[nearest[rowStart + x]]];
                }

                BlurRow(transported, ring[nextRow % ring.Length], left, right);
            }

            smoothed.AsSpan().Clear();
            for (var j = lo; j <= hi; j++)
            {
                AddScaled(smoothed, Kernel[j - y + Radius], ring[j % ring.Length].AsSpan(left, right - left + 1));
            }

            // Ew = min(E, EA) on the object; its sum enters the score continuously and runs row by row.
            for (var x = left; x <= right; x++)
            {
                var i = (y * width) + x;
                if (mask[i] != 0)
                {
                    var e = errorOn[pixels[i]];
                    var ea = smoothed[x - left];
                    insideSum += ea < e ? ea : e;
                }
            }
        }

        var falsePositive = BackgroundError(pair);
        var truePositive = groundTruth.ForegroundCount - insideSum;
        var recall = 1 - (insideSum / groundTruth.ForegroundCount);
        var precision = truePositive / (truePositive + falsePositive + PySodConstants.Eps);
        return (1 + 1) * recall * precision / (recall + precision + PySodConstants.Eps);
    }

    private static double[] BuildKernel()
    {
        var kernel = new double[PySodConstants.GaussianSize];
        var sum = 0.0;
        for (var i = 0; i < kernel.Length; i++)
        {
            double d = i - Radius;
            kernel[i] = Math.Exp(-(d * d) / (2 * PySodConstants.GaussianSigma * PySodConstants.GaussianSigma));
            sum += kernel[i];
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    /// <summary>
    /// One row of the horizontal pass: each output sums its taps in kernel order from 0. Taps outside the row
    /// are skipped (zero padding adds +0.0, which changes nothing). The vector path computes the same sums lane
    /// by lane, so both paths give identical doubles.
    /// </summary>
    private static void BlurRow(ReadOnlySpan<double> src, Span<double> dst, int from, int to)
    {
        var width = src.Length;
        var k = Kernel;
        var x = from;
        var lanes = Vector<double>.Count;
        var interiorEnd = Math.Min(width - Radius, to + 1);
        for (; x < Math.Min(Radius, to + 1); x++)
        {
            dst[x] = BlurAt(src, x);
        }

        if (Vector.IsHardwareAccelerated)
        {
            for (; x + lanes <= interiorEnd; x += lanes)
            {
                var sum = Vector<double>.Zero;
                for (var t = 0; t < k.Length; t++)
                {
                    sum += new Vector<double>(k[t]) * new Vector<double>(src.Slice(x - Radius + t, lanes));
                }

                sum.CopyTo(dst.Slice(x, lanes));
            }
        }

        for (; x <= to; x++)
        {
            dst[x] = BlurAt(src, x);
        }
    }

    private static double BlurAt(ReadOnlySpan<double> src, int x)
    {
        var lo = Math.Max(0, x - Radius);
        var hi = Math.Min(src.Length - 1, x + Radius);
        var s = 0.0;
        for (var j = lo; j <= hi; j++)
        {
            s += Kernel[j - x + Radius] * src[j];
        }

        return s;
    }

    /// <summary>dst += weight * src, element by element (no fused multiply-add, so any vector width agrees).</summary>
    private static void AddScaled(Span<double> dst, double weight, ReadOnlySpan<double> src)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<double>(weight);
            var lanes = Vector<double>.Count;
            for (; x + lanes <= dst.Length; x += lanes)
            {
                var sum = new Vector<double>(dst.Slice(x, lanes)) + (w * new Vector<double>(src.Slice(x, lanes)));
                sum.CopyTo(dst.Slice(x, lanes));
            }
        }

        for (; x < dst.Length; x++)
        {
            dst[x] += weight * src[x];
        }
    }

    /// <summary>
    /// The sum of E times the importance off the object (the importance is 0 on it), in four interleaved partial sums
    /// by pixel index combined as (s0 + s1) + (s2 + s3), then the tail: the order of the vectorised dot product it
    /// replaces, so the same double, without an image of importances. An object pixel adds E * 0 = +0.0 whatever its
    /// E, so every pixel reads the off-object error of its grey level and no mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double BackgroundError(PySodPair pair)
    {
        var squared = pair.GroundTruth.SquaredDistance;
        var pixels = pair.Prediction.AsSpan();
        var error = pair.ErrorOffObject;
        var table = ImportanceTable.Entries;
        var n = pixels.Length;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var end = n - (n % 4);
        var i = 0;
        for (; i < end; i += 4)
        {
            s0 += error[pixels[i]] * Importance(table, squared[i]);
            s1 += error[pixels[i + 1]] * Importance(table, squared[i + 1]);
            s2 += error[pixels[i + 2]] * Importance(table, squared[i + 2]);
            s3 += error[pixels[i + 3]] * Importance(table, squared[i + 3]);
        }

        var total = (s0 + s1) + (s2 + s3);
        for (; i < n; i++)
        {
            total += error[pixels[i]] * Importance(table, squared[i]);
        }

        return total;
    }

    /// <summary>0 on the object (squared distance 0), 2 - exp(ln(0.5)/5 * d) off it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Importance(ReadOnlySpan<double> table, int squaredDistance) =>
        squaredDistance == 0 ? 0.0 : (uint)squaredDistance < (uint)table.Length ? table[squaredDistance] : 2.0;
}
