namespace CoSod.Metrics.PySod;

/// <summary>
/// The count-to-score formulas of PySODMetrics, written with the reference's operation order so that the
/// results are the same doubles.
/// </summary>
public static class PySodFormulas
{
    /// <summary>TP / (TP + FP), 0 when nothing is selected (utils.divide leaves 0 where the denominator is 0).</summary>
    public static double Precision(long truePositives, long falsePositives)
    {
        var selected = truePositives + falsePositives;
        return selected == 0 ? 0.0 : truePositives / (double)selected;
    }

    /// <summary>TP / |G|, 0 for an empty ground truth.</summary>
    public static double Recall(long truePositives, long foreground) =>
        foreground == 0 ? 0.0 : truePositives / (double)foreground;

    /// <summary>(1 + b2) P R / (b2 P + R), 0 where the denominator is 0.</summary>
    public static double FMeasure(double precision, double recall)
    {
        var denominator = (PySodConstants.BetaSquared * precision) + recall;
        return denominator == 0 ? 0.0 : ((1 + PySodConstants.BetaSquared) * precision * recall) / denominator;
    }

    /// <summary>
    /// E-measure of a binary map given its counts: the four (prediction, ground truth) cells each contribute
    /// count x ((align + 1)^2 / 4), summed in the reference's order; empty and full ground truths are special.
    /// </summary>
    public static double EMeasure(long truePositives, long falsePositives, long foreground, long pixels)
    {
        var selected = truePositives + falsePositives;
        var unselected = pixels - selected;
        double enhancedSum;
        if (foreground == 0)
        {
            enhancedSum = unselected;
        }
        else if (foreground == pixels)
        {
            enhancedSum = selected;
        }
        else
        {
            var falseNegatives = foreground - truePositives;
            var trueNegatives = unselected - falseNegatives;
            var meanPrediction = selected / (double)pixels;
            var meanGroundTruth = foreground / (double)pixels;
            var predictionOn = 1 - meanPrediction;
            var predictionOff = 0 - meanPrediction;
            var truthOn = 1 - meanGroundTruth;
            var truthOff = 0 - meanGroundTruth;
            enhancedSum = Cell(truePositives, predictionOn, truthOn);
            enhancedSum += Cell(falsePositives, predictionOn, truthOff);
            enhancedSum += Cell(falseNegatives, predictionOff, truthOn);
            enhancedSum += Cell(trueNegatives, predictionOff, truthOff);
        }

        return enhancedSum / (pixels - 1 + PySodConstants.Eps);
    }

    private static double Cell(long count, double a, double b)
    {
        var align = 2 * (a * b) / ((a * a) + (b * b) + PySodConstants.Eps);
        var enhanced = (align + 1) * (align + 1) / 4;
        return enhanced * count;
    }
}
