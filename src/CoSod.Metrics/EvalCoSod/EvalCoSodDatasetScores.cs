using System.Collections.Immutable;

namespace CoSod.Metrics.EvalCoSod;

/// <summary>
/// Dataset numbers of eval-co-sod (profile B), accumulated over the images in the order given to
/// <see cref="EvalCoSodMetrics.Reduce"/>. Scalars are the float32 (or, for Sm and AP, float64) values
/// eval-co-sod reports, widened to double. Curves have <see cref="EvalCoSodMetrics.ThresholdCount"/> points.
/// </summary>
public sealed class EvalCoSodDatasetScores
{
    internal EvalCoSodDatasetScores(
        int imageCount,
        double mae,
        double sm,
        double maxF,
        double meanF,
        double maxE,
        double meanE,
        double ap,
        double auc,
        ImmutableArray<float> precision,
        ImmutableArray<float> recall,
        ImmutableArray<float> fMeasure,
        ImmutableArray<float> eMeasure,
        ImmutableArray<float> tprSortedByFpr,
        ImmutableArray<float> fprSorted,
        ImmutableArray<int> undefinedMae,
        ImmutableArray<int> undefinedSm)
    {
        ImageCount = imageCount;
        Mae = mae;
        Sm = sm;
        MaxF = maxF;
        MeanF = meanF;
        MaxE = maxE;
        MeanE = meanE;
        Ap = ap;
        Auc = auc;
        Precision = precision;
        Recall = recall;
        FMeasure = fMeasure;
        EMeasure = eMeasure;
        TprSortedByFpr = tprSortedByFpr;
        FprSorted = fprSorted;
        UndefinedMae = undefinedMae;
        UndefinedSm = undefinedSm;
    }

    /// <summary>Images reduced (all of them enter the curves, AP and AUC).</summary>
    public int ImageCount { get; }

    /// <summary>float32 running mean of the per-image MAE over the images where it is defined.</summary>
    public double Mae { get; }

    /// <summary>
    /// Double mean of the per-image float32 S-measure over the images where it is defined
    /// (NaN only when no image has a defined S-measure; see <see cref="UndefinedSm"/>).
    /// </summary>
    public double Sm { get; }

    /// <summary>Maximum of the mean F curve.</summary>
    public double MaxF { get; }

    /// <summary>Mean of the 255 points of the mean F curve.</summary>
    public double MeanF { get; }

    /// <summary>Maximum of the mean E curve.</summary>
    public double MaxE { get; }

    /// <summary>Mean of the 255 points of the mean E curve.</summary>
    public double MeanE { get; }

    /// <summary>VOC-style interpolated area under the (mean recall, mean precision) curve, float64.</summary>
    public double Ap { get; }

    /// <summary>Trapezoid area under the mean ROC curve ordered by ascending FPR, float32.</summary>
    public double Auc { get; }

    /// <summary>Mean precision per threshold (ascending threshold).</summary>
    public ImmutableArray<float> Precision { get; }

    /// <summary>Mean recall per threshold (ascending threshold).</summary>
    public ImmutableArray<float> Recall { get; }

    /// <summary>Mean F-measure per threshold (ascending threshold).</summary>
    public ImmutableArray<float> FMeasure { get; }

    /// <summary>Mean E-measure per threshold (ascending threshold).</summary>
    public ImmutableArray<float> EMeasure { get; }

    /// <summary>
    /// Mean TPR, permuted by torch's unstable CPU argsort of the mean FPR (so <see cref="FprSorted"/> ascends;
    /// tied FPRs in the order libstdc++'s introsort leaves them, as in eval-co-sod).
    /// </summary>
    public ImmutableArray<float> TprSortedByFpr { get; }

    /// <summary>Mean FPR in ascending order.</summary>
    public ImmutableArray<float> FprSorted { get; }

    /// <summary>Indices (into the reduced span) of images whose MAE is NaN; excluded from <see cref="Mae"/>.</summary>
    public ImmutableArray<int> UndefinedMae { get; }

    /// <summary>Indices (into the reduced span) of images whose S-measure is NaN; excluded from <see cref="Sm"/>.</summary>
    public ImmutableArray<int> UndefinedSm { get; }
}
