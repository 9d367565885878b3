using System.Globalization;
using CoSod.Data.Imaging;
using CoSod.Metrics;
using CoSod.Reports.Figures;
using SkiaSharp;

namespace CoSod.Reports.Gallery;

/// <summary>One row's pictures: the input image, the ground truth, each method's map (in column order) and its score.</summary>
public sealed record GalleryRowImages(string Key, RgbImage Image, GreyMap GroundTruth, IReadOnlyList<GreyMap> Maps, IReadOnlyList<double?> Scores);

/// <summary>
/// The qualitative figure every CoSOD paper prints: a header row with the column names (Image, GT, the methods),
/// then one row per picked image, each cell its picture scaled to <see cref="CellHeight"/> pixels high with its
/// aspect kept (maps at the ground truth's, as they are scored), centred in a column as wide as the column's widest
/// cell, <see cref="Gap"/> pixels between cells and rows. Optionally each map shows its score. Pixels are the figure's units: the PNG is this size and records
/// <see cref="Dpi"/>; the PDF page is the same size at that DPI; the SVG has the pixel size. Pictures are resampled
/// bilinearly by Skia, single-threaded, so the bytes repeat.
/// </summary>
public sealed class GalleryFigure
{
    public const int CellHeight = 256;

    public const int Gap = 4;

    public const int HeaderHeight = 40;

    public const float HeaderFontSize = 24;

    public const float ScoreFontSize = 20;

    public const int Dpi = 300;

    public GalleryFigure(IReadOnlyList<string> headers, IReadOnlyList<GalleryRowImages> rows, string? scoreFormat)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Any(r => r.Maps.Count + 2 != headers.Count))
        {
            throw new ArgumentException("every row needs the image, the ground truth and one map per method header", nameof(rows));
        }

        Headers = headers;
        Rows = rows;
        ScoreFormat = scoreFormat;
        ColumnWidths = Enumerable.Range(0, headers.Count)
            .Select(c => rows.Count == 0 ? CellHeight : rows.Max(r => CellWidth(Size(r, c))))
            .ToList();
        Width = ColumnWidths.Sum() + (Gap * (headers.Count - 1));
        Height = HeaderHeight + (rows.Count * (CellHeight + Gap));
    }

    /// <summary>Column names: "Image", "GT", then the methods as printed.</summary>
    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<GalleryRowImages> Rows { get; }

    /// <summary>How scores are printed on the maps ("F3"), or null: no scores.</summary>
    public string? ScoreFormat { get; }

    public IReadOnlyList<int> ColumnWidths { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>A cell's width for a picture of this size: <see cref="CellHeight"/> high, aspect kept (at least 1).</summary>
    public static int CellWidth((int Width, int Height) picture) =>
        Math.Max(1, (int)Math.Round(CellHeight * picture.Width / (double)picture.Height, MidpointRounding.AwayFromZero));

    /// <summary>The left edge of column <paramref name="column"/>.</summary>
    public int ColumnLeft(int column) => ColumnWidths.Take(column).Sum() + (Gap * column);

    /// <summary>The top edge of row <paramref name="row"/> (0 = the first image row, under the header and a gap).</summary>
    public static int RowTop(int row) => HeaderHeight + Gap + (row * (CellHeight + Gap));

    /// <summary>Where a cell's picture is drawn: centred in its column, the full row height.</summary>
    public SKRectI CellRect(int row, int column)
    {
        var width = CellWidth(Size(Rows[row], column));
        var left = ColumnLeft(column) + ((ColumnWidths[column] - width) / 2);
        return SKRectI.Create(left, RowTop(row), width, CellHeight);
    }

    public void Draw(SKCanvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        using var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill };
        canvas.DrawRect(new SKRect(0, 0, Width, Height), white);
        using var typeface = SKTypeface.FromFamilyName(FigureStyle.FontFamily);
        using var headerFont = new SKFont(typeface, HeaderFontSize);
        using var scoreFont = new SKFont(typeface, ScoreFontSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        for (var c = 0; c < Headers.Count; c++)
        {
            var centre = ColumnLeft(c) + (ColumnWidths[c] / 2f);
            canvas.DrawText(Headers[c], centre, HeaderHeight - 12, SKTextAlign.Center, headerFont, ink);
        }

        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        for (var r = 0; r < Rows.Count; r++)
        {
            var row = Rows[r];
            for (var c = 0; c < Headers.Count; c++)
            {
                using var picture = Picture(row, c);
                var rect = CellRect(r, c);
                canvas.DrawImage(picture, new SKRect(rect.Left, rect.Top, rect.Right, rect.Bottom), sampling);
                if (c >= 2 && ScoreFormat is { } format && row.Scores[c - 2] is { } score)
                {
                    var text = score.ToString(format, CultureInfo.InvariantCulture);
                    var width = scoreFont.MeasureText(text);
                    using var box = new SKPaint { Color = SKColors.White.WithAlpha(210), Style = SKPaintStyle.Fill };
                    canvas.DrawRect(new SKRect(rect.Right - width - 8, rect.Bottom - ScoreFontSize - 8, rect.Right, rect.Bottom), box);
                    canvas.DrawText(text, rect.Right - 4, rect.Bottom - 6, SKTextAlign.Right, scoreFont, ink);
                }
            }
        }
    }

    /// <summary>The PNG: <see cref="Width"/> x <see cref="Height"/> pixels, recorded as <see cref="Dpi"/>.</summary>
    public byte[] Png()
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        Draw(surface.Canvas);
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return PngDensity.Set(data.ToArray(), Dpi);
    }

    public string Svg()
    {
        using var stream = new MemoryStream();
        using (var svg = SKSvgCanvas.Create(SKRect.Create(Width, Height), stream))
        {
            Draw(svg);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A one-page PDF, the PNG's size at <see cref="Dpi"/>; the pictures embedded at their own resolution.</summary>
    public byte[] Pdf()
    {
        const float pointsPerInch = 72;
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata { Creator = "cosod", Producer = "cosod", RasterDpi = Dpi, EncodingQuality = 101 };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var scale = pointsPerInch / Dpi;
            var canvas = document.BeginPage(Width * scale, Height * scale);
            canvas.Scale(scale);
            Draw(canvas);
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The size a cell's picture is shown at: the image its own, the ground truth and every map the ground truth's
    /// (a map of another size is scored after resizing to the ground truth, and is shown so).
    /// </summary>
    public static (int Width, int Height) Size(GalleryRowImages row, int column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return column == 0 ? (row.Image.Width, row.Image.Height) : (row.GroundTruth.Width, row.GroundTruth.Height);
    }

    private static SKImage Picture(GalleryRowImages row, int column)
    {
        if (column == 0)
        {
            var rgb = row.Image;
            var rgba = new byte[rgb.PixelCount * 4];
            for (int i = 0, o = 0; i < rgb.Pixels.Length; i += 3, o += 4)
            {
                rgba[o] = rgb.Pixels[i];
                rgba[o + 1] = rgb.Pixels[i + 1];
                rgba[o + 2] = rgb.Pixels[i + 2];
                rgba[o + 3] = 255;
            }

            return SKImage.FromPixelCopy(new SKImageInfo(rgb.Width, rgb.Height, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba);
        }

        var grey = column == 1 ? row.GroundTruth : row.Maps[column - 2];
        return SKImage.FromPixelCopy(new SKImageInfo(grey.Width, grey.Height, SKColorType.Gray8, SKAlphaType.Opaque), grey.Pixels);
    }
}
