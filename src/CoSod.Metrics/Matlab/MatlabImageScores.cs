namespace CoSod.Metrics.Matlab;

/// <summary>
/// What the CoSOD MATLAB toolbox keeps of one image: integer threshold counts for its two binarisations (F and
/// precision/recall select <c>p &gt;= t</c>, E selects <c>p &gt; t</c>), from which every curve point follows, and
/// the scalar metrics. Index j of a count or curve is the ascending threshold
/// <see cref="MatlabThresholds.Ascending"/>(<see cref="Colon"/>)[j]. Immutable once measured.
/// </summary>
public sealed class MatlabImageScores
{
    internal MatlabImageScores(
        MatlabColon colon, int pixelCount, int foregroundCount,
        int[] selectedAtLeast, int[] truePositivesAtLeast, int[] selectedAbove, int[] truePositivesAbove,
        double sMeasure, double mae, double adaptiveF, double adaptiveE, double adaptiveThreshold,
        double mapMinimum, double mapMaximum, double normalisedMaximum)
    {
        Colon = colon;
        PixelCount = pixelCount;
        ForegroundCount = foregroundCount;
        SelectedAtLeast = selectedAtLeast;
        TruePositivesAtLeast = truePositivesAtLeast;
        SelectedAbove = selectedAbove;
        TruePositivesAbove = truePositivesAbove;
        SMeasure = sMeasure;
        Mae = mae;
        AdaptiveF = adaptiveF;
        AdaptiveE = adaptiveE;
        AdaptiveThreshold = adaptiveThreshold;
        MapMinimum = mapMinimum;
        MapMaximum = mapMaximum;
        NormalisedMaximum = normalisedMaximum;
    }

    /// <summary>
    /// Rebuilds scores from exactly the values an instance holds (a result cache stores them); every count array
    /// must have <see cref="MatlabConstants.ThresholdCount"/> entries. The arrays are taken over, not copied.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown colon, a count array of another length, or a negative count.</exception>
    public static MatlabImageScores Restore(
        MatlabColon colon, int pixelCount, int foregroundCount,
        int[] selectedAtLeast, int[] truePositivesAtLeast, int[] selectedAbove, int[] truePositivesAbove,
        double sMeasure, double mae, double adaptiveF, double adaptiveE, double adaptiveThreshold,
        double mapMinimum, double mapMaximum, double normalisedMaximum)
    {
        if (!Enum.IsDefined(colon))
        {
            throw new ArgumentException($"Unknown MatlabColon value {(int)colon}.", nameof(colon));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(pixelCount);
        ArgumentOutOfRangeException.ThrowIfNegative(foregroundCount);
        foreach (var counts in (int[][])[selectedAtLeast, truePositivesAtLeast, selectedAbove, truePositivesAbove])
        {
            ArgumentNullException.ThrowIfNull(counts);
            if (counts.Length != MatlabConstants.ThresholdCount)
            {
                throw new ArgumentException($"MATLAB toolbox scores hold {MatlabConstants.ThresholdCount} counts per curve.");
            }
        }

        return new MatlabImageScores(
            colon, pixelCount, foregroundCount, selectedAtLeast, truePositivesAtLeast, selectedAbove, truePositivesAbove,
            sMeasure, mae, adaptiveF, adaptiveE, adaptiveThreshold, mapMinimum, mapMaximum, normalisedMaximum);
    }

    /// <summary>Which threshold doubles the counts were taken at.</summary>
    public MatlabColon Colon { get; }

    public int PixelCount { get; }

    public int ForegroundCount { get; }

    /// <summary>Pixels with p &gt;= t_j (Fmeasure_calu's binarisation).</summary>
    public IReadOnlyList<int> SelectedAtLeast { get; }

    /// <summary>Object pixels with p &gt;= t_j.</summary>
    public IReadOnlyList<int> TruePositivesAtLeast { get; }

    /// <summary>Pixels with p &gt; t_j (main.m's binarisation for the E-measure).</summary>
    public IReadOnlyList<int> SelectedAbove { get; }

    /// <summary>Object pixels with p &gt; t_j.</summary>
    public IReadOnlyList<int> TruePositivesAbove { get; }

    /// <summary>StructureMeasure; NaN when X = W or Y = H empties a region block (the toolbox yields NaN too).</summary>
    public double SMeasure { get; }

    /// <summary><c>mean2(abs(double(gt) - p))</c> on the normalised map.</summary>
    public double Mae { get; }

    /// <summary>F at <c>p &gt;= min(2 * mean(p), 1)</c>.</summary>
    public double AdaptiveF { get; }

    /// <summary>E at <c>p &gt; 2 * mean(p)</c>, the threshold NOT capped at 1.</summary>
    public double AdaptiveE { get; }

    /// <summary><c>2 * mean(p)</c>, uncapped (F caps it at 1, E does not).</summary>
    public double AdaptiveThreshold { get; }

    /// <summary>Smallest and largest input value (im2double form), before mapminmax.</summary>
    public double MapMinimum { get; }

    public double MapMaximum { get; }

    /// <summary>Largest value after mapminmax: 1, 1 - 2^-53 (reciprocal gain), or a constant map's value.</summary>
    public double NormalisedMaximum { get; }

    public double Precision(int index) => MatlabFormulas.Precision(TruePositivesAtLeast[index], SelectedAtLeast[index]);

    public double Recall(int index) => MatlabFormulas.Recall(TruePositivesAtLeast[index], ForegroundCount);

    public double FMeasure(int index) =>
        MatlabFormulas.FMeasure(TruePositivesAtLeast[index], SelectedAtLeast[index], ForegroundCount);

    public double EMeasure(int index) =>
        MatlabFormulas.EMeasure(TruePositivesAbove[index], SelectedAbove[index], ForegroundCount, PixelCount);

    /// <summary>The image's F curve, ascending; its max/mean are diagnostics (the toolbox averages curves first).</summary>
    public double[] FCurve() => Curve(FMeasure);

    public double[] ECurve() => Curve(EMeasure);

    public double[] PrecisionCurve() => Curve(Precision);

    public double[] RecallCurve() => Curve(Recall);

    private static double[] Curve(Func<int, double> point)
    {
        var curve = new double[MatlabConstants.ThresholdCount];
        for (var j = 0; j < curve.Length; j++)
        {
            curve[j] = point(j);
        }

        return curve;
    }
}
