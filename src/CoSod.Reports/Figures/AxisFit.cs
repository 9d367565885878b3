namespace CoSod.Reports.Figures;

/// <summary>An axis range computed from the data.</summary>
public readonly record struct AxisRange(double Min, double Max)
{
    public double Span => Max - Min;
}

/// <summary>Axis limits that fit whatever data a figure gets: the data's own range plus a margin, clamped to the metric's domain.</summary>
public static class AxisFit
{
    /// <summary>Margin on each side, as a fraction of the data's span.</summary>
    public const double MarginFraction = 0.05;

    /// <summary>The narrowest range shown (a flat curve is centred in a range this wide).</summary>
    public const double MinimumSpan = 0.05;

    /// <summary>
    /// How far past the domain bounds an axis may reach, so a curve lying on 0 or 1 is not drawn onto the frame.
    /// </summary>
    public const double EdgeAllowance = 0.01;

    /// <summary>For precision, recall and F: fitted, clamped to [0, 1] (plus <see cref="EdgeAllowance"/>).</summary>
    public static AxisRange UnitInterval(IEnumerable<double> values) => Fit(values, 0, 1);

    /// <summary>For E-measure: at least 0, no upper clamp (E reaches N/(N-1) &gt; 1 on an exact map).</summary>
    public static AxisRange NonNegative(IEnumerable<double> values) => Fit(values, 0, null);

    /// <summary>The finite values' range widened by <see cref="MarginFraction"/>, kept within [floor, ceiling] ± the edge allowance.</summary>
    public static AxisRange Fit(IEnumerable<double> values, double? floor, double? ceiling)
    {
        ArgumentNullException.ThrowIfNull(values);
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        if (min > max)
        {
            return new AxisRange(floor ?? 0, ceiling ?? ((floor ?? 0) + 1));
        }

        if (max - min < MinimumSpan)
        {
            var centre = (min + max) / 2;
            min = centre - (MinimumSpan / 2);
            max = centre + (MinimumSpan / 2);
        }

        var margin = (max - min) * MarginFraction;
        var lo = min - margin;
        var hi = max + margin;
        if (floor is { } f)
        {
            lo = Math.Max(lo, f - EdgeAllowance);
            hi = Math.Max(hi, lo + MinimumSpan);
        }

        if (ceiling is { } c)
        {
            hi = Math.Min(hi, c + EdgeAllowance);
            lo = Math.Min(lo, hi - MinimumSpan);
        }

        return new AxisRange(lo, hi);
    }
}
