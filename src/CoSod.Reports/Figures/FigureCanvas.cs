using ScottPlot;
using SkiaSharp;

namespace CoSod.Reports.Figures;

/// <summary>
/// A figure laid out on one canvas: one panel, or a row of panels (one per dataset) with one <see cref="SharedLegend"/>
/// below or to the right, as papers print them. Sizes are in inches; drawing happens in logical pixels
/// (<see cref="FigureOptions.LogicalDpi"/> per inch, so text and line sizes read the same at any DPI) and is scaled
/// to the output: PNG at the figure's DPI, SVG at the logical size, PDF in points with the text kept as text and the
/// font embedded. The same figure gives the same bytes in every format.
/// </summary>
public sealed partial class FigureCanvas
{
    /// <summary>Size of one panel of a row when none is given, in inches.</summary>
    public const double RowPanelWidth = 3.5;

    public const double RowHeight = 3.6;

    /// <summary>Size of a single figure when none is given (800 x 600 at 100 dpi, as before).</summary>
    public const double SingleWidth = 8;

    public const double SingleHeight = 6;

    private const float PointsPerInch = 72;

    private FigureCanvas(IReadOnlyList<(Plot Plot, PixelRect Rect)> panels, SharedLegend? legend, SKRect legendRect, double widthInches, double heightInches, int dpi)
    {
        Panels = panels;
        Legend = legend;
        LegendRect = legendRect;
        WidthInches = widthInches;
        HeightInches = heightInches;
        Dpi = dpi;
    }

    /// <summary>The panels and where each is drawn, in logical pixels.</summary>
    public IReadOnlyList<(Plot Plot, PixelRect Rect)> Panels { get; }

    /// <summary>The shared legend of a row; null for a single panel (its legend, if any, is the plot's own).</summary>
    public SharedLegend? Legend { get; }

    public SKRect LegendRect { get; }

    public double WidthInches { get; }

    public double HeightInches { get; }

    public int Dpi { get; }

    public int LogicalWidth => (int)Math.Round(WidthInches * FigureOptions.LogicalDpi);

    public int LogicalHeight => (int)Math.Round(HeightInches * FigureOptions.LogicalDpi);

    /// <summary>The PNG's size in pixels: inches times DPI.</summary>
    public (int Width, int Height) PixelSize => ((int)Math.Round(WidthInches * Dpi), (int)Math.Round(HeightInches * Dpi));

    /// <summary>One plot filling the figure (default 8 x 6 in).</summary>
    public static FigureCanvas Single(Plot plot, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(options);
        var (w, h) = options.SizeInches ?? (SingleWidth, SingleHeight);
        var canvas = new FigureCanvas([], null, SKRect.Empty, w, h, options.Dpi);
        return new FigureCanvas([(plot, new PixelRect(0, canvas.LogicalWidth, canvas.LogicalHeight, 0))], null, SKRect.Empty, w, h, options.Dpi);
    }

    /// <summary>
    /// Panels side by side with one legend below (default) or right of them, or none (the caller builds the panels
    /// without legends, or with an inside one in the last panel only). Default size: 3.5 in per panel by 3.6 in.
    /// </summary>
    public static FigureCanvas Row(IReadOnlyList<Plot> plots, IReadOnlyList<LegendItem> legendItems, FigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(plots);
        ArgumentNullException.ThrowIfNull(legendItems);
        ArgumentNullException.ThrowIfNull(options);
        var (w, h) = options.SizeInches ?? (RowPanelWidth * Math.Max(1, plots.Count), RowHeight);
        var width = (float)(w * FigureOptions.LogicalDpi);
        var height = (float)(h * FigureOptions.LogicalDpi);
        var placement = options.Legend ?? LegendPlacement.Below;

        var legend = placement is LegendPlacement.Below or LegendPlacement.Right && legendItems.Count > 0 ? new SharedLegend(legendItems) : null;
        var legendRect = SKRect.Empty;
        var panelArea = new SKRect(0, 0, width, height);
        if (legend is not null && placement == LegendPlacement.Below)
        {
            var legendHeight = legend.HeightAt(width);
            legendRect = new SKRect(0, height - legendHeight, width, height);
            panelArea = new SKRect(0, 0, width, height - legendHeight);
        }
        else if (legend is not null)
        {
            var legendWidth = Math.Min(width / 2, legend.CellWidth + 12);
            legendRect = new SKRect(width - legendWidth, 0, width, height);
            panelArea = new SKRect(0, 0, width - legendWidth, height);
        }

        var panelWidth = panelArea.Width / Math.Max(1, plots.Count);
        var panels = plots.Select((plot, i) => (plot, new PixelRect(
            panelArea.Left + (i * panelWidth), panelArea.Left + ((i + 1) * panelWidth), panelArea.Bottom, panelArea.Top))).ToList();
        return new FigureCanvas(panels, legend, legendRect, w, h, options.Dpi);
    }

