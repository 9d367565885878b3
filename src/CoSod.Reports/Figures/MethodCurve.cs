using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>
/// One method's line in a curve figure: the full curve as a line in the method's dash pattern, markers only on a
/// few points spaced along it, and one legend entry showing both. Exactly one per method, so a figure's series can
/// be counted.
/// </summary>
public sealed class MethodCurve : IPlottable
{
    public MethodCurve(string label, double[] xs, double[] ys, IReadOnlyList<int> markerIndices, SeriesStyle style)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(markerIndices);
        ArgumentNullException.ThrowIfNull(style);
        Label = label;
        Style = style;
        var kept = Enumerable.Range(0, Math.Min(xs.Length, ys.Length))
            .Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            .ToArray();
        Xs = kept.Select(i => xs[i]).ToArray();
        Ys = kept.Select(i => ys[i]).ToArray();
        MarkerIndices = markerIndices;
        MarkerPoints = markerIndices.Select(i => new Coordinates(xs[i], ys[i])).ToArray();
        Marker = new MarkerStyle(style.Marker, FigureStyle.MarkerSize, style.Color) { LineWidth = 1.5f };
    }

    /// <summary>The legend text.</summary>
    public string Label { get; }

    public SeriesStyle Style { get; }

    /// <summary>The points drawn (non-finite points left out).</summary>
    public double[] Xs { get; }

    public double[] Ys { get; }

    /// <summary>Indices into the input arrays of the points that carry a marker.</summary>
    public IReadOnlyList<int> MarkerIndices { get; }

    public IReadOnlyList<Coordinates> MarkerPoints { get; }

    public MarkerStyle Marker { get; }

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    /// <summary>False once a figure lists its legend explicitly (ScottPlot would add the plottables' entries again).</summary>
    public bool InLegend { get; set; } = true;

    public IEnumerable<LegendItem> LegendItems => InLegend ? LegendItem.Single(LegendItem) : LegendItem.None;

    /// <summary>This method's legend entry: a short line in its pattern with its marker in the middle.</summary>
    public LegendItem LegendItem => new()
    {
        LabelText = Label,
        LineStyle = LineStyle.None,
        MarkerStyle = new MarkerStyle(Style.Marker, FigureStyle.MarkerSize, Style.Color)
        {
            LineWidth = 1.5f,
            CustomRenderer = new LegendLineSymbol(
                Style.Pattern, Style.Color, Style.LineWidth, FigureStyle.LegendSymbolWidth / 2, Marker),
        },
    };

    public AxisLimits GetAxisLimits() =>
        Xs.Length == 0 ? AxisLimits.NoLimits : new AxisLimits(Xs.Min(), Xs.Max(), Ys.Min(), Ys.Max());

    public void Render(RenderPack rp)
    {
        ArgumentNullException.ThrowIfNull(rp);
        var pixels = new Pixel[Xs.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = Axes.GetPixel(new Coordinates(Xs[i], Ys[i]));
        }

        DashedLines.Draw(rp.Canvas, rp.Paint, pixels, Style.Pattern, Style.Color, Style.LineWidth);
        foreach (var point in MarkerPoints)
        {
            Marker.Render(rp.Canvas, Axes.GetPixel(point), rp.Paint);
        }
    }
}
