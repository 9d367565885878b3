using ScottPlot;
using SkiaSharp;

namespace CoSod.Reports.Figures;

/// <summary>A line pattern as on/off lengths in pixels; empty = solid.</summary>
public sealed record DashPattern(string Name, float[] Intervals)
{
    public static DashPattern Solid { get; } = new("solid", []);

    public bool IsSolid => Intervals.Length == 0;
}

/// <summary>
/// Dashes built as geometry, not as a Skia path effect: Skia's SVG backend does not support path effects (it draws
/// the line solid and prints "Unsupported path effect in addPaint." to stdout), so a pattern set that way would be
/// lost in every SVG. Cutting the polyline into "on" pieces keeps the pattern in PNG and SVG alike.
/// </summary>
public static class DashedLines
{
    /// <summary>
    /// The "on" pieces of the polyline through <paramref name="points"/> under <paramref name="pattern"/>, walked by
    /// pixel length; the pattern continues across vertices. A solid pattern gives the whole polyline as one piece.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Pixel>> Pieces(IReadOnlyList<Pixel> points, DashPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(pattern);
        if (points.Count < 2)
        {
            return [];
        }

        if (pattern.IsSolid)
        {
            return [points];
        }

        var pieces = new List<IReadOnlyList<Pixel>>();
        var intervals = pattern.Intervals;
        var slot = 0;
        var left = intervals[0];
        List<Pixel>? current = [points[0]];
        for (var i = 1; i < points.Count; i++)
        {
            var from = points[i - 1];
            var to = points[i];
            var length = from.DistanceFrom(to);
            var done = 0f;
            while (length - done > left)
            {
                done += left;
                var cut = Lerp(from, to, done / length);
                if (slot % 2 == 0)
                {
                    current!.Add(cut);
                    pieces.Add(current);
                    current = null;
                }
                else
                {
                    current = [cut];
                }

                slot = (slot + 1) % intervals.Length;
                left = intervals[slot];
            }

            left -= length - done;
            current?.Add(to);
        }

        if (current is { Count: > 1 })
        {
            pieces.Add(current);
        }

        return pieces;
    }

    /// <summary>Strokes the pieces solid (no path effect) with the given colour and width.</summary>
    public static void Draw(SKCanvas canvas, Paint paint, IReadOnlyList<Pixel> points, DashPattern pattern, Color color, float width)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        using var path = new SKPath();
        foreach (var piece in Pieces(points, pattern))
        {
            path.MoveTo(piece[0].ToSKPoint());
            for (var k = 1; k < piece.Count; k++)
            {
                path.LineTo(piece[k].ToSKPoint());
            }
        }

        Drawing.DrawPath(canvas, paint, path, new LineStyle(width, color, LinePattern.Solid) { StrokeJoin = SKStrokeJoin.Round });
    }

    private static Pixel Lerp(Pixel a, Pixel b, float t) => new(a.X + ((b.X - a.X) * t), a.Y + ((b.Y - a.Y) * t));
}

/// <summary>
/// A legend symbol drawn as a marker: a short line in the series' dash pattern with the series' marker in its
/// middle (ScottPlot would draw the legend's line with a path effect, which SVG output loses).
/// </summary>
public sealed class LegendLineSymbol(DashPattern pattern, Color color, float lineWidth, float halfWidth, MarkerStyle marker) : IMarker
{
    public void Render(SKCanvas canvas, Paint paint, Pixel center, float size, MarkerStyle markerStyle)
    {
        DashedLines.Draw(canvas, paint, [center.MovedLeft(halfWidth), center.MovedRight(halfWidth)], pattern, color, lineWidth);
        if (marker.Shape != MarkerShape.None && marker.Size > 0)
        {
            marker.Render(canvas, center, paint);
        }
    }
}
