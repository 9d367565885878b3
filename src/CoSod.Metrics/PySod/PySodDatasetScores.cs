namespace CoSod.Metrics.PySod;

/// <summary>Dataset numbers of the PySODMetrics profile; curves have 256 points, index t = threshold t.</summary>
public sealed record PySodDatasetScores(
    double SMeasure,
    double Mae,
    double WeightedF,
    double MaxF,
    double MeanF,
    double AdaptiveF,
    double MaxE,
    double MeanE,
    double AdaptiveE,
    double[] Precision,
    double[] Recall,
    double[] FCurve,
    double[] ECurve,
    IReadOnlyList<int> UndefinedSMeasure);
