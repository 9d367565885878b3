namespace CoSod.Metrics.Matlab;

/// <summary>
/// Per-image metrics of the official CoSOD MATLAB toolbox (CoSalBenchmark-EvaluationTools: main.m,
/// StructureMeasure.m, Enhancedmeasure.m, Fmeasure_calu.m) as GNU Octave 7.3 runs them, in double precision
/// (metrics-spec.md 8.3-8.5): S-measure, MAE, adaptive F and E, and the threshold counts behind the P, R, F and E
/// curves.
/// </summary>
/// <remarks>
/// Input: one plane in MATLAB's im2double form (u/255 for uint8, see <see cref="Im2Double(ReadOnlySpan{byte}, Span{double})"/>),
/// ROW-major (index = row * width + column), already at the ground truth's size: reading, plane selection and
/// resizing are the caller's. The map is transposed once into Octave's column-major order, because every sum the
/// toolbox takes runs in that order and a few of its branches depend on the exact sum. Thread-safe: no shared
/// mutable state; the column-major map is the only image-sized buffer (the S-measure streams its sums).
/// </remarks>
public static class MatlabToolboxMetrics
{
    /// <summary>im2double of a uint8 plane: u / 255 (one double division per value).</summary>
    public static void Im2Double(ReadOnlySpan<byte> values, Span<double> destination)
    {
        CheckDestination(values.Length, destination.Length);
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = values[i] / MatlabConstants.Uint8Max;
        }
    }

    /// <summary>im2double of a uint16 plane: u / 65535.</summary>
    public static void Im2Double(ReadOnlySpan<ushort> values, Span<double> destination)
    {
        CheckDestination(values.Length, destination.Length);
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = values[i] / MatlabConstants.Uint16Max;
        }
    }

    /// <summary>
    /// im2double of a row-major plane, written column-major (element (row r, column c) at <c>c * height + r</c>), the
    /// order every sum of the toolbox runs in: what <see cref="MeasureColumnMajor"/> takes.
    /// </summary>
    public static double[] Im2DoubleColumnMajor(ReadOnlySpan<byte> values, int width, int height)
    {
        CheckDestination(width * height, values.Length);
        var p = GC.AllocateUninitializedArray<double>(values.Length);
        for (var r = 0; r < height; r++)
        {
            var row = values.Slice(r * width, width);
            for (var c = 0; c < row.Length; c++)
            {
                p[(c * height) + r] = row[c] / MatlabConstants.Uint8Max;
            }
        }

        return p;
    }

    /// <inheritdoc cref="Im2DoubleColumnMajor(ReadOnlySpan{byte}, int, int)"/>
    public static double[] Im2DoubleColumnMajor(ReadOnlySpan<ushort> values, int width, int height)
    {
        CheckDestination(width * height, values.Length);
        var p = GC.AllocateUninitializedArray<double>(values.Length);
        for (var r = 0; r < height; r++)
        {
            var row = values.Slice(r * width, width);
            for (var c = 0; c < row.Length; c++)
            {
                p[(c * height) + r] = row[c] / MatlabConstants.Uint16Max;
            }
        }

        return p;
    }

    /// <summary>An 8-bit map (row-major): im2double, then <see cref="MeasureColumnMajor"/>.</summary>
    public static MatlabImageScores Measure(
        ReadOnlySpan<byte> map, MatlabGroundTruth groundTruth, MatlabColon colon = MatlabColon.Octave)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        CheckSize(map.Length, groundTruth);
        return MeasureColumnMajor(Im2DoubleColumnMajor(map, groundTruth.Width, groundTruth.Height), groundTruth, colon);
    }

    /// <param name="map">im2double values in [0, 1], row-major, the ground truth's size.</param>
    /// <param name="groundTruth">The binarised ground truth.</param>
    /// <param name="colon">Which threshold doubles to count at (Octave's, as the oracle, by default).</param>
    public static MatlabImageScores Measure(
        ReadOnlySpan<double> map, MatlabGroundTruth groundTruth, MatlabColon colon = MatlabColon.Octave)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        CheckSize(map.Length, groundTruth);
        int width = groundTruth.Width, height = groundTruth.Height;
        var p = GC.AllocateUninitializedArray<double>(map.Length);
        for (var r = 0; r < height; r++)
        {
            var row = map.Slice(r * width, width);
            for (var c = 0; c < row.Length; c++)
            {
                p[(c * height) + r] = row[c];
            }
        }

        return MeasureColumnMajor(p, groundTruth, colon);
    }

    /// <summary>
    /// The toolbox's numbers of one map given column-major (<see cref="Im2DoubleColumnMajor(ReadOnlySpan{byte}, int, int)"/>);
    /// the array is normalised in place (mapminmax) and is the only image-sized buffer the measurement uses.
    /// </summary>
    /// <param name="map">im2double values in [0, 1], column-major, the ground truth's size; overwritten.</param>
    /// <param name="groundTruth">The binarised ground truth.</param>
    /// <param name="colon">Which threshold doubles to count at (Octave's, as the oracle, by default).</param>
    public static MatlabImageScores MeasureColumnMajor(double[] map, MatlabGroundTruth groundTruth, MatlabColon colon = MatlabColon.Octave)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(groundTruth);
        CheckSize(map.Length, groundTruth);
        var thresholds = MatlabThresholds.AscendingArray(colon);
        var n = map.Length;
        var p = map.AsSpan();
        for (var i = 0; i < p.Length; i++)
        {
            // StructureMeasure rejects values outside [0, 1]; im2double never produces them, NaN included.
            if (!(p[i] >= 0.0 && p[i] <= 1.0))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(map), $"Pixel (row {i % groundTruth.Height}, column {i / groundTruth.Height}) is not in [0, 1]; pass im2double values.");
            }
        }

        MatlabMapMinMax.Apply(p, p, out var mapMinimum, out var mapMaximum);

        // 2*mean(sal(:)): a sequential column-major sum, so that a pixel equal to it decides as in Octave.
        var adaptiveThreshold = 2 * (OctaveSum.Sequential(p) / n);
        var fThreshold = adaptiveThreshold > 1 ? 1.0 : adaptiveThreshold;

        var mask = groundTruth.ColumnMajorMask;
        var normalisedMaximum = double.NegativeInfinity;
        var absoluteError = 0.0;
        long adaptiveFSelected = 0, adaptiveFTruePositives = 0, adaptiveESelected = 0, adaptiveETruePositives = 0;

        // Histograms of "how many ascending thresholds the pixel passes": k thresholds with t <= p (F: p >= t)
        // and k' with t < p (E: p > t). One binary search per pixel compares the exact threshold doubles.
        Span<int> atLeastAll = stackalloc int[MatlabConstants.ThresholdCount + 1];
        Span<int> atLeastObject = stackalloc int[MatlabConstants.ThresholdCount + 1];
        Span<int> aboveAll = stackalloc int[MatlabConstants.ThresholdCount + 1];
        Span<int> aboveObject = stackalloc int[MatlabConstants.ThresholdCount + 1];
        atLeastAll.Clear();
        atLeastObject.Clear();
        aboveAll.Clear();
        aboveObject.Clear();
        for (var i = 0; i < p.Length; i++)
        {
            var v = p[i];
            var g = mask[i];
            normalisedMaximum = Math.Max(normalisedMaximum, v);

            // mean2(abs(double(logical(gt)) - sal)), accumulated in the same column-major order.
            absoluteError += Math.Abs(g - v);

            var passed = CountAtMost(thresholds, v);
            var passedStrictly = passed > 0 && thresholds[passed - 1] == v ? passed - 1 : passed;
            atLeastAll[passed]++;
            aboveAll[passedStrictly]++;
            atLeastObject[passed] += g;
            aboveObject[passedStrictly] += g;

            if (v >= fThreshold)
            {
                adaptiveFSelected++;
                adaptiveFTruePositives += g;
            }

            if (v > adaptiveThreshold)
            {
                adaptiveESelected++;
                adaptiveETruePositives += g;
            }
        }

        var foreground = groundTruth.ForegroundCount;
        var sMeasure = MatlabSMeasure.Compute(p, groundTruth);
        return new MatlabImageScores(
            colon, n, foreground,
            PassingAt(atLeastAll), PassingAt(atLeastObject), PassingAt(aboveAll), PassingAt(aboveObject),
            sMeasure,
            mae: absoluteError / n,
            adaptiveF: MatlabFormulas.FMeasure(adaptiveFTruePositives, adaptiveFSelected, foreground),
            adaptiveE: MatlabFormulas.EMeasure(adaptiveETruePositives, adaptiveESelected, foreground, n),
            adaptiveThreshold, mapMinimum, mapMaximum, normalisedMaximum);
    }

    private static void CheckSize(int length, MatlabGroundTruth groundTruth)
    {
        if (length != groundTruth.PixelCount)
        {
            throw new ArgumentException(
                $"The map has {length} pixels but the {groundTruth.Width}x{groundTruth.Height} ground truth has "
                + $"{groundTruth.PixelCount}; resize the map first.",
                "map");
        }
    }

    /// <summary>Number of ascending thresholds &lt;= <paramref name="value"/> (an upper-bound binary search).</summary>
    private static int CountAtMost(double[] ascending, double value)
    {
        int lo = 0, hi = ascending.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (ascending[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// From a histogram of "passes k thresholds" (k = 0..256) to counts per ascending threshold j: a pixel that
    /// passes k thresholds passes exactly t_0..t_(k-1), so count[j] = #pixels with k &gt; j.
    /// </summary>
    private static int[] PassingAt(ReadOnlySpan<int> histogram)
    {
        var counts = new int[MatlabConstants.ThresholdCount];
        var running = histogram[MatlabConstants.ThresholdCount];
        for (var j = MatlabConstants.ThresholdCount - 1; j >= 0; j--)
        {
            counts[j] = running;
            running += histogram[j];
        }

        return counts;
    }

    private static void CheckDestination(int length, int destinationLength)
    {
        if (destinationLength < length)
        {
            throw new ArgumentException($"Destination holds {destinationLength} values, the source has {length}.");
        }
    }
}
