using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// One prediction against its prepared ground truth, as PySODMetrics sees the pair, with the per-image work several
/// metrics share computed once, on first use, and never when no selected metric asks for it: the normalised grey
/// levels, the grey-level histograms over the object and the background, the map's pairwise sum and the threshold
/// counts (TP and FP at every threshold, and at the adaptive one).
/// </summary>
/// <remarks>
/// The normalised map is never stored as doubles: a pixel's value is its grey level's entry in
/// <see cref="Levels"/>, the very double numpy computes for it, so sums over the map are read through
/// <see cref="Map"/> and <see cref="Error"/> in the reference's order. Not thread-safe: one thread measures one pair.
/// </remarks>
public sealed class PySodPair
{
    private readonly double[] _levels = new double[PySodConstants.Levels];
    private readonly double[] _errorOn = new double[PySodConstants.Levels];
    private readonly double[] _errorOff = new double[PySodConstants.Levels];
    private int[]? _foregroundHistogram;
    private int[]? _backgroundHistogram;
    private double? _mapSum;
    private PySodThresholdCounts? _counts;
    private byte[]? _quantised;
    private ConfusionCounts? _binaryCounts;

    /// <param name="prediction">The prediction's grey levels, already at the ground truth's size.</param>
    /// <param name="groundTruth">The prepared ground truth.</param>
    public PySodPair(byte[] prediction, PySodGroundTruth groundTruth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (prediction.Length != groundTruth.PixelCount)
        {
            throw new ArgumentException(
                $"Prediction has {prediction.Length} pixels but the {groundTruth.Width}x{groundTruth.Height} "
                + "ground truth has " + groundTruth.PixelCount + "; resize the prediction first.",
                nameof(prediction));
        }

        Prediction = prediction;
        GroundTruth = groundTruth;
        PySodMetrics.NormalisedLevels(prediction, _levels);
        for (var u = 0; u < PySodConstants.Levels; u++)
        {
            // |p - G| of each level on the object (p - 1 negated) and off it (p).
            _errorOn[u] = Math.Abs(_levels[u] - 1);
            _errorOff[u] = Math.Abs(_levels[u] - 0);
        }
    }

    public byte[] Prediction { get; }

    public PySodGroundTruth GroundTruth { get; }

    public int PixelCount => Prediction.Length;

    /// <summary>The normalised value of each grey level: u / 255, then min-max unless the map is constant.</summary>
    public ReadOnlySpan<double> Levels => _levels;

    /// <summary>The normalised map, read pixel by pixel.</summary>
    public NormalisedMap Map => new(Prediction, _levels);

    /// <summary>|p - G| per pixel (MAE's terms and the weighted F-measure's error map).</summary>
    public AbsoluteError Error => new(Prediction, GroundTruth.Mask, _errorOn, _errorOff);

    /// <summary>|p - 1| of each grey level: the error of a pixel on the object.</summary>
    internal ReadOnlySpan<double> ErrorOnObject => _errorOn;

    /// <summary>|p - 0| of each grey level: the error of a pixel off the object.</summary>
    internal ReadOnlySpan<double> ErrorOffObject => _errorOff;

    /// <summary>Grey-level counts of the prediction over the object.</summary>
    public ReadOnlySpan<int> ForegroundHistogram
    {
        get
        {
            EnsureHistograms();
            return _foregroundHistogram;
        }
    }

    /// <summary>Grey-level counts of the prediction over the background.</summary>
    public ReadOnlySpan<int> BackgroundHistogram
    {
        get
        {
            EnsureHistograms();
            return _backgroundHistogram;
        }
    }

    /// <summary>numpy's sum of the normalised map (pairwise, in chunks of 8192); its mean decides the adaptive threshold.</summary>
    public double MapSum => _mapSum ??= NumpySum.Sum(Map, PixelCount);

    /// <summary>TP and FP at each of the 256 thresholds of the quantised map, and at the adaptive threshold.</summary>
    public PySodThresholdCounts Counts => _counts ??= PySodThresholdCounts.Of(this);

    /// <summary>
    /// Each grey level's quantised value <c>(p * 255).astype(uint8)</c>, the level every 256- and 257-threshold curve
    /// compares with its threshold (levels the map does not hold, which normalise outside [0, 1], are clamped).
    /// </summary>
    public ReadOnlySpan<byte> QuantisedLevels => _quantised ??= Quantise(_levels);

