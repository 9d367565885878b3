using System.Buffers;
using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// Weighted F-measure (Margolin et al., CVPR 2014; beta = 1) as PySODMetrics computes it.
/// </summary>
/// <remarks>
/// The 7x7 Gaussian of <c>fspecial('gaussian', 7, 5)</c> is separable, so it runs as two 1-D passes with zero
/// padding (scipy's <c>mode="constant"</c>); that changes only the rounding of each weighted sum, not any
/// decision the metric takes on it. The distance transform and the importance weights depend on the ground
/// truth alone and come precomputed in <see cref="PySodGroundTruth"/>.
/// </remarks>
internal static class WeightedFMeasure
{
    private const int Radius = PySodConstants.GaussianSize / 2;

    private static readonly double[] Kernel = BuildKernel();

    public static double Compute(ReadOnlySpan<double> map, PySodGroundTruth groundTruth)
    {
        if (groundTruth.ForegroundCount == 0)
        {
            return 0;
        }

        var n = map.Length;
        int width = groundTruth.Width, height = groundTruth.Height;
        var mask = groundTruth.Mask;
        var nearest = groundTruth.NearestForeground!;
        var importance = groundTruth.Importance!;

        var pool = ArrayPool<double>.Shared;
        var errorBuffer = pool.Rent(n);
        var transportedBuffer = pool.Rent(n);
        var smoothedBuffer = pool.Rent(n);
        try
        {
            var error = errorBuffer.AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                error[i] = Math.Abs(map[i] - mask[i]);
            }

            // Et: off the object, the error of the nearest object pixel (so edges are judged from inside).
            var transported = transportedBuffer.AsSpan(0, n);
            for (var i = 0; i < n; i++)
            {
                transported[i] = mask[i] != 0 ? error[i] : error[nearest[i]];
            }

            var smoothed = smoothedBuffer.AsSpan(0, n);
            GaussianBlur(transported, smoothed, width, height);

            // Ew = min(E, EA) on the object, E elsewhere, times the importance; gathered per side, in pixel
            // order, for the sums (Ew[gt == 1] and Ew[gt == 0] are contiguous copies in the reference). The
            // outside values overwrite already-read entries of the blurred map, the inside ones the spent Et.
            var insideCount = 0;
            var outsideCount = n - groundTruth.ForegroundCount;
            var inside = transportedBuffer.AsSpan(0, groundTruth.ForegroundCount);
            var outside = smoothed[..outsideCount];
            var outsideIndex = 0;
            for (var i = 0; i < n; i++)
            {
                var e = error[i];
                if (mask[i] != 0)
                {
                    var ea = smoothed[i];
                    inside[insideCount++] = ea < e ? ea : e;
                }
                else
                {
                    smoothed[outsideIndex++] = e * importance[i];
                }
            }

            var insideSum = NumpySum.Pairwise(inside);
            var truePositive = groundTruth.ForegroundCount - insideSum;
            var falsePositive = NumpySum.Pairwise(outside);
            var recall = 1 - (insideSum / groundTruth.ForegroundCount);
            var precision = truePositive / (truePositive + falsePositive + PySodConstants.Eps);
            return (1 + 1) * recall * precision / (recall + precision + PySodConstants.Eps);
        }
        finally
        {
            pool.Return(errorBuffer);
            pool.Return(transportedBuffer);
            pool.Return(smoothedBuffer);
        }
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

    private static void GaussianBlur(ReadOnlySpan<double> source, Span<double> destination, int width, int height)
    {
        var pool = ArrayPool<double>.Shared;
        var rowPassBuffer = pool.Rent(source.Length);
        try
        {
            var rowPass = rowPassBuffer.AsSpan(0, source.Length);
            var k = Kernel;
            for (var y = 0; y < height; y++)
            {
                var src = source.Slice(y * width, width);
                var dst = rowPass.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    var lo = Math.Max(0, x - Radius);
                    var hi = Math.Min(width - 1, x + Radius);
                    var s = 0.0;
                    for (var j = lo; j <= hi; j++)
                    {
                        s += k[j - x + Radius] * src[j];
                    }

                    dst[x] = s;
                }
            }

            for (var y = 0; y < height; y++)
            {
                var dst = destination.Slice(y * width, width);
                dst.Clear();
                var lo = Math.Max(0, y - Radius);
                var hi = Math.Min(height - 1, y + Radius);
                for (var j = lo; j <= hi; j++)
                {
                    var weight = k[j - y + Radius];
                    var src = rowPass.Slice(j * width, width);
                    for (var x = 0; x < dst.Length; x++)
                    {
                        dst[x] += weight * src[x];
                    }
                }
            }
        }
        finally
        {
            pool.Return(rowPassBuffer);
        }
    }
}
