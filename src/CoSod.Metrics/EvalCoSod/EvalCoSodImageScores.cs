using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace CoSod.Metrics.EvalCoSod;

/// <summary>
/// What eval-co-sod computes for one prediction / ground-truth pair (profile B). Every value is the float32
/// number torch produces; every curve has <see cref="EvalCoSodMetrics.ThresholdCount"/> points, index i being
/// threshold <see cref="EvalCoSodMetrics.Thresholds"/>[i] (ascending).
/// Instances come from <see cref="EvalCoSodMetrics.Measure"/> only.
/// </summary>
public sealed class EvalCoSodImageScores
{
    internal EvalCoSodImageScores(
        int pixelCount,
        float mae,
        float sm,
        float[] precision,
        float[] recall,
        float[] fMeasure,
        float[] eMeasure,
        float[] tpr,
        float[] fpr,
        float maxF,
        float meanF,
        float maxE,
        float meanE)
    {
        PixelCount = pixelCount;
        Mae = mae;
        Sm = sm;
        PrecisionArray = precision;
        RecallArray = recall;
        FMeasureArray = fMeasure;
        EMeasureArray = eMeasure;
        TprArray = tpr;
        FprArray = fpr;
        MaxF = maxF;
        MeanF = meanF;
        MaxE = maxE;
        MeanE = meanE;
    }

    /// <summary>
    /// Rebuilds scores from exactly the values an instance holds (a result cache stores them); every curve must
    /// have <see cref="EvalCoSodMetrics.ThresholdCount"/> points. The arrays are taken over, not copied.
    /// </summary>
    /// <exception cref="ArgumentException">A curve of another length, or a negative pixel count.</exception>
    public static EvalCoSodImageScores Restore(
        int pixelCount,
        float mae,
        float sm,
        float[] precision,
        float[] recall,
        float[] fMeasure,
        float[] eMeasure,
        float[] tpr,
        float[] fpr,
        float maxF,
        float meanF,
        float maxE,
        float meanE)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pixelCount);
        foreach (var curve in (float[][])[precision, recall, fMeasure, eMeasure, tpr, fpr])
        {
            ArgumentNullException.ThrowIfNull(curve);
            if (curve.Length != EvalCoSodMetrics.ThresholdCount)
            {
                throw new ArgumentException($"eval-co-sod scores hold {EvalCoSodMetrics.ThresholdCount} points per curve.");
            }
        }

        return new EvalCoSodImageScores(pixelCount, mae, sm, precision, recall, fMeasure, eMeasure, tpr, fpr, maxF, meanF, maxE, meanE);
    }

    /// <summary>Number of pixels (height x width of the ground truth).</summary>
    public int PixelCount { get; }

    /// <summary>mean |u/255 - g/255| on the raw prediction (no min-max normalisation).</summary>
    public float Mae { get; }

    /// <summary>
    /// S-measure (alpha 0.5), clamped at 0 as eval-co-sod does. NaN where eval-co-sod yields NaN: a one-pixel
    /// object or background (unbiased std of one value), a ground truth whose soft mean is neither 0 nor 1 but
    /// that binarises to empty or full, or a centroid in column/row 0 (empty quadrant).
    /// </summary>
    public float Sm { get; }

    /// <summary>Precision per threshold: sum(b*g) / (sum(b) + 1e-20).</summary>
    public ImmutableArray<float> Precision => ImmutableCollectionsMarshal.AsImmutableArray(PrecisionArray);

    /// <summary>Recall per threshold: sum(b*g) / (sum(g) + 1e-20).</summary>
    public ImmutableArray<float> Recall => ImmutableCollectionsMarshal.AsImmutableArray(RecallArray);

    /// <summary>F-measure per threshold (beta^2 = 0.3), NaN replaced by 0.</summary>
    public ImmutableArray<float> FMeasure => ImmutableCollectionsMarshal.AsImmutableArray(FMeasureArray);

    /// <summary>E-measure per threshold (generic formula, no empty/full special cases).</summary>
    public ImmutableArray<float> EMeasure => ImmutableCollectionsMarshal.AsImmutableArray(EMeasureArray);

    /// <summary>True-positive rate per threshold: tp / (tp + fn + 1e-20), on the soft ground truth.</summary>
    public ImmutableArray<float> Tpr => ImmutableCollectionsMarshal.AsImmutableArray(TprArray);

    /// <summary>False-positive rate per threshold: fp / (fp + tn + 1e-20), on the soft ground truth.</summary>
    public ImmutableArray<float> Fpr => ImmutableCollectionsMarshal.AsImmutableArray(FprArray);

    /// <summary>Diagnostic: maximum of this image's own F curve (dataset max-F comes from the mean curve).</summary>
    public float MaxF { get; }

    /// <summary>Diagnostic: mean of this image's own F curve.</summary>
    public float MeanF { get; }

    /// <summary>Diagnostic: maximum of this image's own E curve.</summary>
    public float MaxE { get; }

    /// <summary>Diagnostic: mean of this image's own E curve.</summary>
    public float MeanE { get; }

    internal float[] PrecisionArray { get; }

    internal float[] RecallArray { get; }

    internal float[] FMeasureArray { get; }

    internal float[] EMeasureArray { get; }

    internal float[] TprArray { get; }

    internal float[] FprArray { get; }
}
