using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// Dataset aggregation as PySODEvalToolkit does it: scalars are the mean over images (or over groups of
/// per-group means), curves the per-threshold mean, and max/mean F and E are taken on the mean curve, never
/// averaged from per-image maxima. Pure: the same inputs in the same order give the same doubles.
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

        var partial = Partial.Of(images, 0, images.Count);

        // PySODEvalToolkit's image recorder (and PySODMetrics' own example) takes fm["curve"].mean() on the
        // curve as PySODMetrics returns it, threshold 255 first; the pairwise sum is order dependent.
        return partial.ToScores(partial.UndefinedSMeasure, descendingMean: true);
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

        var groups = new List<Partial>(groupStarts.Count);
        for (var g = 0; g < groupStarts.Count; g++)
        {
            var start = groupStarts[g];
            var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : images.Count;
            if (end <= start)
            {
                throw new ArgumentException($"Group {g} has no image.", nameof(groupStarts));
            }

            groups.Add(Partial.Of(images, start, end));
        }

        var undefined = groups.SelectMany(g => g.UndefinedSMeasure).ToList();
        // The grouped recorder averages the flipped (threshold 0 first) group curves and takes the mean of that.
        return Partial.Combine(groups).ToScores(undefined, descendingMean: false);
    }

    /// <summary>Means over one set of images (or of groups): scalars plus the four mean curves.</summary>
    private sealed class Partial
    {
        public double SMeasure;
        public double Mae;
        public double WeightedF;
        public double AdaptiveF;
        public double AdaptiveE;
        public double[] Precision = new double[PySodConstants.Levels];
        public double[] Recall = new double[PySodConstants.Levels];
        public double[] FCurve = new double[PySodConstants.Levels];
        public double[] ECurve = new double[PySodConstants.Levels];
        public List<int> UndefinedSMeasure = [];

        public static Partial Of(IReadOnlyList<PySodImageScores> images, int start, int end)
        {
            var count = end - start;
            var result = new Partial();
            var sm = new List<double>(count);
            var mae = new double[count];
            var wfm = new double[count];
            var adpF = new double[count];
            var adpE = new double[count];
            for (var i = start; i < end; i++)
            {
                var image = images[i];
                if (double.IsNaN(image.SMeasure))
                {
                    result.UndefinedSMeasure.Add(i);
                }
                else
                {
                    sm.Add(image.SMeasure);
                }

                mae[i - start] = image.Mae;
                wfm[i - start] = image.WeightedF;
                adpF[i - start] = image.AdaptiveF;
                adpE[i - start] = image.AdaptiveE;
                for (var t = 0; t < PySodConstants.Levels; t++)
                {
                    var precision = image.Precision(t);
                    var recall = image.Recall(t);
                    result.Precision[t] += precision;
                    result.Recall[t] += recall;
                    result.FCurve[t] += PySodFormulas.FMeasure(precision, recall);
                    result.ECurve[t] += image.EMeasure(t);
                }
            }

            result.SMeasure = sm.Count == 0 ? double.NaN : NumpySum.Pairwise(sm.ToArray()) / sm.Count;
            result.Mae = NumpySum.Pairwise(mae) / count;
            result.WeightedF = NumpySum.Pairwise(wfm) / count;
            result.AdaptiveF = NumpySum.Pairwise(adpF) / count;
            result.AdaptiveE = NumpySum.Pairwise(adpE) / count;
            DivideAll(result, count);
            return result;
        }

        public static Partial Combine(IReadOnlyList<Partial> groups)
        {
            var result = new Partial();
            var count = groups.Count;
            var definedSm = groups.Where(g => !double.IsNaN(g.SMeasure)).Select(g => g.SMeasure).ToArray();
            result.SMeasure = definedSm.Length == 0 ? double.NaN : NumpySum.Pairwise(definedSm) / definedSm.Length;
            result.Mae = NumpySum.Pairwise(groups.Select(g => g.Mae).ToArray()) / count;
            result.WeightedF = NumpySum.Pairwise(groups.Select(g => g.WeightedF).ToArray()) / count;
            result.AdaptiveF = NumpySum.Pairwise(groups.Select(g => g.AdaptiveF).ToArray()) / count;
            result.AdaptiveE = NumpySum.Pairwise(groups.Select(g => g.AdaptiveE).ToArray()) / count;
            foreach (var group in groups)
            {
                for (var t = 0; t < PySodConstants.Levels; t++)
                {
                    result.Precision[t] += group.Precision[t];
                    result.Recall[t] += group.Recall[t];
                    result.FCurve[t] += group.FCurve[t];
                    result.ECurve[t] += group.ECurve[t];
                }
            }

            DivideAll(result, count);
            return result;
        }

        /// <param name="undefined">Indices of the images whose S-measure is undefined.</param>
        /// <param name="descendingMean">Sum the curve from threshold 255 down (the reference's order in image
        /// mode) rather than from 0 up (grouped mode); the two orders can differ in the last bit.</param>
        public PySodDatasetScores ToScores(IReadOnlyList<int> undefined, bool descendingMean) => new(
            SMeasure, Mae, WeightedF,
            MaxF: FCurve.Max(), MeanF: CurveMean(FCurve, descendingMean), AdaptiveF,
            MaxE: ECurve.Max(), MeanE: CurveMean(ECurve, descendingMean), AdaptiveE,
            Precision, Recall, FCurve, ECurve, undefined);

        private static double CurveMean(double[] curve, bool descending)
        {
            if (!descending)
            {
                return NumpySum.Pairwise(curve) / curve.Length;
            }

            Span<double> reversed = stackalloc double[curve.Length];
            curve.CopyTo(reversed);
            reversed.Reverse();
            return NumpySum.Pairwise(reversed) / curve.Length;
        }

        private static void DivideAll(Partial p, int count)
        {
            for (var t = 0; t < PySodConstants.Levels; t++)
            {
                p.Precision[t] /= count;
                p.Recall[t] /= count;
                p.FCurve[t] /= count;
                p.ECurve[t] /= count;
            }
        }
    }
}
