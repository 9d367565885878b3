using ScottPlot;

namespace CoSod.Reports.Figures;

/// <summary>How one series looks: colour, line pattern and marker shape, chosen so lines stay apart in greyscale.</summary>
public sealed record SeriesStyle(Color Color, DashPattern Pattern, MarkerShape Marker, HatchKind Hatch);

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

    /// <summary>Okabe-Ito colours (colour-blind safe), yellow left out: too light on white.</summary>
    private static readonly Color[] Colors =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"),
    ];

    /// <summary>
    /// Five patterns (pixels on, off, ...); with seven colours and nine markers (coprime cycle lengths) the
    /// (colour, pattern, marker) triple repeats only after 315 series, (pattern, marker) after 45.
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
    ];

    private static readonly HatchKind[] Hatches =
        [HatchKind.None, HatchKind.Forward, HatchKind.Dots, HatchKind.Backward, HatchKind.Cross];

    /// <summary>The style of the series with this index (stable: the same method gets the same style in every panel).</summary>
    public static SeriesStyle Series(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new SeriesStyle(
            Colors[index % Colors.Length],
            Patterns[index % Patterns.Length],
            Markers[index % Markers.Length],
            Hatches[index % Hatches.Length]);
    }

    /// <summary>A white figure with the title, axis labels and fonts set on every text element.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        plot.Title(title, TitleSize);
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
