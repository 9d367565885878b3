using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// How PySODEvalToolkit turns per-image numbers into dataset numbers, in its summation order so the doubles agree:
/// a scalar is numpy's mean over the images (image mean) or over per-group means (group mean, every group weighing
/// one); a curve is the per-threshold mean, summed image after image in order (numpy's reduction along the first
/// axis of an images x thresholds array), and under group mean the mean of the per-group mean curves.
/// </summary>
public static class PySodMeans
{
    /// <summary>
    /// The mean of <paramref name="values"/> (one per image, in order; <paramref name="groupStarts"/> gives the index
    /// of each group's first image). NaN values are undefined: they are left out of every mean, a group with only
    /// NaN values is left out of the group mean, and the result is NaN only when nothing is defined.
    /// </summary>
    public static double Scalar(IReadOnlyList<double> values, IReadOnlyList<int> groupStarts, bool grouped)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(groupStarts);
        if (!grouped)
        {
            return DefinedMean(values, 0, values.Count);
        }

        var groupMeans = new List<double>(groupStarts.Count);
        for (var g = 0; g < groupStarts.Count; g++)
        {
            var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : values.Count;
            var mean = DefinedMean(values, groupStarts[g], end);
            if (!double.IsNaN(mean))
            {
                groupMeans.Add(mean);
            }
        }

        return groupMeans.Count == 0 ? double.NaN : NumpySum.Sum(groupMeans.ToArray()) / groupMeans.Count;
    }

    /// <summary>
    /// The per-point mean of per-image curves: <paramref name="fill"/> writes image i's <paramref name="points"/> values
    /// (several curves may be laid end to end) into the span it is given.
    /// </summary>
    public static double[] Curve(int images, int points, IReadOnlyList<int> groupStarts, bool grouped, Action<int, Span<double>> fill)
    {
        ArgumentNullException.ThrowIfNull(groupStarts);
        ArgumentNullException.ThrowIfNull(fill);
        var values = new double[points];
        if (!grouped)
        {
            SumImages(0, images, values, fill);
            Divide(values, images);
            return values;
        }

        var total = new double[points];
        for (var g = 0; g < groupStarts.Count; g++)
        {
            var start = groupStarts[g];
            var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : images;
            Array.Clear(values);
            SumImages(start, end, values, fill);
            Divide(values, end - start);
            for (var t = 0; t < points; t++)
            {
                total[t] += values[t];
            }
        }

        Divide(total, groupStarts.Count);
        return total;
    }

    /// <summary>
    /// The per-point mean of curves pooled from several items per image (the size-invariant targets): image i holds
    /// <paramref name="counts"/>(i) items and the per-point sum of their curves, <paramref name="sums"/>(i). The curve is
    /// the total over all items, summed image after image; under group mean, each group's pooled curve, then the mean
    /// over groups. Images without items, and groups without any, are left out.
    /// </summary>
    public static double[] PooledCurve(
        int images, int points, IReadOnlyList<int> groupStarts, bool grouped, Func<int, int> counts, Func<int, double[]> sums)
    {
        ArgumentNullException.ThrowIfNull(groupStarts);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(sums);
        var values = new double[points];
        if (!grouped)
        {
            Divide(values, PoolImages(0, images, values, counts, sums));
            return values;
        }

        var total = new double[points];
        var groups = 0;
        for (var g = 0; g < groupStarts.Count; g++)
        {
            var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : images;
            Array.Clear(values);
            var items = PoolImages(groupStarts[g], end, values, counts, sums);
            if (items == 0)
            {
                continue;
            }

            Divide(values, items);
            groups++;
            for (var t = 0; t < points; t++)
            {
                total[t] += values[t];
            }
        }

        Divide(total, groups);
        return total;
    }

    private static int PoolImages(int start, int end, double[] total, Func<int, int> counts, Func<int, double[]> sums)
    {
        var items = 0;
        for (var i = start; i < end; i++)
        {
            if (counts(i) == 0)
            {
                continue;
            }

            items += counts(i);
            var curve = sums(i);
            for (var t = 0; t < total.Length; t++)
            {
                total[t] += curve[t];
            }
        }

        return items;
    }

    /// <summary>
    /// The mean of a dataset curve as the toolkit takes it: image mode averages the curve in PySODMetrics' own order
    /// (threshold 255 first), grouped mode the flipped one; pairwise sums of the two orders differ in the last bit.
    /// </summary>
    public static double CurveMean(ReadOnlySpan<double> curve, bool grouped)
    {
        if (grouped)
        {
            return NumpySum.Pairwise(curve) / curve.Length;
        }

        Span<double> reversed = curve.Length <= 1024 ? stackalloc double[curve.Length] : new double[curve.Length];
        curve.CopyTo(reversed);
        reversed.Reverse();
        return NumpySum.Pairwise(reversed) / curve.Length;
    }

    /// <summary>The largest point of a curve (NaN points never win, as with numpy's max on a NaN-free curve).</summary>
    public static double Max(ReadOnlySpan<double> curve)
    {
        var max = double.NegativeInfinity;
        foreach (var v in curve)
        {
            if (v > max)
            {
                max = v;
            }
        }

        return max;
    }

    private static void SumImages(int start, int end, double[] sums, Action<int, Span<double>> fill)
    {
        Span<double> image = sums.Length <= 4096 ? stackalloc double[sums.Length] : new double[sums.Length];
        for (var i = start; i < end; i++)
        {
            fill(i, image);
            for (var t = 0; t < sums.Length; t++)
            {
                sums[t] += image[t];
            }
        }
    }

    private static void Divide(double[] values, int count)
    {
        for (var t = 0; t < values.Length; t++)
        {
            values[t] /= count;
        }
    }

    private static double DefinedMean(IReadOnlyList<double> values, int start, int end)
    {
        var defined = new double[end - start];
        var n = 0;
        for (var i = start; i < end; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                defined[n++] = values[i];
            }
        }

        return n == 0 ? double.NaN : NumpySum.Sum(defined.AsSpan(0, n)) / n;
    }
}
