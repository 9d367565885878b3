namespace CoSod.Reports.Figures;

/// <summary>Where to put the markers of a line: spaced evenly along its drawn length, not on every data point.</summary>
public static class MarkerSpacing
{
    /// <summary>Markers per curve.</summary>
    public const int DefaultCount = 9;

    /// <summary>
    /// Indices of about <paramref name="count"/> points spaced evenly by arc length, measured in axis fractions
    /// (each coordinate divided by its axis span) so both axes count alike. <paramref name="phase"/> in [0, 1)
    /// shifts the markers along the curve, so curves that overlap do not stack their markers. Non-finite points
    /// are never chosen. Ascending and distinct.
    /// </summary>
    public static IReadOnlyList<int> Indices(
        IReadOnlyList<double> xs, IReadOnlyList<double> ys, double xSpan, double ySpan, int count = DefaultCount, double phase = 0.5)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        var n = Math.Min(xs.Count, ys.Count);
        var finite = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                finite.Add(i);
            }
        }

        if (finite.Count == 0 || count <= 0)
        {
            return [];
        }

        xSpan = xSpan > 0 ? xSpan : 1;
        ySpan = ySpan > 0 ? ySpan : 1;
        var lengths = new double[finite.Count];
        for (var k = 1; k < finite.Count; k++)
        {
            var dx = (xs[finite[k]] - xs[finite[k - 1]]) / xSpan;
            var dy = (ys[finite[k]] - ys[finite[k - 1]]) / ySpan;
            lengths[k] = lengths[k - 1] + Math.Sqrt((dx * dx) + (dy * dy));
        }

        var total = lengths[^1];
        if (total <= 0)
        {
            return [finite[0]];
        }

        var step = total / count;
        var chosen = new List<int>(count);
        var k2 = 0;
        for (var m = 0; m < count; m++)
        {
            var target = step * (m + (phase % 1));
            while (k2 < finite.Count - 1 && lengths[k2] < target)
            {
                k2++;
            }

            var index = finite[k2];
            if (chosen.Count == 0 || chosen[^1] != index)
            {
                chosen.Add(index);
            }
        }

        return chosen;
    }
}
