namespace CoSod.Metrics.PySod.SizeInvariance;

/// <summary>One image's size-invariant MAE, or why PySODMetrics gives none.</summary>
/// <param name="Value">The SI-MAE; NaN where PySODMetrics returns NaN (the boxes cover the image) or raises.</param>
/// <param name="Status">Whether PySODMetrics computes it at all.</param>
public readonly record struct SizeInvariantMaeScore(double Value, SizeInvariantStatus Status)
{
    /// <summary>
    /// PySODMetrics returns NaN without raising: every pixel lies in some target's box (0 * (0 / 0)), or, past 53
    /// targets, the float64 bit fields leave some target without a pixel (0 / 0).
    /// </summary>
    public bool IsNaN => Status == SizeInvariantStatus.Defined && double.IsNaN(Value);
}

/// <summary>
/// PySODMetrics 1.6.2 <c>SizeInvarianceMAE</c> of one pair (ICML 2024): the background outside every target box and
/// each target box weigh alike, si = ((r e0) / A0) f + sum_k (e_k / area_k) f with A0 the background area,
/// r = A0 / (N - A0), f = 1 / (T + r) and e the sums of |p - G|, evaluated left to right. An empty ground truth gives
/// the plain MAE.
/// </summary>
public static class SizeInvariantMae
{
    /// <exception cref="InvalidOperationException">The ground truth was prepared without its targets.</exception>
    public static SizeInvariantMaeScore Measure(PySodPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var targets = pair.GroundTruth.Targets
            ?? throw new InvalidOperationException("The ground truth was prepared without PySodGroundTruthWork.SizeInvariantTargets.");
        if (targets.Status != SizeInvariantStatus.Defined)
        {
            return new SizeInvariantMaeScore(double.NaN, targets.Status);
        }

        var n = pair.PixelCount;
        if (targets.Count == 0)
        {
            return new SizeInvariantMaeScore(PySodMetrics.MeanAbsoluteError(pair), SizeInvariantStatus.Defined);
        }

        long background = targets.OutsideCount;
        var ratio = background / (double)(n - background);
        var factor = 1 / (targets.Count + ratio);
        var mae = ((ratio * MaskedMaps.SumOfError(pair, targets.Outside)) / background) * factor;
        for (var k = 0; k < targets.Count; k++)
        {
            var mask = targets.Mask(k);
            mae += (MaskedMaps.SumOfError(pair, mask) / mask.Area()) * factor;
        }

        return new SizeInvariantMaeScore(mae, SizeInvariantStatus.Defined);
    }
}
