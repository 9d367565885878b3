namespace CoSod.Metrics.Matlab;

/// <summary>
/// Constants of the CoSOD MATLAB toolbox (CoSalBenchmark-EvaluationTools, D.-P. Fan; metrics-spec.md section 8),
/// named once with the file they come from.
/// </summary>
public static class MatlabConstants
{
    /// <summary>MATLAB's and Octave's <c>eps</c> (2^-52), added to the E-measure and S-measure denominators.</summary>
    public const double Eps = 2.220446049250313e-16;

    /// <summary>Fmeasure_calu.m writes the F weight as the literals <c>1.3</c> and <c>.3</c> (beta squared = 0.3).</summary>
    public const double FNumeratorWeight = 1.3;

    public const double BetaSquared = 0.3;

    /// <summary>StructureMeasure.m: <c>alpha = 0.5</c>, the balance of the object and the region term.</summary>
    public const double Alpha = 0.5;

    /// <summary>main.m: a non-logical ground truth becomes <c>gt(:,:,1) &gt; 128</c> (strict).</summary>
    public const byte GroundTruthThreshold = 128;

    /// <summary>main.m: <c>Thresholds = 1:-1/255:0</c>, 256 values.</summary>
    public const int ThresholdCount = 256;

    /// <summary>The range step's denominator in <c>1:-1/255:0</c>, also im2double's uint8 divisor.</summary>
    public const double Uint8Max = 255.0;

    /// <summary>im2double's uint16 divisor.</summary>
    public const double Uint16Max = 65535.0;

    /// <summary>
    /// mapminmax (MATLAB R2012+): a row whose gain <c>(ymax - ymin) / (xmax - xmin)</c> exceeds this is treated as
    /// constant and passed through with gain 1.
    /// </summary>
    public const double MapMinMaxLargestGain = 1e14;
}
