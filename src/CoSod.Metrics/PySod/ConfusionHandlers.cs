using System.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// The eleven FmeasureV2 handlers of PySODMetrics 1.6.2 (py_sod_metrics/fmeasurev2.py), in the order its test suite
/// lists them: each turns the four confusion counts of a binary map into one number.
/// </summary>
public enum ConfusionHandler
{
    /// <summary>F-measure with beta^2 = 0.3 (<c>fm</c>).</summary>
    FMeasure,

    /// <summary>F-measure with beta = 1 (<c>f1</c>).</summary>
    F1,

    /// <summary>Precision (<c>pre</c>).</summary>
    Precision,

    /// <summary>Recall, the true positive rate (<c>rec</c>).</summary>
    Recall,

    /// <summary>False positive rate (<c>fpr</c>); lower is better.</summary>
    FalsePositiveRate,

    /// <summary>Intersection over union (<c>iou</c>).</summary>
    IoU,

    /// <summary>Dice coefficient (<c>dice</c>).</summary>
    Dice,

    /// <summary>Specificity, the true negative rate (<c>spec</c>).</summary>
    Specificity,

    /// <summary>Balanced error rate (<c>ber</c>); lower is better.</summary>
    BalancedErrorRate,

    /// <summary>Overall accuracy (<c>oa</c>).</summary>
    OverallAccuracy,

    /// <summary>Cohen's kappa (<c>kappa</c>).</summary>
    Kappa,
}

/// <summary>TP, FP, TN and FN of one binary map (or their sum over many), exact integers.</summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>The counts of a selection of <paramref name="truePositives"/> object and <paramref name="falsePositives"/> background pixels.</summary>
    public static ConfusionCounts OfSelection(long truePositives, long falsePositives, long foreground, long pixels) =>
        new(truePositives, falsePositives, pixels - foreground - falsePositives, foreground - truePositives);
}

/// <summary>
/// The handlers' formulas with PySODMetrics' operation order: integer arithmetic until <c>divide</c>, which turns
/// numerator and denominator into doubles (round to nearest) and gives 0 where the denominator is 0.
/// </summary>
public static class ConfusionHandlers
{
    /// <summary>Every handler, in the test suite's order.</summary>
    public static IReadOnlyList<ConfusionHandler> All { get; } = Enum.GetValues<ConfusionHandler>();

    public static int Count => All.Count;

    /// <summary>The handler's name in PySODMetrics' keys (<c>maxiou</c>, <c>sample_biber</c>, ...).</summary>
    public static string Key(ConfusionHandler handler) => handler switch
    {
        ConfusionHandler.FMeasure => "fm",
        ConfusionHandler.F1 => "f1",
        ConfusionHandler.Precision => "pre",
        ConfusionHandler.Recall => "rec",
        ConfusionHandler.FalsePositiveRate => "fpr",
        ConfusionHandler.IoU => "iou",
        ConfusionHandler.Dice => "dice",
        ConfusionHandler.Specificity => "spec",
        ConfusionHandler.BalancedErrorRate => "ber",
        ConfusionHandler.OverallAccuracy => "oa",
        ConfusionHandler.Kappa => "kappa",
        _ => throw new ArgumentOutOfRangeException(nameof(handler), handler, null),
    };

    /// <summary>The handler on one image's counts.</summary>
    public static double Value(ConfusionHandler handler, ConfusionCounts counts) =>
        Value(handler, counts.TruePositives, counts.FalsePositives, counts.TrueNegatives, counts.FalseNegatives);

    /// <summary>
    /// The handler on counts of any integer type: <see cref="long"/> per image, <see cref="Int128"/> for counts summed
    /// over a dataset (PySODMetrics sums Python integers, so kappa's products there are exact too).
    /// </summary>
    public static double Value<T>(ConfusionHandler handler, T tp, T fp, T tn, T fn)
        where T : IBinaryInteger<T>
    {
        switch (handler)
        {
            case ConfusionHandler.FMeasure:
                return FMeasure(Divide(tp, tp + fp), Divide(tp, tp + fn), PySodConstants.BetaSquared);
            case ConfusionHandler.F1:
                return FMeasure(Divide(tp, tp + fp), Divide(tp, tp + fn), 1.0);
            case ConfusionHandler.Precision:
                return Divide(tp, tp + fp);
            case ConfusionHandler.Recall:
                return Divide(tp, tp + fn);
            case ConfusionHandler.FalsePositiveRate:
                return Divide(fp, tn + fp);
            case ConfusionHandler.IoU:
                return Divide(tp, tp + fp + fn);
            case ConfusionHandler.Dice:
                return Divide(tp + tp, tp + fn + tp + fp);
            case ConfusionHandler.Specificity:
                return Divide(tn, tn + fp);
            case ConfusionHandler.BalancedErrorRate:
                return BalancedErrorRate(Divide(tp, tp + fn), Divide(tn, tn + fp));
            case ConfusionHandler.OverallAccuracy:
                return Divide(tp + tn, tp + fp + tn + fn);
            case ConfusionHandler.Kappa:
                var all = tp + fp + tn + fn;
                var chance = Divide(((tp + fp) * (tp + fn)) + ((tn + fn) * (tn + tp)), all * all);
                return Kappa(Divide(tp + tn, all), chance);
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }
    }

