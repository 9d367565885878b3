using ScottPlot;
using ScottPlot.Plottables;

namespace CoSod.Reports.Figures;

/// <summary>
/// A highlighted point of one method's curve (the max-F operating point): a ring in the method's colour, larger
/// than the line markers. It has no legend entry of its own; <see cref="LegendEntry"/> explains the ring once.
/// </summary>
public sealed class PointMarker : IPlottable
{
    public const float RingSize = 16;

    private readonly Marker _marker;

    public PointMarker(string label, double x, double y, int index, Color color)
    {
        Label = label;
        X = x;
        Y = y;
        Index = index;
        _marker = new Marker
        {
            Location = new Coordinates(x, y),
            MarkerShape = MarkerShape.OpenCircle,
            MarkerSize = RingSize,
            MarkerLineWidth = 2.5f,
            Color = color,
            Axes = Axes,
        };
    }

    /// <summary>The legend label of the method this point belongs to.</summary>
    public string Label { get; }

    public double X { get; }

    public double Y { get; }

    /// <summary>The curve index (threshold position) of the point.</summary>
    public int Index { get; }

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.None;

    public AxisLimits GetAxisLimits() => new(X, X, Y, Y);

    public void Render(RenderPack rp)
    {
        _marker.Axes = Axes;
        _marker.Render(rp);
    }
}

/// <summary>A legend entry that draws nothing in the data area (explains a symbol used by several series).</summary>
public sealed class LegendEntry : IPlottable
{
    private readonly LegendItem _item;

    public LegendEntry(string label, MarkerStyle marker)
        : this(label, new LegendItem { LabelText = label, MarkerStyle = marker, LineStyle = LineStyle.None })
    {
    }

    public LegendEntry(string label, LegendItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Label = label;
        _item = item;
        _item.LabelText = label;
    }

    public string Label { get; }

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.Single(_item);

    public AxisLimits GetAxisLimits() => AxisLimits.NoLimits;

    public void Render(RenderPack rp)
    {
    }
}
