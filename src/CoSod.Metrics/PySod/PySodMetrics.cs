using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    public static PySodImageScores Measure(ReadOnlySpan<byte> prediction, PySodGroundTruth groundTruth) =>
        Measure(prediction.ToArray(), groundTruth);

    /// <summary>
    /// As <see cref="Measure(ReadOnlySpan{byte}, PySodGroundTruth)"/> on an array the pair may keep, as the evaluation
    /// does: no copy (a copy of a 400x300 map is a large-object allocation per pair, which costs more than S-measure).
    /// </summary>
    public static PySodImageScores Measure(byte[] prediction, PySodGroundTruth groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        var pair = new PySodPair(prediction, groundTruth);
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

    /// <summary>The smallest and largest grey level of a map (255 and 0 for an empty one), 32 pixels at a time where the CPU allows.</summary>
    internal static (byte Min, byte Max) Range(ReadOnlySpan<byte> pixels)
    {
        byte lo = 255, hi = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && pixels.Length >= Vector256<byte>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(pixels);
            var low = Vector256.Create((byte)255);
            var high = Vector256<byte>.Zero;
            for (; i <= pixels.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                low = Vector256.Min(low, v);
                high = Vector256.Max(high, v);
            }

            for (var k = 0; k < Vector256<byte>.Count; k++)
            {
                lo = Math.Min(lo, low[k]);
                hi = Math.Max(hi, high[k]);
            }
        }

        for (; i < pixels.Length; i++)
        {
            lo = Math.Min(lo, pixels[i]);
            hi = Math.Max(hi, pixels[i]);
        }

        return (lo, hi);
    }

    /// <summary>
    /// The normalised value of each grey level: u / 255, then (p - min) / (max - min) unless the map is
    /// constant. A table of 256 doubles gives exactly the values numpy computes per pixel.
    /// </summary>
    public static void NormalisedLevels(ReadOnlySpan<byte> prediction, Span<double> levels)
    {
        var (lo, hi) = Range(prediction);
        var min = lo / 255.0;
        var max = hi / 255.0;
        for (var u = 0; u < PySodConstants.Levels; u++)
        {
            var value = u / 255.0;
            levels[u] = max != min ? (value - min) / (max - min) : value;
        }
    }
}
