namespace CoSod.Metrics.PySod;

/// <summary>
/// Dataset aggregation of the classic metrics as PySODEvalToolkit does it (<see cref="PySodMeans"/>): scalars are the
/// mean over images (or over groups of per-group means), curves the per-threshold mean, and max/mean F and E are
/// taken on the mean curve, never averaged from per-image maxima. Pure: the same inputs in the same order give the
/// same doubles.
/// </summary>
public static class PySodReduction
{
    /// <summary>Every image weighs 1 (all groups pooled).</summary>
    public static PySodDatasetScores ImageMean(IReadOnlyList<PySodImageScores> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("No image to aggregate.", nameof(images));
        }

        return Reduce(images, [0], grouped: false);
    }

    /// <summary>
    /// Per-group means first, then the plain mean over groups (PySODEvalToolkit's grouped recorder);
    /// <paramref name="groupStarts"/> holds the index of each group's first image, images sorted by group.
    /// </summary>
    public static PySodDatasetScores GroupMean(IReadOnlyList<PySodImageScores> images, IReadOnlyList<int> groupStarts)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(groupStarts);
        if (images.Count == 0 || groupStarts.Count == 0)
        {
            throw new ArgumentException("No image to aggregate.", nameof(images));
        }

        for (var g = 0; g < groupStarts.Count; g++)
        {
            var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : images.Count;
            if (end <= groupStarts[g])
            {
                throw new ArgumentException($"Group {g} has no image.", nameof(groupStarts));
            }
        }

        return Reduce(images, groupStarts, grouped: true);
    }

    private static PySodDatasetScores Reduce(IReadOnlyList<PySodImageScores> images, IReadOnlyList<int> groupStarts, bool grouped)
    {
        double Mean(Func<PySodImageScores, double> value) => PySodMeans.Scalar(images.Select(value).ToList(), groupStarts, grouped);

        var curves = ClassicCurves.Mean(images.Count, i => images[i].Counts, groupStarts, grouped);
        var undefined = new List<int>();
        for (var i = 0; i < images.Count; i++)
        {
            if (double.IsNaN(images[i].SMeasure))
            {
                undefined.Add(i);
            }
        }

        return new PySodDatasetScores(
            Mean(i => i.SMeasure), Mean(i => i.Mae), Mean(i => i.WeightedF),
            MaxF: PySodMeans.Max(curves.F), MeanF: PySodMeans.CurveMean(curves.F, grouped), Mean(i => i.AdaptiveF),
            MaxE: PySodMeans.Max(curves.E), MeanE: PySodMeans.CurveMean(curves.E, grouped), Mean(i => i.AdaptiveE),
            curves.Precision, curves.Recall, curves.F, curves.E, undefined);
    }
}

/// <summary>The four dataset curves of the classic F- and E-measure, 256 points each, index t = threshold t.</summary>
public sealed record ClassicCurves(double[] Precision, double[] Recall, double[] F, double[] E)
{
    /// <summary>Per-threshold means of each image's precision, recall, F and E (<see cref="PySodMeans.Curve"/>).</summary>
    public static ClassicCurves Mean(int images, Func<int, PySodThresholdCounts> counts, IReadOnlyList<int> groupStarts, bool grouped)
    {
        const int Points = PySodConstants.Levels;
        var all = PySodMeans.Curve(images, 4 * Points, groupStarts, grouped, (i, values) =>
        {
            var c = counts(i);
            for (var t = 0; t < Points; t++)
            {
                var precision = c.Precision(t);
                var recall = c.Recall(t);
                values[t] = precision;
                values[Points + t] = recall;
                values[(2 * Points) + t] = PySodFormulas.FMeasure(precision, recall);
                values[(3 * Points) + t] = c.EMeasure(t);
            }
        });
        return new ClassicCurves(all[..Points], all[Points..(2 * Points)], all[(2 * Points)..(3 * Points)], all[(3 * Points)..]);
    }
}
