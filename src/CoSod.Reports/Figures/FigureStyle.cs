using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>How one series looks: colour, line pattern and marker shape, chosen so lines stay apart in greyscale.</summary>
public sealed record SeriesStyle(Color Color, DashPattern Pattern, MarkerShape Marker, HatchKind Hatch)
{
    /// <summary>Line width in pixels (the highlighted method's is wider).</summary>
    public float LineWidth { get; init; } = FigureStyle.LineWidth;
}

/// <summary>
/// The look every cosod figure shares: the font (set explicitly; headless ScottPlot draws no text without an
/// installed font it can find, and picked DejaVu Serif when left to choose), the fixed output size, and a series
/// style cycle that varies colour, line pattern and marker together.
/// </summary>
public static class FigureStyle
{
    /// <summary>The font family of every text element (Debian package fonts-dejavu-core).</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>Fixed size of the curve figures, in pixels.</summary>
    public const int Width = 800;

    public const int Height = 600;

    public const float TitleSize = 16;

    public const float LabelSize = 14;

    public const float TickSize = 12;

    public const float LegendSize = 12;

    public const float LineWidth = 2;

    public const float MarkerSize = 7;

    /// <summary>Width of a legend line symbol, long enough to show its dash pattern.</summary>
    public const float LegendSymbolWidth = 40;

    /// <summary>
    /// Twelve colours, all different for twelve methods: the Okabe-Ito set (colour-blind safe; yellow left out, too
    /// light on white) and five darker ones from Paul Tol's palettes. No red: red is <see cref="HighlightColor"/>.
    /// </summary>
    private static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#882255"),
        Color.FromHex("#332288"), Color.FromHex("#999933"), Color.FromHex("#117733"), Color.FromHex("#7F7F7F"),
    ];

    /// <summary>The colour kept for the highlighted method (--highlight, "ours"): no other series is drawn in it.</summary>
    public static readonly Color HighlightColor = Color.FromHex("#E8000B");

    /// <summary>The highlighted method's line width: wider than the others, drawn on top of them.</summary>
    public const float HighlightLineWidth = 3.5f;

    /// <summary>
    /// Five patterns (pixels on, off, ...) and twelve markers: the first twelve series differ in colour and marker
    /// alone, and (pattern, marker) repeats only after 60 series, so greyscale prints keep them apart.
    /// </summary>
    private static readonly DashPattern[] Patterns =
    [
        DashPattern.Solid, new("dashed", [10, 5]), new("dotted", [2, 4]), new("dash-dot", [10, 4, 2, 4]),
        new("long-dashed", [20, 6]),
    ];

    private static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.FilledTriangleDown, MarkerShape.Eks, MarkerShape.OpenDiamond,
        MarkerShape.OpenTriangleUp, MarkerShape.Cross, MarkerShape.OpenTriangleDown,
    ];

    private static readonly HatchKind[] Hatches =
        [HatchKind.None, HatchKind.Forward, HatchKind.Dots, HatchKind.Backward, HatchKind.Cross];

    /// <summary>The style of the series with this index (stable: the same method gets the same style in every panel).</summary>
    public static SeriesStyle Series(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new SeriesStyle(
            Palette[index % Palette.Length],
            Patterns[index % Patterns.Length],
            Markers[index % Markers.Length],
            Hatches[index % Hatches.Length]);
    }

    /// <summary>The highlighted method's style: the reserved red, solid, wider, a filled diamond.</summary>
    public static SeriesStyle Highlight { get; } =
        new(HighlightColor, DashPattern.Solid, MarkerShape.FilledDiamond, HatchKind.None) { LineWidth = HighlightLineWidth };

    /// <summary>The style of a series: <see cref="Highlight"/> when it is the highlighted one, else its index's.</summary>
    public static SeriesStyle Of(int index, bool highlighted) => highlighted ? Highlight : Series(index);

    /// <summary>
    /// Shows the legend where <paramref name="placement"/> says: inside the data area in <paramref name="corner"/>,
    /// below it (items side by side), right of it, or not at all; fonts set explicitly.
    /// </summary>
    public static void PlaceLegend(Plot plot, LegendPlacement placement, Alignment corner)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Legend.FontName = FontFamily;
        plot.Legend.FontSize = LegendSize;
        switch (placement)
        {
            case LegendPlacement.None:
                plot.HideLegend();
                break;
            case LegendPlacement.Inside:
                plot.ShowLegend(corner);
                plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.85);
                break;
            case LegendPlacement.Below:
                plot.ShowLegend(Edge.Bottom);
                plot.Legend.Orientation = Orientation.Horizontal;
                break;
            default:
                plot.ShowLegend(Edge.Right);
                break;
        }
    }

    /// <summary>A white figure with the title, axis labels and fonts set on every text element.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        if (title.Length > 0)
        {
            plot.Title(title, TitleSize);
        }

        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Title.Label.FontName = FontFamily;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = FontFamily;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontName = FontFamily;
            axis.TickLabelStyle.FontSize = TickSize;
        }

        plot.Legend.FontName = FontFamily;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.SymbolWidth = LegendSymbolWidth;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        return plot;
    }
}