    /// <summary>Draws the whole figure in logical pixels onto <paramref name="canvas"/> (already scaled by the caller).</summary>
    public void Draw(SKCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        canvas.DrawRect(new SKRect(0, 0, LogicalWidth, LogicalHeight), new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill });
        // Each panel is drawn at the origin of a translated, clipped canvas: ScottPlot's own offset rendering
        // (Render(canvas, rect)) left all but one panel of a row empty.
        foreach (var (plot, rect) in Panels)
        {
            canvas.Save();
            canvas.Translate(rect.Left, rect.Top);
            canvas.ClipRect(new SKRect(0, 0, rect.Width, rect.Height));
            plot.Render(canvas, (int)Math.Round(rect.Width), (int)Math.Round(rect.Height));
            canvas.Restore();
        }

        Legend?.Render(canvas, LegendRect);
    }

    /// <summary>The PNG at <see cref="Dpi"/>, with the DPI recorded in its pHYs chunk.</summary>
    public byte[] Png()
    {
        var (width, height) = PixelSize;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale((float)(Dpi / FigureOptions.LogicalDpi));
        Draw(canvas);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return PngDensity.Set(data.ToArray(), Dpi);
    }

    /// <summary>
    /// The SVG at the logical size (width and height in pixels at 100 per inch). Skia numbers clip paths with a
    /// counter that runs for the whole process; they are renumbered from 1 in order of appearance, so the same figure
    /// gives the same bytes however many were drawn before it.
    /// </summary>
    public string Svg()
    {
        using var stream = new MemoryStream();
        using (var svg = SKSvgCanvas.Create(SKRect.Create(LogicalWidth, LogicalHeight), stream))
        {
            Draw(svg);
        }

        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(text, m =>
        {
            if (!names.TryGetValue(m.Value, out var renamed))
            {
                renamed = "cl_" + (names.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                names[m.Value] = renamed;
            }

            return renamed;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex("\\bcl_[0-9a-f]+\\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    /// <summary>
    /// A one-page PDF of the figure's size in points; text stays text (pdftotext reads it) with DejaVu embedded. No
    /// dates or other run-dependent metadata are written, so the bytes repeat.
    /// </summary>
    public byte[] Pdf()
    {
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Creator = "cosod",
            Producer = "cosod",
            RasterDpi = Dpi,
            EncodingQuality = 101,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage((float)(WidthInches * PointsPerInch), (float)(HeightInches * PointsPerInch));
            canvas.Scale((float)(PointsPerInch / FigureOptions.LogicalDpi));
            Draw(canvas);
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }
}

/// <summary>Records a PNG's resolution: a pHYs chunk (pixels per metre) right after IHDR.</summary>
public static class PngDensity
{
    private const double InchesPerMetre = 1 / 0.0254;

    /// <summary>The PNG with a pHYs chunk of <paramref name="dpi"/> inserted after its IHDR chunk.</summary>
    public static byte[] Set(byte[] png, int dpi)
    {
        ArgumentNullException.ThrowIfNull(png);
        // Signature (8) + IHDR length, type, 13 data bytes and CRC (25).
        const int afterHeader = 8 + 25;
        var perMetre = (uint)Math.Round(dpi * InchesPerMetre);
        var chunk = new byte[4 + 4 + 9 + 4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk, 9);
        "pHYs"u8.CopyTo(chunk.AsSpan(4));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8), perMetre);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(12), perMetre);
        chunk[16] = 1; // unit: metre
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(17), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 13)));
        return [.. png.AsSpan(0, afterHeader), .. chunk, .. png.AsSpan(afterHeader)];
    }
}
