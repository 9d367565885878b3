namespace CoSod.Metrics.Matlab;

/// <summary>
/// One group as main.m averages it: plain means over the group's images of the scalars and of every curve point
/// (curves ascending, index j = threshold j of the images' range), and max/mean of the group F and E curves.
/// </summary>
/// <remarks>
/// <c>SMeasure</c> is the mean over the images whose S-measure is defined (NaN when none is);
/// <c>UndefinedSMeasure</c> lists the indices, into the reduced image list, of the images left out of it.
/// </remarks>
public sealed record MatlabGroupScores(
    int ImageCount,
    double SMeasure,
    double Mae,
    double AdaptiveF,
    double AdaptiveE,
    double MaxF,
    double MeanF,
    double MaxE,
    double MeanE,
    double[] Precision,
    double[] Recall,
    double[] FCurve,
    double[] ECurve,
    IReadOnlyList<int> UndefinedSMeasure);
