using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod;

/// <summary>
/// The area under a curve as PySODMetrics' examples/test_metrics.py computes it (<c>cal_auc</c>): the points, given
/// in ascending threshold order, are sorted by x with a stable sort (tied x keep ascending-threshold order), then
/// <c>np.trapz</c>: the terms ((x[k+1] - x[k]) * (y[k+1] + y[k])) / 2.0 summed pairwise. No end points are added.
/// </summary>
public static class TrapezoidAuc
{
    /// <summary>The area under y(x); both curves in ascending threshold order, of equal length (at most 1024).</summary>
    public static double Of(ReadOnlySpan<double> y, ReadOnlySpan<double> x)
    {
        if (y.Length != x.Length)
        {
            throw new ArgumentException($"y has {y.Length} points and x {x.Length}.", nameof(y));
        }

        var n = x.Length;
        if (n < 2)
        {
            return 0.0;
        }

        Span<int> order = n <= 1024 ? stackalloc int[n] : new int[n];
        StableOrder(x, order);
        Span<double> terms = n <= 1024 ? stackalloc double[n - 1] : new double[n - 1];
        for (var k = 0; k < n - 1; k++)
        {
            var a = order[k];
            var b = order[k + 1];
            terms[k] = ((x[b] - x[a]) * (y[b] + y[a])) / 2.0;
        }

        return NumpySum.Pairwise(terms);
    }

    /// <summary>Indices of <paramref name="x"/> by ascending value, ties in index order (numpy's stable argsort).</summary>
    internal static void StableOrder(ReadOnlySpan<double> x, Span<int> order)
    {
        var n = x.Length;
        var nonIncreasing = true;
        for (var i = 1; i < n && nonIncreasing; i++)
        {
            nonIncreasing = x[i] <= x[i - 1];
        }

        if (nonIncreasing)
        {
            // The usual case (recall and FPR fall as the threshold rises): the runs of equal x from the last one
            // back to the first, each run in ascending index order.
            var at = 0;
            var end = n;
            while (end > 0)
            {
                var start = end - 1;
                while (start > 0 && x[start - 1] == x[end - 1])
                {
                    start--;
                }

                for (var i = start; i < end; i++)
                {
                    order[at++] = i;
                }

                end = start;
            }

            return;
        }

        var keys = x.ToArray();
        var indices = new int[n];
        for (var i = 0; i < n; i++)
        {
            indices[i] = i;
        }

        Array.Sort(indices, (a, b) => keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a.CompareTo(b));
        indices.CopyTo(order);
    }
}