    /// <summary>TP, FP, TN and FN of the binary map p &gt; 0.5 on the unquantised normalised map (FmeasureV2's <c>binary</c>).</summary>
    public ConfusionCounts BinaryCounts => _binaryCounts ??= CountAbove(0.5);

    private ConfusionCounts CountAbove(double threshold)
    {
        long tp = 0, fp = 0;
        var foreground = ForegroundHistogram;
        var background = BackgroundHistogram;
        for (var u = 0; u < PySodConstants.Levels; u++)
        {
            if (_levels[u] > threshold)
            {
                tp += foreground[u];
                fp += background[u];
            }
        }

        return ConfusionCounts.OfSelection(tp, fp, GroundTruth.ForegroundCount, PixelCount);
    }

    private static byte[] Quantise(ReadOnlySpan<double> levels)
    {
        var quantised = new byte[PySodConstants.Levels];
        for (var u = 0; u < quantised.Length; u++)
        {
            // astype(uint8) truncates the exact double product.
            quantised[u] = (byte)Math.Clamp((int)(levels[u] * 255.0), 0, 255);
        }

        return quantised;
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_foregroundHistogram), nameof(_backgroundHistogram))]
    private void EnsureHistograms()
    {
        if (_foregroundHistogram is not null && _backgroundHistogram is not null)
        {
            return;
        }

        var foreground = new int[PySodConstants.Levels];
        var background = new int[PySodConstants.Levels];
        var mask = GroundTruth.Mask;
        var prediction = Prediction;
        for (var i = 0; i < prediction.Length; i++)
        {
            if (mask[i] != 0)
            {
                foreground[prediction[i]]++;
            }
            else
            {
                background[prediction[i]]++;
            }
        }

        _foregroundHistogram = foreground;
        _backgroundHistogram = background;
    }

    /// <summary>The normalised map as a sequence: pixel i is its grey level's normalised value.</summary>
    public readonly ref struct NormalisedMap(ReadOnlySpan<byte> pixels, ReadOnlySpan<double> levels) : IDoubleSequence
    {
        private readonly ReadOnlySpan<byte> _pixels = pixels;
        private readonly ReadOnlySpan<double> _levels = levels;

        public double this[int index] => _levels[_pixels[index]];
    }

    /// <summary>|p - G| as a sequence.</summary>
    public readonly ref struct AbsoluteError(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> mask, ReadOnlySpan<double> on, ReadOnlySpan<double> off)
        : IDoubleSequence
    {
        private readonly ReadOnlySpan<byte> _pixels = pixels;
        private readonly ReadOnlySpan<byte> _mask = mask;
        private readonly ReadOnlySpan<double> _on = on;
        private readonly ReadOnlySpan<double> _off = off;

        public double this[int index] => _mask[index] != 0 ? _on[_pixels[index]] : _off[_pixels[index]];
    }
}

/// <summary>
/// Integer threshold counts of one image: index t (ascending, 0..255) holds the object (TP) and background (FP) pixels
/// whose quantised value <c>(p * 255).astype(uint8)</c> is &gt;= t; plus the counts at the adaptive threshold
/// min(2 mean(p), 1) on the unquantised map. Counts stay integers until a formula needs a ratio.
/// </summary>
public sealed class PySodThresholdCounts
{
    private PySodThresholdCounts(int pixelCount, int foregroundCount, int[] truePositives, int[] falsePositives,
        long adaptiveTruePositives, long adaptiveFalsePositives, double adaptiveThreshold)
    {
        PixelCount = pixelCount;
        ForegroundCount = foregroundCount;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        AdaptiveTruePositives = adaptiveTruePositives;
        AdaptiveFalsePositives = adaptiveFalsePositives;
        AdaptiveThreshold = adaptiveThreshold;
    }

    public int PixelCount { get; }

    public int ForegroundCount { get; }

    public IReadOnlyList<int> TruePositives { get; }

    public IReadOnlyList<int> FalsePositives { get; }

    public long AdaptiveTruePositives { get; }

    public long AdaptiveFalsePositives { get; }

    public double AdaptiveThreshold { get; }

