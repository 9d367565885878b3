using ScottPlot;
using SkiaSharp;

namespace CoSod.Reports.Figures;

/// <summary>A fill pattern drawn as geometry (white lines or dots over the colour), so SVG keeps it too.</summary>
public enum HatchKind
{
    None,
    Forward,
    Dots,
    Backward,
    Cross,
}

/// <summary>One horizontal bar: centred on <see cref="Position"/> (y), from 0 to <see cref="Value"/> (x).</summary>
public readonly record struct HorizontalBar(double Position, double Value, double Thickness);

/// <summary>
/// One method's bars in the group breakdown, with its colour and hatch. Exactly one per method. Drawn directly
/// (rectangles plus hatch lines clipped to each bar) instead of with ScottPlot's bar plot, whose hatches are
/// shaders that Skia's SVG backend drops.
/// </summary>
public sealed class MethodBars(string label, IReadOnlyList<HorizontalBar> bars, Color color, HatchKind hatch) : IPlottable
{
    /// <summary>Distance between hatch lines, in pixels.</summary>
    public const float HatchSpacing = 5;

    public string Label { get; } = label;

    public IReadOnlyList<HorizontalBar> Bars { get; } = bars;

    public Color Color { get; } = color;

    public HatchKind Hatch { get; } = hatch;

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => LegendItem.Single(new LegendItem
    {
        LabelText = Label,
        LineStyle = LineStyle.None,
        MarkerStyle = new MarkerStyle(MarkerShape.FilledSquare, 12, Color) { CustomRenderer = new Swatch(this) },
    });

    public AxisLimits GetAxisLimits() => Bars.Count == 0
        ? AxisLimits.NoLimits
        : new AxisLimits(
            Math.Min(0, Bars.Min(b => b.Value)),
            Math.Max(0, Bars.Max(b => b.Value)),
            Bars.Min(b => b.Position - (b.Thickness / 2)),
            Bars.Max(b => b.Position + (b.Thickness / 2)));

    public void Render(RenderPack rp)
    {
        ArgumentNullException.ThrowIfNull(rp);
        foreach (var bar in Bars)
        {
            var half = bar.Thickness / 2;
            var rect = Axes.GetPixelRect(new CoordinateRect(
                Math.Min(0, bar.Value), Math.Max(0, bar.Value), bar.Position - half, bar.Position + half));
            Paint(rp.Canvas, rect.ToSKRect());
        }
    }

    /// <summary>Fills the rectangle with the colour and draws the hatch inside it.</summary>
    public void Paint(SKCanvas canvas, SKRect rect)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        using var fill = new SKPaint { Color = Color.ToSKColor(), Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawRect(rect, fill);
        if (Hatch == HatchKind.None || rect.Width < 1 || rect.Height < 1)
        {
            return;
        }

        using var ink = new SKPaint
        {
            Color = SKColors.White.WithAlpha(200),
            StrokeWidth = 1.2f,
            Style = SKPaintStyle.Stroke,
            IsAntialias = true,
        };
        canvas.Save();
        canvas.ClipRect(rect);
        var span = rect.Width + rect.Height;
        if (Hatch is HatchKind.Forward or HatchKind.Cross)
        {
            for (var d = 0f; d < span; d += HatchSpacing)
            {
                canvas.DrawLine(rect.Left + d, rect.Bottom, rect.Left + d - rect.Height, rect.Top, ink);
            }
        }

        if (Hatch is HatchKind.Backward or HatchKind.Cross)
        {
            for (var d = 0f; d < span; d += HatchSpacing)
            {
                canvas.DrawLine(rect.Left + d - rect.Height, rect.Bottom, rect.Left + d, rect.Top, ink);
            }
        }

        if (Hatch == HatchKind.Dots)
        {
            ink.Style = SKPaintStyle.Fill;
            for (var y = rect.Top + (HatchSpacing / 2); y < rect.Bottom; y += HatchSpacing)
            {
                for (var x = rect.Left + (HatchSpacing / 2); x < rect.Right; x += HatchSpacing)
                {
                    canvas.DrawCircle(x, y, 1.1f, ink);
                }
            }
        }

        canvas.Restore();
    }

    /// <summary>The legend symbol: a small bar with the same fill and hatch.</summary>
    private sealed class Swatch(MethodBars owner) : IMarker
    {
        public void Render(SKCanvas canvas, Paint paint, Pixel center, float size, MarkerStyle markerStyle) =>
            owner.Paint(canvas, new SKRect(center.X - 14, center.Y - 6, center.X + 14, center.Y + 6));
    }
}
