namespace CoSod.Metrics.Matlab;

/// <summary>
/// Dataset numbers of the CoSOD MATLAB toolbox: plain means over GROUPS of the group means (metrics-spec.md 8.6).
/// Curves are the group-averaged curves, ascending thresholds.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>MaxF</c>/<c>MaxE</c> are what main.m reports: the maximum of the curve, except for a dataset with ONE
/// group (<c>SingleGroupCollapse</c>). There the groups x 256 matrix is a row vector, MATLAB's <c>mean</c> averages it
/// over the thresholds, and <c>max</c> of that scalar is the scalar: the toolbox reports max = mean = the curve's mean
/// (and saves scalar P/R "curves"). Reproduced, and flagged so a report can say so.</item>
/// <item><c>CurveMaxF</c>/<c>CurveMaxE</c> are the true maxima of the curves; they equal <c>MaxF</c>/<c>MaxE</c>
/// unless the dataset has one group.</item>
/// <item><c>SMeasure</c>: mean over groups of the group S-measures, each over its images whose S-measure is defined.
/// OUR DEPARTURE from the toolbox, where a NaN S-measure (an empty region block, X = W or Y = H) makes the dataset
/// number NaN: such images are left out and listed, by index into the reduced image list, in
/// <c>UndefinedSMeasure</c>.</item>
/// </list>
/// </remarks>
public sealed record MatlabDatasetScores(
    double SMeasure,
    double Mae,
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
    double CurveMaxF,
    double CurveMaxE,
    bool SingleGroupCollapse,
    IReadOnlyList<MatlabGroupScores> Groups,
    IReadOnlyList<int> UndefinedSMeasure);
