namespace CoSod.Data.Imaging.Png;

/// <summary>
/// What a reference reader kept from a PNG's chunks before the image data: the IHDR fields and the palette and
/// colour chunks that change its pixels. Each reader fills it by its own rules (<see cref="LibPngRules"/>,
/// <see cref="PillowPngRules"/>).
/// </summary>
internal sealed record PngHeader(long Width, long Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    /// <summary>Samples per pixel.</summary>
    public int Channels => ColorType switch
    {
        PngColorType.Rgb => 3,
        PngColorType.GreyAlpha => 2,
        PngColorType.Rgba => 4,
        _ => 1,
    };

    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>The palette the reader applies, as RGB triplets (<see cref="PaletteEntries"/> entries of the file's).</summary>
    public byte[] Palette { get; init; } = [];

    /// <summary>How many palette entries the file supplied (indices at or past it are past the PLTE).</summary>
    public int PaletteEntries { get; init; }

    /// <summary>libpng's file gamma (100000 = 1.0) from gAMA or sRGB, 0 when none; OpenCV's reading only.</summary>
    public int FileGamma { get; init; }

    /// <summary>The largest significant-bit count of sBIT's colour (or grey) channels, 0 when absent; OpenCV only.</summary>
    public int SignificantBits { get; init; }

    /// <summary>The EXIF orientation (1..8) OpenCV applies, 1 when there is none.</summary>
    public int ExifOrientation { get; init; } = 1;

    /// <summary>Offset of the first IDAT chunk, where the image data starts.</summary>
    public long FirstDataChunk { get; init; }

    public long PixelCount => Width * Height;

    /// <summary>Bytes of filtered rows (filter bytes included) the image needs, interlaced or not.</summary>
    public long FilteredSize()
    {
        long total = 0;
        foreach (var pass in AdamPasses.For(this))
        {
            total += pass.Rows * (1 + pass.RowBytes(BitsPerPixel));
        }

        return total;
    }
}

/// <summary>One pass of the image data: every row of a non-interlaced image, or one of Adam7's seven.</summary>
internal readonly record struct AdamPass(int X0, int Y0, int Dx, int Dy, long Columns, long Rows)
{
    public long RowBytes(int bitsPerPixel) => ((Columns * bitsPerPixel) + 7) / 8;
}

/// <summary>The passes of a PNG, empty ones left out (both reference readers skip them, as the specification says).</summary>
internal static class AdamPasses
{
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static IEnumerable<AdamPass> For(PngHeader header)
    {
        if (!header.Interlaced)
        {
            yield return new AdamPass(0, 0, 1, 1, header.Width, header.Height);
            yield break;
        }

        foreach (var (x0, y0, dx, dy) in Adam7)
        {
            var columns = (header.Width - x0 + dx - 1) / dx;
            var rows = (header.Height - y0 + dy - 1) / dy;
            if (columns > 0 && rows > 0)
            {
                yield return new AdamPass(x0, y0, dx, dy, columns, rows);
            }
        }
    }
}