    /// <summary>
    /// All eleven handlers at once on one image's counts, into <paramref name="values"/> (indexed by handler): the
    /// hot loop of the threshold curves, sharing precision and recall between the two F-measures.
    /// </summary>
    public static void Values(long tp, long fp, long tn, long fn, Span<double> values)
    {
        var precision = Divide(tp, tp + fp);
        var recall = Divide(tp, tp + fn);
        var specificity = Divide(tn, tn + fp);
        var all = tp + fp + tn + fn;
        values[(int)ConfusionHandler.FMeasure] = FMeasure(precision, recall, PySodConstants.BetaSquared);
        values[(int)ConfusionHandler.F1] = FMeasure(precision, recall, 1.0);
        values[(int)ConfusionHandler.Precision] = precision;
        values[(int)ConfusionHandler.Recall] = recall;
        values[(int)ConfusionHandler.FalsePositiveRate] = Divide(fp, tn + fp);
        values[(int)ConfusionHandler.IoU] = Divide(tp, tp + fp + fn);
        values[(int)ConfusionHandler.Dice] = Divide(tp + tp, tp + fn + tp + fp);
        values[(int)ConfusionHandler.Specificity] = specificity;
        values[(int)ConfusionHandler.BalancedErrorRate] = BalancedErrorRate(recall, specificity);
        values[(int)ConfusionHandler.OverallAccuracy] = Divide(tp + tn, all);
        var chance = Divide(((tp + fp) * (tp + fn)) + ((tn + fn) * (tn + tp)), all * all);
        values[(int)ConfusionHandler.Kappa] = Kappa(Divide(tp + tn, all), chance);
    }

    /// <summary>
    /// The eleven handler curves of one image (or target) from its dynamic counts (TP and FP at thresholds 0..255,
    /// ascending), laid end to end in handler order into <paramref name="curves"/> (11 x 256 values).
    /// </summary>
    public static void Curves(ReadOnlySpan<long> truePositives, ReadOnlySpan<long> falsePositives, long foreground, long pixels, Span<double> curves)
    {
        var levels = truePositives.Length;
        Span<double> values = stackalloc double[Count];
        var background = pixels - foreground;
        for (var t = 0; t < levels; t++)
        {
            var tp = truePositives[t];
            var fp = falsePositives[t];
            Values(tp, fp, background - fp, foreground - tp, values);
            for (var h = 0; h < values.Length; h++)
            {
                curves[(h * levels) + t] = values[h];
            }
        }
    }

    /// <summary>
    /// Whether PySODMetrics 1.6.2 fails on kappa of these counts: its numerator, a Python integer, no longer fits
    /// numpy's uint64 (from about 4.29e9 pixels summed), and <c>np.divide</c> raises UFuncTypeError.
    /// </summary>
    public static bool KappaOverflowsInPySodMetrics(Int128 tp, Int128 fp, Int128 tn, Int128 fn)
    {
        var numerator = ((tp + fp) * (tp + fn)) + ((tn + fn) * (tn + tp));
        return numerator > ulong.MaxValue;
    }

    /// <summary>
    /// utils <c>divide</c>: both sides become doubles (round to nearest, as numpy's casts and Python's int-to-float
    /// do), the result is 0 where the denominator is 0.
    /// </summary>
    private static double Divide<T>(T numerator, T denominator)
        where T : IBinaryInteger<T>
    {
        var d = double.CreateChecked(denominator);
        return d != 0 ? double.CreateChecked(numerator) / d : 0.0;
    }

    /// <summary>divide((beta2 + 1) * P * R, beta2 * P + R), the products left to right.</summary>
    private static double FMeasure(double precision, double recall, double betaSquared)
    {
        var denominator = (betaSquared * precision) + recall;
        return denominator != 0 ? ((betaSquared + 1) * precision * recall) / denominator : 0.0;
    }

    private static double BalancedErrorRate(double recall, double specificity) => 1 - (0.5 * (recall + specificity));

    /// <summary>divide(oa - pe, 1 - pe).</summary>
    private static double Kappa(double overallAccuracy, double chance)
    {
        var denominator = 1 - chance;
        return denominator != 0 ? (overallAccuracy - chance) / denominator : 0.0;
    }
}
