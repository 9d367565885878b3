using System.Globalization;
using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>
/// The curve figures of one dataset as pure functions: a <see cref="CurvePanel"/> and <see cref="FigureOptions"/>
/// in, a configured <see cref="Plot"/> out (<see cref="FigureCanvas"/> lays it out and writes it). One
/// <see cref="MethodCurve"/> per method, drawn in panel order except the highlighted one, drawn last; the legend
/// lists methods in panel order. Axes fitted to the data, or full, or as given.
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

    public const string FprLabel = "False positive rate";

    public const string TprLabel = "True positive rate (recall)";

    public const string IouLabel = "IoU";

    public const string DiceLabel = "Dice";

    /// <summary>The threshold axis: 0..255 plus the edge allowance, so a point at either end is not cut by the frame.</summary>
    public static AxisRange ThresholdRange { get; } =
        new(-AxisFit.EdgeAllowance * GreyLevels, (1 + AxisFit.EdgeAllowance) * GreyLevels);

    /// <summary>Tick positions of the threshold axis: eighths of the grey range, and its end.</summary>
    public static IReadOnlyList<double> ThresholdTicks { get; } = [0, 32, 64, 96, 128, 160, 192, 224, 255];

    /// <summary>Precision (y) against recall (x), each method's max-F operating point ringed.</summary>
    public static Plot PrecisionRecall(CurvePanel panel) => PrecisionRecall(panel, FigureOptions.Default);

    public static Plot PrecisionRecall(CurvePanel panel, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(options);
        var x = Limits(options.XLimits, options.Axes, AxisFit.UnitInterval(panel.Series.SelectMany(s => s.Recall)), Unit);
        var y = Limits(options.YLimits, options.Axes, AxisFit.UnitInterval(panel.Series.SelectMany(s => s.Precision)), Unit);
        var plot = FigureStyle.NewPlot(Title(panel, "precision-recall curves", options), RecallLabel, PrecisionLabel);
        var series = panel.Series;
        AddCurves(plot, series, s => s.Recall, s => s.Precision, x, y);
        var rings = DrawingOrder(series)
            .Where(s => s.MaxFIndex >= 0 && double.IsFinite(s.Recall[s.MaxFIndex]) && double.IsFinite(s.Precision[s.MaxFIndex]))
            .Select(s => new PointMarker(s.Label, s.Recall[s.MaxFIndex], s.Precision[s.MaxFIndex], s.MaxFIndex, s.Style.Color))
            .ToList();
        rings.ForEach(r => plot.Add.Plottable(r));
        Finish(plot, series, x, y, options, Alignment.LowerLeft, rings.Count > 0 ? RingLegend() : null);
        return plot;
    }

    /// <summary>F-measure (y) against threshold (x, 0..255), each method's maximum ringed.</summary>
    public static Plot FMeasure(CurvePanel panel) => FMeasure(panel, FigureOptions.Default);

    public static Plot FMeasure(CurvePanel panel, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(options);
        var x = options.XLimits ?? ThresholdRange;
        var y = Limits(options.YLimits, options.Axes, AxisFit.UnitInterval(panel.Series.SelectMany(s => s.Fm)), Unit);
        var plot = FigureStyle.NewPlot(Title(panel, "F-measure vs threshold", options), ThresholdLabel, FLabel);
        AddCurves(plot, panel.Series, ScaledThresholds, s => s.Fm, x, y);
        ThresholdAxis(plot);
        var rings = DrawingOrder(panel.Series)
            .Where(s => s.MaxFIndex >= 0)
            .Select(s => new PointMarker(s.Label, s.Thresholds[s.MaxFIndex] * GreyLevels, s.Fm[s.MaxFIndex], s.MaxFIndex, s.Style.Color))
            .ToList();
        rings.ForEach(r => plot.Add.Plottable(r));
        Finish(plot, panel.Series, x, y, options, Alignment.LowerCenter, rings.Count > 0 ? RingLegend() : null);
        return plot;
    }

    /// <summary>E-measure (y) against threshold (x, 0..255); methods without an E curve are left out.</summary>
    public static Plot EMeasure(CurvePanel panel) => EMeasure(panel, FigureOptions.Default);

    public static Plot EMeasure(CurvePanel panel, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(options);
        var series = panel.Series.Where(s => s.Em is not null).ToList();
        var x = options.XLimits ?? ThresholdRange;
        var values = series.SelectMany(s => s.Em!).Where(double.IsFinite).ToList();
        var y = Limits(options.YLimits, options.Axes, AxisFit.NonNegative(values),
            new AxisRange(-AxisFit.EdgeAllowance, Math.Max(1, values.Count == 0 ? 1 : values.Max()) + AxisFit.EdgeAllowance));
        var plot = FigureStyle.NewPlot(Title(panel, "E-measure vs threshold", options), ThresholdLabel, ELabel);
        AddCurves(plot, series, ScaledThresholds, s => s.Em!, x, y);
        ThresholdAxis(plot);
        Finish(plot, series, x, y, options, Alignment.LowerCenter, null);
        return plot;
    }

    /// <summary>True-positive rate (y) against false-positive rate (x); methods without a ROC curve are left out.</summary>
    public static Plot Roc(CurvePanel panel, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(options);
        var series = panel.Series.Where(s => s.Roc is not null).ToList();
        var x = Limits(options.XLimits, options.Axes, AxisFit.UnitInterval(series.SelectMany(s => s.Roc!.Value.Fpr)), Unit);
        var y = Limits(options.YLimits, options.Axes, AxisFit.UnitInterval(series.SelectMany(s => s.Roc!.Value.Tpr)), Unit);
        var plot = FigureStyle.NewPlot(Title(panel, "ROC curves", options), FprLabel, TprLabel);
        AddCurves(plot, series, s => s.Roc!.Value.Fpr, s => s.Roc!.Value.Tpr, x, y);
        Finish(plot, series, x, y, options, Alignment.LowerRight, null);
        return plot;
    }

    /// <summary>Dataset-mean IoU (y) against threshold (x, 0..255); methods without the curve are left out.</summary>
    public static Plot Iou(CurvePanel panel, FigureOptions options) =>
        ThresholdCurve(panel, options, s => s.Iou, "IoU vs threshold", IouLabel);

    /// <summary>Dataset-mean Dice (y) against threshold (x, 0..255); methods without the curve are left out.</summary>
    public static Plot Dice(CurvePanel panel, FigureOptions options) =>
        ThresholdCurve(panel, options, s => s.Dice, "Dice vs threshold", DiceLabel);

    /// <summary>The threshold axis values of a series: its fractions times 255.</summary>
    public static double[] ScaledThresholds(MethodCurves series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Thresholds.Select(t => t * GreyLevels).ToArray();
    }

    /// <summary>The series in drawing order: panel order, the highlighted method moved to the end (drawn on top).</summary>
    public static IReadOnlyList<MethodCurves> DrawingOrder(IReadOnlyList<MethodCurves> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.Where(s => !s.Highlighted).Concat(series.Where(s => s.Highlighted)).ToList();
    }

    /// <summary>The full domain of a rate: [0, 1] plus the edge allowance.</summary>
    private static AxisRange Unit { get; } = new(-AxisFit.EdgeAllowance, 1 + AxisFit.EdgeAllowance);

    private static AxisRange Limits(AxisRange? given, AxesMode mode, AxisRange fitted, AxisRange full) =>
        given ?? (mode == AxesMode.Full ? full : fitted);

    private static Plot ThresholdCurve(
        CurvePanel panel, FigureOptions options, Func<MethodCurves, double[]?> curve, string what, string label)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(options);
        var series = panel.Series.Where(s => curve(s) is not null).ToList();
        var x = options.XLimits ?? ThresholdRange;
        var y = Limits(options.YLimits, options.Axes, AxisFit.UnitInterval(series.SelectMany(s => curve(s)!)), Unit);
        var plot = FigureStyle.NewPlot(Title(panel, what, options), ThresholdLabel, label);
        AddCurves(plot, series, ScaledThresholds, s => curve(s)!, x, y);
        ThresholdAxis(plot);
        Finish(plot, series, x, y, options, Alignment.LowerCenter, null);
        return plot;
    }

    private static string Title(CurvePanel panel, string what, FigureOptions options) =>
        options.ShowTitle ? string.Create(CultureInfo.InvariantCulture, $"{panel.Dataset}: {what} ({panel.SourceText})") : string.Empty;

    private static void AddCurves(
        Plot plot, IReadOnlyList<MethodCurves> series, Func<MethodCurves, double[]> xOf, Func<MethodCurves, double[]> yOf, AxisRange x, AxisRange y)
    {
        var count = Math.Max(1, series.Count);
        foreach (var s in DrawingOrder(series))
        {
            var xs = xOf(s);
            var ys = yOf(s);
            // Stagger the markers of different methods along their curves so overlapping lines keep readable markers.
            var phase = (series.ToList().IndexOf(s) + 0.5) / count;
            var markers = MarkerSpacing.Indices(xs, ys, x.Span, y.Span, MarkerSpacing.DefaultCount, phase);
            plot.Add.Plottable(new MethodCurve(s.Label, xs, ys, markers, s.Style));
        }
    }

    private static LegendItem RingLegend() => new()
    {
        LabelText = MaxFLegend,
        LineStyle = LineStyle.None,
        MarkerStyle = new MarkerStyle(MarkerShape.OpenCircle, PointMarker.RingSize * 0.75f, Colors.Black) { LineWidth = 2 },
    };

    private static void ThresholdAxis(Plot plot)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var t in ThresholdTicks)
        {
            ticks.AddMajor(t, t.ToString(CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
    }

    /// <summary>
    /// Limits, and the legend: methods in panel order (not drawing order), then <paramref name="extra"/> (the ring),
    /// placed as the options say (inside: in <paramref name="corner"/>).
    /// </summary>
    private static void Finish(
        Plot plot, IReadOnlyList<MethodCurves> series, AxisRange x, AxisRange y, FigureOptions options, Alignment corner, LegendItem? extra)
    {
        plot.Axes.SetLimits(x.Min, x.Max, y.Min, y.Max);
        var curves = plot.GetPlottables<MethodCurve>().ToList();
        curves.ForEach(c => c.InLegend = false);
        plot.Legend.ManualItems.Clear();
        foreach (var s in series)
        {
            plot.Legend.ManualItems.Add(curves.First(c => c.Label == s.Label).LegendItem);
        }

        if (extra is not null)
        {
            plot.Legend.ManualItems.Add(extra);
        }

        FigureStyle.PlaceLegend(plot, options.Legend ?? LegendPlacement.Right, corner);
    }
}
