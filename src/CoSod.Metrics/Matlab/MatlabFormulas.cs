namespace CoSod.Metrics.Matlab;

/// <summary>
/// The count-to-score formulas of Fmeasure_calu.m and Enhancedmeasure.m, written with the toolbox's operation
/// order so that they give its doubles.
/// </summary>
public static class MatlabFormulas
{
    /// <summary>
    /// Fmeasure_calu.m: P = TP / #selected, all three scores 0 when TP = 0 (so an empty ground truth scores 0 at
    /// every threshold, and nothing divides by zero).
    /// </summary>
    public static double Precision(long truePositives, long selected) =>
        truePositives == 0 ? 0.0 : truePositives / (double)selected;

    /// <summary>Fmeasure_calu.m: R = TP / |G|, 0 when TP = 0.</summary>
    public static double Recall(long truePositives, long foreground) =>
        truePositives == 0 ? 0.0 : truePositives / (double)foreground;

    /// <summary>Fmeasure_calu.m: <c>(1.3 * P * R) / (.3 * P + R)</c>, 0 when TP = 0.</summary>
    public static double FMeasure(long truePositives, long selected, long foreground)
    {
        if (truePositives == 0)
        {
            return 0.0;
        }

        var precision = Precision(truePositives, selected);
        var recall = Recall(truePositives, foreground);
        return (MatlabConstants.FNumeratorWeight * precision * recall)
            / ((MatlabConstants.BetaSquared * precision) + recall);
    }

    /// <summary>
    /// Enhancedmeasure.m (E-measure, IJCAI 2018) of a binary map given its counts: an empty ground truth scores the
    /// unselected pixels, a full one the selected pixels; otherwise each (map, ground truth) cell contributes
    /// count x ((align + 1)^2 / 4). Divided by N - 1 + eps.
    /// </summary>
    /// <remarks>
    /// The toolbox sums the per-pixel terms in column-major order; there are only four distinct terms, so the sum
    /// here is count x term per cell. That changes the last bits only (relative ~1e-12 at 1e5 pixels) and no
    /// decision depends on it.
    /// </remarks>
    public static double EMeasure(long truePositives, long selected, long foreground, long pixels)
    {
        double enhancedSum;
        if (foreground == 0)
        {
            enhancedSum = pixels - selected;
        }
        else if (foreground == pixels)
        {
            enhancedSum = selected;
        }
        else
        {
            // mean2 of a 0/1 matrix is an exact count divided once by N.
            var meanMap = selected / (double)pixels;
            var meanTruth = foreground / (double)pixels;
            var falseNegatives = foreground - truePositives;
            var trueNegatives = pixels - selected - falseNegatives;
            enhancedSum = Cell(truePositives, 1 - meanMap, 1 - meanTruth);
            enhancedSum += Cell(selected - truePositives, 1 - meanMap, 0 - meanTruth);
            enhancedSum += Cell(falseNegatives, 0 - meanMap, 1 - meanTruth);
            enhancedSum += Cell(trueNegatives, 0 - meanMap, 0 - meanTruth);
        }

        return enhancedSum / (pixels - 1 + MatlabConstants.Eps);
    }

    /// <summary>
    /// AlignmentTerm: <c>2.*(align_GT.*align_FM)./(align_GT.*align_GT + align_FM.*align_FM + eps)</c>, then
    /// EnhancedAlignmentTerm: <c>((align + 1).^2)/4</c>.
    /// </summary>
    private static double Cell(long count, double alignMap, double alignTruth)
    {
        if (count == 0)
        {
            return 0.0;
        }

        var align = 2 * (alignTruth * alignMap) / ((alignTruth * alignTruth) + (alignMap * alignMap) + MatlabConstants.Eps);
        var enhanced = (align + 1) * (align + 1) / 4;
        return enhanced * count;
    }
}
