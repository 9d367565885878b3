using System.Globalization;
using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>
/// The curve figures of one dataset as pure functions: a <see cref="CurvePanel"/> in, a configured
/// <see cref="Plot"/> out (the caller saves it at <see cref="FigureStyle.Width"/> x <see cref="FigureStyle.Height"/>).
/// One <see cref="MethodCurve"/> per method; axes fitted to the data.
/// </summary>
public static class CurveFigures
{
    /// <summary>Threshold axis: the profile's thresholds (fractions of 1) scaled to grey levels.</summary>
    public const double GreyLevels = 255;

    public const string RecallLabel = "Recall";

    public const string PrecisionLabel = "Precision";

    public const string ThresholdLabel = "Threshold (grey level 0-255)";

    public const string FLabel = "F-measure (β² = 0.3)";

    public const string ELabel = "E-measure";

    public const string MaxFLegend = "max F (mean F curve)";

    /// <summary>The threshold axis: 0..255 plus the edge allowance, so a point at either end is not cut by the frame.</summary>
    public static AxisRange ThresholdRange { get; } =
        new(-AxisFit.EdgeAllowance * GreyLevels, (1 + AxisFit.EdgeAllowance) * GreyLevels);

    /// <summary>Tick positions of the threshold axis: eighths of the grey range, and its end.</summary>
    public static IReadOnlyList<double> ThresholdTicks { get; } = [0, 32, 64, 96, 128, 160, 192, 224, 255];

    /// <summary>Precision (y) against recall (x), each method's max-F operating point ringed.</summary>
    public static Plot PrecisionRecall(CurvePanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var x = AxisFit.UnitInterval(panel.Series.SelectMany(s => s.Recall));
        var y = AxisFit.UnitInterval(panel.Series.SelectMany(s => s.Precision));
        var plot = FigureStyle.NewPlot(Title(panel, "precision-recall curves"), RecallLabel, PrecisionLabel);
        AddCurves(plot, panel, s => s.Recall, s => s.Precision, x, y);
        var any = false;
        foreach (var s in panel.Series)
        {
            var best = s.MaxFIndex;
            if (best >= 0 && double.IsFinite(s.Recall[best]) && double.IsFinite(s.Precision[best]))
            {
                plot.Add.Plottable(new PointMarker(s.Label, s.Recall[best], s.Precision[best], best, FigureStyle.Series(s.StyleIndex).Color));
                any = true;
            }
        }

        if (any)
        {
            plot.Add.Plottable(new LegendEntry(MaxFLegend, new MarkerStyle(MarkerShape.OpenCircle, PointMarker.RingSize * 0.75f, Colors.Black)
            {
                LineWidth = 2,
            }));
        }

        Finish(plot, x, y);
        return plot;
    }

    /// <summary>F-measure (y) against threshold (x, 0..255), each method's maximum ringed.</summary>
    public static Plot FMeasure(CurvePanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var x = ThresholdRange;
        var y = AxisFit.UnitInterval(panel.Series.SelectMany(s => s.Fm));
        var plot = FigureStyle.NewPlot(Title(panel, "F-measure vs threshold"), ThresholdLabel, FLabel);
        AddCurves(plot, panel, ScaledThresholds, s => s.Fm, x, y);
        ThresholdAxis(plot);
        var any = false;
        foreach (var s in panel.Series)
        {
            var best = s.MaxFIndex;
            if (best >= 0)
            {
                plot.Add.Plottable(new PointMarker(s.Label, s.Thresholds[best] * GreyLevels, s.Fm[best], best, FigureStyle.Series(s.StyleIndex).Color));
                any = true;
            }
        }

        if (any)
        {
            plot.Add.Plottable(new LegendEntry(MaxFLegend, new MarkerStyle(MarkerShape.OpenCircle, PointMarker.RingSize * 0.75f, Colors.Black)
            {
                LineWidth = 2,
            }));
        }

        Finish(plot, x, y);
        return plot;
    }

    /// <summary>E-measure (y) against threshold (x, 0..255); methods without an E curve are left out.</summary>
    public static Plot EMeasure(CurvePanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var withE = panel with { Series = panel.Series.Where(s => s.Em is not null).ToList() };
        var x = ThresholdRange;
        var y = AxisFit.NonNegative(withE.Series.SelectMany(s => s.Em!));
        var plot = FigureStyle.NewPlot(Title(withE, "E-measure vs threshold"), ThresholdLabel, ELabel);
        AddCurves(plot, withE, ScaledThresholds, s => s.Em!, x, y);
        ThresholdAxis(plot);
        Finish(plot, x, y);
        return plot;
    }

    /// <summary>The threshold axis values of a series: its fractions times 255.</summary>
    public static double[] ScaledThresholds(MethodCurves series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Thresholds.Select(t => t * GreyLevels).ToArray();
    }

    private static string Title(CurvePanel panel, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{panel.Dataset}: {what} ({panel.SourceText})");

    private static void AddCurves(
        Plot plot, CurvePanel panel, Func<MethodCurves, double[]> xOf, Func<MethodCurves, double[]> yOf, AxisRange x, AxisRange y)
    {
        var count = Math.Max(1, panel.Series.Count);
        for (var i = 0; i < panel.Series.Count; i++)
        {
            var s = panel.Series[i];
            var xs = xOf(s);
            var ys = yOf(s);
            // Stagger the markers of different methods along their curves so overlapping lines keep readable markers.
            var phase = (i + 0.5) / count;
            var markers = MarkerSpacing.Indices(xs, ys, x.Span, y.Span, MarkerSpacing.DefaultCount, phase);
            plot.Add.Plottable(new MethodCurve(s.Label, xs, ys, markers, FigureStyle.Series(s.StyleIndex)));
        }
    }

    private static void ThresholdAxis(Plot plot)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var t in ThresholdTicks)
        {
            ticks.AddMajor(t, t.ToString(CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
    }

    private static void Finish(Plot plot, AxisRange x, AxisRange y)
    {
        plot.Axes.SetLimits(x.Min, x.Max, y.Min, y.Max);
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontName = FigureStyle.FontFamily;
        plot.Legend.FontSize = FigureStyle.LegendSize;
    }
}
