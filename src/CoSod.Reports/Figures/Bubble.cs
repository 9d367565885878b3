using ScottPlot;
using SkiaSharp;

namespace CoSod.Reports.Figures;

/// <summary>
/// A filled, outlined circle of a fixed pixel diameter at a data point (a bubble of a bubble chart). Drawn directly,
/// like <see cref="MethodBars"/>, so the fill's transparency and the outline reach the SVG as plain circle geometry.
/// </summary>
public sealed class Bubble(double x, double y, float diameter, Color color) : IPlottable
{
    /// <summary>Opacity of the fill: overlapping bubbles stay visible through each other.</summary>
    public const float FillOpacity = 0.45f;

    public const float OutlineWidth = 1.5f;

    public double X { get; } = x;

    public double Y { get; } = y;

    /// <summary>Diameter in pixels.</summary>
    public float Diameter { get; } = diameter;

    public Color Color { get; } = color;

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.None;

    public AxisLimits GetAxisLimits() => new(X, X, Y, Y);

    public void Render(RenderPack rp)
    {
        ArgumentNullException.ThrowIfNull(rp);
        var centre = Axes.GetPixel(new Coordinates(X, Y));
        var radius = Diameter / 2;
        using var fill = new SKPaint { Color = Color.WithAlpha(FillOpacity).ToSKColor(), Style = SKPaintStyle.Fill, IsAntialias = true };
        using var outline = new SKPaint
        {
            Color = Color.ToSKColor(),
            Style = SKPaintStyle.Stroke,
            StrokeWidth = OutlineWidth,
            IsAntialias = true,
        };
        rp.Canvas.DrawCircle(centre.X, centre.Y, radius, fill);
        rp.Canvas.DrawCircle(centre.X, centre.Y, radius, outline);
    }
}
