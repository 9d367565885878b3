using ScottPlot;
using SkiaSharp;

namespace CoSod.Reports.Figures;

/// <summary>
/// One legend for a row of panels (as papers print it): the items in a grid, drawn directly with Skia, so that the
/// same symbols and text reach PNG, SVG and PDF. Each item's symbol is its legend marker (a method's line pattern
/// with its marker, or the max-F ring), its text in <see cref="FigureStyle.FontFamily"/>.
/// </summary>
public sealed class SharedLegend
{
    private const float Padding = 6;

    private const float RowHeight = 20;

    private const float SymbolGap = 8;

    private const float ItemGap = 18;

    public SharedLegend(IReadOnlyList<LegendItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
    }

    /// <summary>The entries in the order shown (left to right, then down).</summary>
    public IReadOnlyList<LegendItem> Items { get; }

    public IReadOnlyList<string> Labels => Items.Select(i => i.LabelText).ToList();

    /// <summary>The width of one item cell: symbol, gap, the longest label, gap (logical pixels).</summary>
    public float CellWidth
    {
        get
        {
            using var font = Font();
            var longest = Items.Count == 0 ? 0 : Items.Max(i => font.MeasureText(i.LabelText));
            return FigureStyle.LegendSymbolWidth + SymbolGap + longest + ItemGap;
        }
    }

    /// <summary>Items per row when the legend is <paramref name="width"/> wide (at least one).</summary>
    public int Columns(float width) => Math.Max(1, Math.Min(Items.Count, (int)((width - (2 * Padding)) / CellWidth)));

    /// <summary>The height the legend needs at <paramref name="width"/>.</summary>
    public float HeightAt(float width) =>
        (2 * Padding) + (RowHeight * (int)Math.Ceiling(Items.Count / (double)Columns(width)));

    /// <summary>Draws the items in a grid, centred in <paramref name="rect"/>.</summary>
    public void Render(SKCanvas canvas, SKRect rect)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var columns = Columns(rect.Width);
        var cell = CellWidth;
        var used = Math.Min(columns, Items.Count) * cell;
        var left = rect.Left + Math.Max(Padding, (rect.Width - used) / 2);
        using var font = Font();
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var paint = Paint.NewDisposablePaint();
        for (var i = 0; i < Items.Count; i++)
        {
            var x = left + ((i % columns) * cell);
            var y = rect.Top + Padding + ((i / columns) * RowHeight) + (RowHeight / 2);
            var item = Items[i];
            var centre = new Pixel(x + (FigureStyle.LegendSymbolWidth / 2), y);
            if (item.MarkerStyle.CustomRenderer is { } custom)
            {
                custom.Render(canvas, paint, centre, item.MarkerStyle.Size, item.MarkerStyle);
            }
            else
            {
                item.MarkerStyle.Render(canvas, centre, paint);
            }

            canvas.DrawText(item.LabelText, x + FigureStyle.LegendSymbolWidth + SymbolGap, y + (FigureStyle.LegendSize * 0.35f), SKTextAlign.Left, font, ink);
        }
    }

    private static SKFont Font() => new(SKTypeface.FromFamilyName(FigureStyle.FontFamily), FigureStyle.LegendSize);
}
