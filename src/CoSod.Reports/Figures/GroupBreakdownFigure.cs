using System.Globalization;
using CoSod.Reports.Breakdown;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace CoSod.Reports.Figures;

/// <summary>
/// The per-group breakdown as horizontal grouped bars: one row per group, worst at the top, one bar per method in
/// the method's colour and hatch. The figure grows with the group count (<see cref="SizeOf"/>) so 80 groups stay readable.
/// </summary>
public static class GroupBreakdownFigure
{
    public const int Width = 900;

    /// <summary>Title, axis and margins, in pixels.</summary>
    public const int FixedHeight = 150;

    public const int MinimumHeight = 400;

    /// <summary>Fraction of a row's height the bars fill.</summary>
    public const double RowFill = 0.8;

    /// <summary>The pixel size to save the figure at: taller with more groups and methods.</summary>
    public static (int Width, int Height) SizeOf(GroupBreakdown breakdown)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        return (Width, Math.Max(MinimumHeight, FixedHeight + (breakdown.Groups.Count * RowHeight(breakdown.Methods.Count))));
    }

    /// <summary>Pixels per group row: at least 18, and 7 per bar beyond that.</summary>
    public static int RowHeight(int methods) => Math.Max(18, (7 * methods) + 8);

    /// <summary>The y coordinate of a group's row (rank 0, the worst, at the top).</summary>
    public static double RowPosition(GroupBreakdown breakdown, int rank)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        return breakdown.Groups.Count - 1 - rank;
    }

    public static Plot Build(GroupBreakdown breakdown)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        var better = breakdown.LowerIsBetter ? "lower" : "higher";
        var plot = FigureStyle.NewPlot(
            string.Create(CultureInfo.InvariantCulture, $"{breakdown.Dataset}: {breakdown.Metric} per group, worst first ({breakdown.Sources})"),
            string.Create(CultureInfo.InvariantCulture, $"{breakdown.Metric}: mean over the group's images ({better} is better)"),
            string.Empty);

        var m = breakdown.Methods.Count;
        var size = RowFill / Math.Max(1, m);
        var values = new List<double> { 0 };
        for (var j = 0; j < m; j++)
        {
            var style = FigureStyle.Series(breakdown.StyleIndices[j]);
            var bars = new List<HorizontalBar>();
            for (var r = 0; r < breakdown.Groups.Count; r++)
            {
                if (breakdown.Groups[r].Means[j] is not { } mean)
                {
                    continue;
                }

                values.Add(mean);
                // The first method's bar on top within its group, as in the legend.
                bars.Add(new HorizontalBar(RowPosition(breakdown, r) + ((((m - 1) / 2.0) - j) * size), mean, size));
            }

            plot.Add.Plottable(new MethodBars(breakdown.Methods[j], bars, style.Color, style.Hatch));
        }

        var ticks = new NumericManual();
        for (var r = 0; r < breakdown.Groups.Count; r++)
        {
            ticks.AddMajor(RowPosition(breakdown, r), Label(breakdown.Groups[r].Group));
        }

        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        var bounded = !breakdown.Metric.StartsWith("Em", StringComparison.Ordinal);
        var x = AxisFit.Fit(values, 0, bounded ? 1 : null);
        plot.Axes.SetLimits(0, x.Max, -0.6, breakdown.Groups.Count - 0.4);

        // A tall figure repeats the value ticks on top, and keeps the legend up there, next to the worst groups.
        plot.Axes.Top.TickGenerator = new NumericAutomatic();
        plot.Axes.Top.TickLabelStyle.FontName = FigureStyle.FontFamily;
        plot.Axes.Top.TickLabelStyle.FontSize = FigureStyle.TickSize;
        plot.Axes.SetLimitsX(0, x.Max, plot.Axes.Top);
        plot.ShowLegend(Edge.Top);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontName = FigureStyle.FontFamily;
        plot.Legend.FontSize = FigureStyle.LegendSize;
        return plot;
    }

    private static string Label(string group) => group.Length == 0 ? "(no group)" : group;
}
