using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
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

    /// <param name="error">E = |p - G| per pixel.</param>
    /// <param name="groundTruth">The prepared ground truth.</param>
    public static double Compute(ReadOnlySpan<double> error, PySodGroundTruth groundTruth)
    {
        if (groundTruth.ForegroundCount == 0)
        {
            return 0;
        }

        var n = error.Length;
        int width = groundTruth.Width, height = groundTruth.Height;
        var mask = groundTruth.Mask;
        var nearest = groundTruth.NearestForeground!;
        var importance = groundTruth.Importance!;

        // The blurred map EA is read only on the object, so it is computed only over the object's bounding box,
        // from Et over that box widened by the kernel radius. Each computed value has the same taps in the same
        // order as a whole-image pass would give it.
        int top = groundTruth.ObjectTop, bottom = groundTruth.ObjectBottom;
        int left = groundTruth.ObjectLeft, right = groundTruth.ObjectRight;
        int rowFrom = Math.Max(0, top - Radius), rowTo = Math.Min(height - 1, bottom + Radius);
        int columnFrom = Math.Max(0, left - Radius), columnTo = Math.Min(width - 1, right + Radius);

        var pool = ArrayPool<double>.Shared;
        var transportedBuffer = pool.Rent(n);
        var rowPassBuffer = pool.Rent(n);
        var smoothedBuffer = pool.Rent(n);
        try
        {
            // Et: off the object, the error of the nearest object pixel (so edges are judged from inside).
            var transported = transportedBuffer.AsSpan(0, n);
            for (var y = rowFrom; y <= rowTo; y++)
            {
                for (var i = (y * width) + columnFrom; i <= (y * width) + columnTo; i++)
                {
                    transported[i] = mask[i] != 0 ? error[i] : error[nearest[i]];
                }
            }

            var rowPass = rowPassBuffer.AsSpan(0, n);
            for (var y = rowFrom; y <= rowTo; y++)
            {
                BlurRow(transported.Slice(y * width, width), rowPass.Slice(y * width, width), left, right);
            }

            var smoothed = smoothedBuffer.AsSpan(0, n);
            for (var y = top; y <= bottom; y++)
            {
                var dst = smoothed.Slice((y * width) + left, right - left + 1);
                dst.Clear();
                var lo = Math.Max(0, y - Radius);
                var hi = Math.Min(height - 1, y + Radius);
                for (var j = lo; j <= hi; j++)
                {
                    AddScaled(dst, Kernel[j - y + Radius], rowPass.Slice((j * width) + left, right - left + 1));
                }
            }

            // Ew = min(E, EA) on the object, E times the importance off it. The sums enter the score continuously,
            // so they are accumulated in the fastest order: the object's terms over its bounding box, the
            // background's as a dot product with the importance map, which is 0 on the object.
            var insideSum = 0.0;
            for (var y = top; y <= bottom; y++)
            {
                for (var i = (y * width) + left; i <= (y * width) + right; i++)
                {
                    if (mask[i] != 0)
                    {
                        var e = error[i];
                        var ea = smoothed[i];
                        insideSum += ea < e ? ea : e;
                    }
                }
            }

            var falsePositive = Dot(error, importance);
            var truePositive = groundTruth.ForegroundCount - insideSum;
            var recall = 1 - (insideSum / groundTruth.ForegroundCount);
            var precision = truePositive / (truePositive + falsePositive + PySodConstants.Eps);
            return (1 + 1) * recall * precision / (recall + precision + PySodConstants.Eps);
        }
        finally
        {
            pool.Return(transportedBuffer);
            pool.Return(rowPassBuffer);
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
    /// Sum of a[i] b[i] in four interleaved partial sums, combined as (s0 + s1) + (s2 + s3): the vector and the
    /// scalar paths give the same double on every machine, whatever its vector width.
    /// </summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var end = a.Length - (a.Length % 4);
        if (Vector256.IsHardwareAccelerated)
        {
            var sum = Vector256<double>.Zero;
            for (; i < end; i += 4)
            {
                sum += Vector256.Create(a.Slice(i, 4)) * Vector256.Create(b.Slice(i, 4));
            }

            (s0, s1, s2, s3) = (sum[0], sum[1], sum[2], sum[3]);
        }
        else
        {
            for (; i < end; i += 4)
            {
                s0 += a[i] * b[i];
                s1 += a[i + 1] * b[i + 1];
                s2 += a[i + 2] * b[i + 2];
                s3 += a[i + 3] * b[i + 3];
            }
        }

        var total = (s0 + s1) + (s2 + s3);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
