namespace CoSod.Data.Imaging.Png;

/// <summary>Receives the unfiltered rows of the image data, one row of one pass at a time.</summary>
internal interface IPngRowSink
{
    /// <param name="packed">The row's packed samples (no filter byte).</param>
    /// <param name="y">The image row.</param>
    /// <param name="pass">Where the row's pixels go: columns x0, x0 + dx, ... (<see cref="AdamPass.Columns"/> of them).</param>
    void Row(ReadOnlySpan<byte> packed, long y, AdamPass pass);
}

/// <summary>PNG row filters (PNG 9.2), undone in place; the same arithmetic in libpng and Pillow.</summary>
internal static class PngRowFilter
{
    /// <summary>Undoes filter <paramref name="filter"/> (0..4) on <paramref name="row"/>; false for an unknown filter.</summary>
    public static bool TryUndo(int filter, Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        switch (filter)
        {
            case 0:
                return true;
            case 1:
                for (var i = bytesPerPixel; i < row.Length; i++)
                {
                    row[i] += row[i - bytesPerPixel];
                }

                return true;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                return true;
            case 3:
                for (var i = 0; i < Math.Min(bytesPerPixel, row.Length); i++)
                {
                    row[i] += (byte)(previous[i] >> 1);
                }

                for (var i = bytesPerPixel; i < row.Length; i++)
                {
                    row[i] += (byte)((row[i - bytesPerPixel] + previous[i]) >> 1);
                }

                return true;
            case 4:
                for (var i = 0; i < Math.Min(bytesPerPixel, row.Length); i++)
                {
                    row[i] += previous[i];
                }

                for (var i = bytesPerPixel; i < row.Length; i++)
                {
                    int a = row[i - bytesPerPixel], b = previous[i], c = previous[i - bytesPerPixel];
                    var pa = Math.Abs(b - c);
                    var pb = Math.Abs(a - c);
                    var pc = Math.Abs(a + b - c - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }

                return true;
            default:
                return false;
        }
    }
}

/// <summary>What became of the zlib stream of the first run of IDAT chunks, whatever the reader made of it.</summary>
/// <param name="Problem">Null when it inflates to its end with a matching Adler-32; otherwise what is wrong.</param>
/// <param name="RowsShort">True when it holds fewer bytes than the rows need.</param>
internal sealed record PngStreamVerdict(string? Problem, bool RowsShort)
{
    public bool Corrupt => Problem is not null || RowsShort;
}
