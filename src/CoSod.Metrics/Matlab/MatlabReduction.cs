namespace CoSod.Metrics.Matlab;

/// <summary>
/// main.m's aggregation: per group, the plain mean over its images of each scalar and of each curve point; per
/// dataset, the plain mean over groups (every group weighs 1, whatever its size); max/mean F and E from the
/// group-averaged curves, never from per-image maxima. Pure: the same inputs in the same order give the same
/// doubles. Means are sequential sums divided once, in the toolbox's order (images in listing order, groups in
/// listing order, curve points in the toolbox's descending-threshold order).
/// </summary>
public static class MatlabReduction
{
    /// <summary>
    /// <paramref name="groupStarts"/> holds the index of each group's first image; images sorted by group, in the
    /// order main.m visits them. Every group needs at least one image (the toolbox turns an empty group into NaN
    /// for every dataset number; list such groups before reducing).
    /// </summary>
    public static MatlabDatasetScores Reduce(IReadOnlyList<MatlabImageScores> images, IReadOnlyList<int> groupStarts)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(groupStarts);
        if (images.Count == 0 || groupStarts.Count == 0)
        {
            throw new ArgumentException("No image to aggregate.", nameof(images));
        }

        if (groupStarts[0] != 0)
        {
            throw new ArgumentException("The first group must start at image 0.", nameof(groupStarts));
        }

        var groups = new MatlabGroupScores[groupStarts.Count];
        for (var g = 0; g < groups.Length; g++)
        {
            var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : images.Count;
            groups[g] = ReduceGroup(images, groupStarts[g], end);
        }

        var count = groups.Length;
        var precision = new double[MatlabConstants.ThresholdCount];
        var recall = new double[MatlabConstants.ThresholdCount];
        var fCurve = new double[MatlabConstants.ThresholdCount];
        var eCurve = new double[MatlabConstants.ThresholdCount];
        double mae = 0, adaptiveF = 0, adaptiveE = 0, sMeasure = 0;
        var definedGroups = 0;
        var undefined = new List<int>();
        foreach (var group in groups)
        {
            mae += group.Mae;
            adaptiveF += group.AdaptiveF;
            adaptiveE += group.AdaptiveE;
            if (!double.IsNaN(group.SMeasure))
            {
                sMeasure += group.SMeasure;
                definedGroups++;
            }

            undefined.AddRange(group.UndefinedSMeasure);
            AddTo(precision, group.Precision);
            AddTo(recall, group.Recall);
            AddTo(fCurve, group.FCurve);
            AddTo(eCurve, group.ECurve);
        }

        DivideAll(count, precision, recall, fCurve, eCurve);
        var (curveMaxF, meanF) = MaxAndMean(fCurve);
        var (curveMaxE, meanE) = MaxAndMean(eCurve);

        // One group: the 1 x 256 "matrix" is a row vector, mean() runs over its thresholds and max() of the
        // resulting scalar is that scalar, so the toolbox reports max = mean for F and E.
        var collapse = count == 1;
        return new MatlabDatasetScores(
            SMeasure: definedGroups == 0 ? double.NaN : sMeasure / definedGroups,
            Mae: mae / count,
            MaxF: collapse ? meanF : curveMaxF,
            MeanF: meanF,
            AdaptiveF: adaptiveF / count,
            MaxE: collapse ? meanE : curveMaxE,
            MeanE: meanE,
            AdaptiveE: adaptiveE / count,
            precision, recall, fCurve, eCurve,
            CurveMaxF: curveMaxF,
            CurveMaxE: curveMaxE,
            SingleGroupCollapse: collapse,
            Groups: groups,
            UndefinedSMeasure: undefined);
    }

    /// <summary>One group: images [<paramref name="start"/>, <paramref name="end"/>) of the list.</summary>
    public static MatlabGroupScores ReduceGroup(IReadOnlyList<MatlabImageScores> images, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (start < 0 || end > images.Count || end <= start)
        {
            throw new ArgumentException($"Group [{start}, {end}) has no image or lies outside the {images.Count} images.");
        }

        var colon = images[start].Colon;
        var count = end - start;
        var precision = new double[MatlabConstants.ThresholdCount];
        var recall = new double[MatlabConstants.ThresholdCount];
        var fCurve = new double[MatlabConstants.ThresholdCount];
        var eCurve = new double[MatlabConstants.ThresholdCount];
        double mae = 0, adaptiveF = 0, adaptiveE = 0, sMeasure = 0;
        var undefined = new List<int>();
        for (var i = start; i < end; i++)
        {
            var image = images[i];
            if (image.Colon != colon)
            {
                throw new ArgumentException(
                    $"Image {i} was counted at {image.Colon} thresholds, image {start} at {colon}.", nameof(images));
            }

            if (double.IsNaN(image.SMeasure))
            {
                undefined.Add(i);
            }
            else
            {
                sMeasure += image.SMeasure;
            }

            mae += image.Mae;
            adaptiveF += image.AdaptiveF;
            adaptiveE += image.AdaptiveE;
            for (var j = 0; j < MatlabConstants.ThresholdCount; j++)
            {
                precision[j] += image.Precision(j);
                recall[j] += image.Recall(j);
                fCurve[j] += image.FMeasure(j);
                eCurve[j] += image.EMeasure(j);
            }
        }

        DivideAll(count, precision, recall, fCurve, eCurve);
        var (maxF, meanF) = MaxAndMean(fCurve);
        var (maxE, meanE) = MaxAndMean(eCurve);
        var defined = count - undefined.Count;
        return new MatlabGroupScores(
            count,
            SMeasure: defined == 0 ? double.NaN : sMeasure / defined,
            Mae: mae / count,
            AdaptiveF: adaptiveF / count,
            AdaptiveE: adaptiveE / count,
            maxF, meanF, maxE, meanE,
            precision, recall, fCurve, eCurve, undefined);
    }

    /// <summary>
    /// <c>max(curve)</c> and <c>mean(curve)</c> of a 256-point ascending curve, the mean summed in the toolbox's
    /// storage order (descending thresholds, i.e. from the last index down).
    /// </summary>
    public static (double Max, double Mean) MaxAndMean(ReadOnlySpan<double> curve)
    {
        if (curve.IsEmpty)
        {
            throw new ArgumentException("An empty curve has no maximum.", nameof(curve));
        }

        var max = double.NegativeInfinity;
        var sum = 0.0;
        for (var j = curve.Length - 1; j >= 0; j--)
        {
            max = Math.Max(max, curve[j]);
            sum += curve[j];
        }

        return (max, sum / curve.Length);
    }

    private static void AddTo(double[] total, double[] values)
    {
        for (var j = 0; j < total.Length; j++)
        {
            total[j] += values[j];
        }
    }

    private static void DivideAll(int count, params double[][] curves)
    {
        foreach (var curve in curves)
        {
            for (var j = 0; j < curve.Length; j++)
            {
                curve[j] /= count;
            }
        }
    }
}
