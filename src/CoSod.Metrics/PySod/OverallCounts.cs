using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// The <c>overall_bi*</c> reduction (FmeasureV2 handlers with <c>sample_based=False</c>): the binary maps' TP, FP, TN
/// and FN summed over the dataset as PySODMetrics sums them, in arbitrary-precision Python integers (here 128-bit), and
/// each handler applied once to the sums. Under group mean each group is summed and scored alone, and the groups'
/// scores averaged, as one PySODMetrics recorder per group would give them.
/// </summary>
public static class OverallCounts
{
    /// <summary>Per handler (indexed by <see cref="ConfusionHandler"/>), the overall value of the images' counts.</summary>
    /// <param name="images">How many images.</param>
    /// <param name="groupStarts">Each group's first image.</param>
    /// <param name="grouped">Group mean rather than image mean.</param>
    /// <param name="counts">Image i's counts, or null where the image has none (undefined).</param>
    /// <param name="kappaOverflows">Whether PySODMetrics would raise on kappa of some sum (see <see cref="ConfusionHandlers.KappaOverflowsInPySodMetrics"/>).</param>
    public static double[] Values(
        int images, IReadOnlyList<int> groupStarts, bool grouped, Func<int, ConfusionCounts?> counts, out bool kappaOverflows)
    {
        ArgumentNullException.ThrowIfNull(groupStarts);
        ArgumentNullException.ThrowIfNull(counts);
        kappaOverflows = false;
        var handlers = ConfusionHandlers.All;
        if (!grouped)
        {
            var sums = Sum(0, images, counts, out _);
            kappaOverflows = ConfusionHandlers.KappaOverflowsInPySodMetrics(sums.Tp, sums.Fp, sums.Tn, sums.Fn);
            return handlers.Select(h => ConfusionHandlers.Value(h, sums.Tp, sums.Fp, sums.Tn, sums.Fn)).ToArray();
        }

        var perGroup = handlers.Select(_ => new List<double>(groupStarts.Count)).ToArray();
        for (var g = 0; g < groupStarts.Count; g++)
        {
            var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : images;
            var sums = Sum(groupStarts[g], end, counts, out var any);
            if (!any)
            {
                continue;
            }

            kappaOverflows |= ConfusionHandlers.KappaOverflowsInPySodMetrics(sums.Tp, sums.Fp, sums.Tn, sums.Fn);
            foreach (var h in handlers)
            {
                perGroup[(int)h].Add(ConfusionHandlers.Value(h, sums.Tp, sums.Fp, sums.Tn, sums.Fn));
            }
        }

        return perGroup.Select(v => v.Count == 0 ? double.NaN : NumpySum.Sum(v.ToArray()) / v.Count).ToArray();
    }

    private static (Int128 Tp, Int128 Fp, Int128 Tn, Int128 Fn) Sum(int start, int end, Func<int, ConfusionCounts?> counts, out bool any)
    {
        Int128 tp = 0, fp = 0, tn = 0, fn = 0;
        any = false;
        for (var i = start; i < end; i++)
        {
            if (counts(i) is not { } c)
            {
                continue;
            }

            any = true;
            tp += c.TruePositives;
            fp += c.FalsePositives;
            tn += c.TrueNegatives;
            fn += c.FalseNegatives;
        }

        return (tp, fp, tn, fn);
    }
}
