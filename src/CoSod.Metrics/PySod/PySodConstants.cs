namespace CoSod.Metrics.PySod;

/// <summary>Constants of PySODMetrics (py_sod_metrics/utils.py and the metric classes), named once.</summary>
public static class PySodConstants
{
    /// <summary>numpy's float64 machine epsilon, <c>np.finfo(np.float64).eps</c>, added to denominators.</summary>
    public const double Eps = 2.220446049250313e-16;

    /// <summary>F-measure weight; the argument PySODMetrics calls <c>beta</c> is already beta squared.</summary>
    public const double BetaSquared = 0.3;

    /// <summary>A ground-truth pixel is foreground when its grey value is strictly greater than this.</summary>
    public const byte GroundTruthThreshold = 128;

    /// <summary>Thresholds 0..255 on the quantised map.</summary>
    public const int Levels = 256;

    /// <summary>S-measure balance between the object and the region term.</summary>
    public const double Alpha = 0.5;

    /// <summary>Weighted F: <c>fspecial('gaussian', 7, 5)</c>.</summary>
    public const int GaussianSize = 7;

    public const double GaussianSigma = 5.0;
}