    internal static PySodThresholdCounts Of(PySodPair pair)
    {
        var levels = pair.Levels;
        var foregroundHistogram = pair.ForegroundHistogram;
        var backgroundHistogram = pair.BackgroundHistogram;
        var threshold = Math.Min(2 * (pair.MapSum / pair.PixelCount), 1.0);
        var truePositives = new int[PySodConstants.Levels];
        var falsePositives = new int[PySodConstants.Levels];
        long adaptiveTp = 0;
        long adaptiveFp = 0;
        for (var u = 0; u < PySodConstants.Levels; u++)
        {
            if (foregroundHistogram[u] == 0 && backgroundHistogram[u] == 0)
            {
                // Levels outside [min, max] normalise outside [0, 1]; they hold no pixel.
                continue;
            }

            // astype(uint8) truncates; p * 255 is the reference's exact product.
            var q = (int)(levels[u] * 255.0);
            truePositives[q] += foregroundHistogram[u];
            falsePositives[q] += backgroundHistogram[u];
            if (levels[u] >= threshold)
            {
                adaptiveTp += foregroundHistogram[u];
                adaptiveFp += backgroundHistogram[u];
            }
        }

        for (var t = PySodConstants.Levels - 2; t >= 0; t--)
        {
            truePositives[t] += truePositives[t + 1];
            falsePositives[t] += falsePositives[t + 1];
        }

        return new PySodThresholdCounts(
            pair.PixelCount, pair.GroundTruth.ForegroundCount, truePositives, falsePositives, adaptiveTp, adaptiveFp, threshold);
    }

    /// <summary>Counts as restored from a cache; the arrays are taken over, not copied.</summary>
    /// <exception cref="ArgumentException">A count array of another length, or a negative count.</exception>
    public static PySodThresholdCounts Restore(int pixelCount, int foregroundCount, int[] truePositives, int[] falsePositives,
        long adaptiveTruePositives, long adaptiveFalsePositives, double adaptiveThreshold)
    {
        ArgumentNullException.ThrowIfNull(truePositives);
        ArgumentNullException.ThrowIfNull(falsePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(pixelCount);
        ArgumentOutOfRangeException.ThrowIfNegative(foregroundCount);
        if (truePositives.Length != PySodConstants.Levels || falsePositives.Length != PySodConstants.Levels)
        {
            throw new ArgumentException($"PySODMetrics counts hold {PySodConstants.Levels} values per curve.");
        }

        return new PySodThresholdCounts(pixelCount, foregroundCount, truePositives, falsePositives,
            adaptiveTruePositives, adaptiveFalsePositives, adaptiveThreshold);
    }

    public double Precision(int threshold) => PySodFormulas.Precision(TruePositives[threshold], FalsePositives[threshold]);

    public double Recall(int threshold) => PySodFormulas.Recall(TruePositives[threshold], ForegroundCount);

    public double FMeasure(int threshold) => PySodFormulas.FMeasure(Precision(threshold), Recall(threshold));

    public double EMeasure(int threshold) =>
        PySodFormulas.EMeasure(TruePositives[threshold], FalsePositives[threshold], ForegroundCount, PixelCount);

    public double AdaptiveF => PySodFormulas.FMeasure(
        PySodFormulas.Precision(AdaptiveTruePositives, AdaptiveFalsePositives),
        PySodFormulas.Recall(AdaptiveTruePositives, ForegroundCount));

    public double AdaptiveE => PySodFormulas.EMeasure(AdaptiveTruePositives, AdaptiveFalsePositives, ForegroundCount, PixelCount);

    /// <summary>TP, FP, TN and FN at the adaptive threshold (FmeasureV2's <c>adaptive</c> counts).</summary>
    public ConfusionCounts Adaptive => ConfusionCounts.OfSelection(AdaptiveTruePositives, AdaptiveFalsePositives, ForegroundCount, PixelCount);

    /// <summary>The eleven FmeasureV2 handler curves (ascending threshold), laid end to end in handler order.</summary>
    public void HandlerCurves(Span<double> curves)
    {
        Span<long> truePositives = stackalloc long[PySodConstants.Levels];
        Span<long> falsePositives = stackalloc long[PySodConstants.Levels];
        for (var t = 0; t < PySodConstants.Levels; t++)
        {
            truePositives[t] = TruePositives[t];
            falsePositives[t] = FalsePositives[t];
        }

        ConfusionHandlers.Curves(truePositives, falsePositives, ForegroundCount, PixelCount, curves);
    }
}
