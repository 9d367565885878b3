using System.Globalization;
using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>
/// S-measure against MAE, one point per method (as eval-co-sod draws it): the best methods sit top left. Methods
/// without both numbers are left out.
/// </summary>
public static class ScatterFigure
{
    public const string XLabel = "MAE (lower is better)";

    public const string YLabel = "S-measure (higher is better)";

    public const float PointSize = 11;

    public static Plot SmVersusMae(CurvePanel panel, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(options);
        var series = panel.Series.Where(s => s.Sm is { } sm && double.IsFinite(sm) && s.Mae is { } mae && double.IsFinite(mae)).ToList();
        var title = options.ShowTitle
            ? string.Create(CultureInfo.InvariantCulture, $"{panel.Dataset}: S-measure vs MAE ({panel.SourceText})")
            : string.Empty;
        var plot = FigureStyle.NewPlot(title, XLabel, YLabel);
        foreach (var s in CurveFigures.DrawingOrder(series))
        {
            plot.Add.Plottable(new MethodPoint(s.Label, s.Mae!.Value, s.Sm!.Value, s.Style));
        }

        var x = options.XLimits ?? (options.Axes == AxesMode.Full
            ? new AxisRange(-AxisFit.EdgeAllowance, 1 + AxisFit.EdgeAllowance)
            : AxisFit.UnitInterval(series.Select(s => s.Mae!.Value)));
        var y = options.YLimits ?? (options.Axes == AxesMode.Full
            ? new AxisRange(-AxisFit.EdgeAllowance, 1 + AxisFit.EdgeAllowance)
            : AxisFit.UnitInterval(series.Select(s => s.Sm!.Value)));
        plot.Axes.SetLimits(x.Min, x.Max, y.Min, y.Max);
        var points = plot.GetPlottables<MethodPoint>().ToList();
        points.ForEach(p => p.InLegend = false);
        plot.Legend.ManualItems.Clear();
        foreach (var s in series)
        {
            plot.Legend.ManualItems.Add(points.First(p => p.Label == s.Label).LegendItem);
        }

        FigureStyle.PlaceLegend(plot, options.Legend ?? LegendPlacement.Right, Alignment.LowerLeft);
        return plot;
    }
}

/// <summary>One method as one marker at (x, y), in its style; its legend entry is the marker alone.</summary>
public sealed class MethodPoint(string label, double x, double y, SeriesStyle style) : IPlottable
{
    public string Label { get; } = label;

    public double X { get; } = x;

    public double Y { get; } = y;

    public SeriesStyle Style { get; } = style;

    public MarkerStyle Marker { get; } = new(style.Marker, ScatterFigure.PointSize * (style.LineWidth / FigureStyle.LineWidth), style.Color) { LineWidth = 2 };

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public LegendItem LegendItem => new() { LabelText = Label, LineStyle = LineStyle.None, MarkerStyle = Marker };

    /// <summary>False once a figure lists its legend explicitly (ScottPlot would add the plottables' entries again).</summary>
    public bool InLegend { get; set; } = true;

    public IEnumerable<LegendItem> LegendItems => InLegend ? LegendItem.Single(LegendItem) : LegendItem.None;

    public AxisLimits GetAxisLimits() => new(X, X, Y, Y);

    public void Render(RenderPack rp)
    {
        ArgumentNullException.ThrowIfNull(rp);
        Marker.Render(rp.Canvas, Axes.GetPixel(new Coordinates(X, Y)), rp.Paint);
    }
}
