namespace CoSod.Metrics.PySod;

/// <summary>
/// What PySODMetrics keeps of one image: integer threshold counts (from which precision, recall, F and E
/// curves follow exactly) and the scalar metrics. Immutable once measured.
/// </summary>
public sealed class PySodImageScores
{
    internal PySodImageScores(
        int pixelCount, int foregroundCount, int[] truePositives, int[] falsePositives,
        double sMeasure, double mae, double weightedF, double adaptiveF, double adaptiveE, double adaptiveThreshold)
    {
        PixelCount = pixelCount;
        ForegroundCount = foregroundCount;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        SMeasure = sMeasure;
        Mae = mae;
        WeightedF = weightedF;
        AdaptiveF = adaptiveF;
        AdaptiveE = adaptiveE;
        AdaptiveThreshold = adaptiveThreshold;
    }

    /// <summary>
    /// Rebuilds scores from exactly the values an instance holds (a result cache stores them); the counts must
    /// have <see cref="PySodConstants.Levels"/> entries each. The arrays are taken over, not copied.
    /// </summary>
    /// <exception cref="ArgumentException">A count array of another length, or a negative count.</exception>
    public static PySodImageScores Restore(
        int pixelCount, int foregroundCount, int[] truePositives, int[] falsePositives,
        double sMeasure, double mae, double weightedF, double adaptiveF, double adaptiveE, double adaptiveThreshold)
    {
        ArgumentNullException.ThrowIfNull(truePositives);
        ArgumentNullException.ThrowIfNull(falsePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(pixelCount);
        ArgumentOutOfRangeException.ThrowIfNegative(foregroundCount);
        if (truePositives.Length != PySodConstants.Levels || falsePositives.Length != PySodConstants.Levels)
        {
            throw new ArgumentException($"PySODMetrics scores hold {PySodConstants.Levels} counts per curve.");
        }

        return new PySodImageScores(
            pixelCount, foregroundCount, truePositives, falsePositives, sMeasure, mae, weightedF, adaptiveF, adaptiveE,
            adaptiveThreshold);
    }

    public int PixelCount { get; }

    public int ForegroundCount { get; }

    /// <summary>Index t (ascending, 0..255): foreground pixels whose quantised value is &gt;= t.</summary>
    public IReadOnlyList<int> TruePositives { get; }

    /// <summary>Index t (ascending, 0..255): background pixels whose quantised value is &gt;= t.</summary>
    public IReadOnlyList<int> FalsePositives { get; }

    /// <summary>S-measure; NaN where PySODMetrics 1.6.2 yields NaN (an empty S-measure block).</summary>
    public double SMeasure { get; }

    public double Mae { get; }

    public double WeightedF { get; }

    public double AdaptiveF { get; }

    public double AdaptiveE { get; }

    /// <summary>min(2 * mean(p), 1) on the normalised map.</summary>
    public double AdaptiveThreshold { get; }

    public double Precision(int threshold) => PySodFormulas.Precision(TruePositives[threshold], FalsePositives[threshold]);

    public double Recall(int threshold) => PySodFormulas.Recall(TruePositives[threshold], ForegroundCount);

    public double FMeasure(int threshold) => PySodFormulas.FMeasure(Precision(threshold), Recall(threshold));

    public double EMeasure(int threshold) =>
        PySodFormulas.EMeasure(TruePositives[threshold], FalsePositives[threshold], ForegroundCount, PixelCount);

    /// <summary>The threshold counts as <see cref="PySodThresholdCounts"/> (what the curve reductions read).</summary>
    public PySodThresholdCounts Counts => PySodThresholdCounts.Restore(
        PixelCount, ForegroundCount, [.. TruePositives], [.. FalsePositives], 0, 0, AdaptiveThreshold);
}
