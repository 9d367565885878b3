using System.Numerics;

namespace CoSod.Metrics.PySod.Shape;

/// <summary>
/// Erosion and dilation of 0/1 masks by the 3x3 cross (scikit-image's <c>disk(1)</c>), with OpenCV's border rules:
/// <c>cv2.erode</c> treats pixels outside the image as set (the border never erodes), <c>cv2.dilate</c> as clear.
/// </summary>
internal static class CrossMorphology
{
    /// <summary>One erosion: a pixel stays set when it and its four neighbours are set.</summary>
    public static void Erode(ReadOnlySpan<byte> source, Span<byte> destination, int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            var rows = new Rows(source, width, height, y);
            var target = destination.Slice(y * width, width);
            var x = 0;
            var lanes = Vector<byte>.Count;
            var set = Vector<byte>.One;
            if (width > 2)
            {
                target[0] = ErodeAt(rows, 0, width);
                for (x = 1; x + lanes < width; x += lanes)
                {
                    var v = Load(rows.Row, x) & Load(rows.Row, x - 1) & Load(rows.Row, x + 1);
                    v &= rows.Above.IsEmpty ? set : Load(rows.Above, x);
                    v &= rows.Below.IsEmpty ? set : Load(rows.Below, x);
                    v.CopyTo(target.Slice(x, lanes));
                }
            }

            for (; x < width; x++)
            {
                target[x] = ErodeAt(rows, x, width);
            }
        }
    }

    /// <summary>One dilation: a pixel is set when it or one of its four neighbours is set.</summary>
    public static void Dilate(ReadOnlySpan<byte> source, Span<byte> destination, int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            var rows = new Rows(source, width, height, y);
            var target = destination.Slice(y * width, width);
            var x = 0;
            var lanes = Vector<byte>.Count;
            if (width > 2)
            {
                target[0] = DilateAt(rows, 0, width);
                for (x = 1; x + lanes < width; x += lanes)
                {
                    var v = Load(rows.Row, x) | Load(rows.Row, x - 1) | Load(rows.Row, x + 1);
                    if (!rows.Above.IsEmpty)
                    {
                        v |= Load(rows.Above, x);
                    }

                    if (!rows.Below.IsEmpty)
                    {
                        v |= Load(rows.Below, x);
                    }

                    v.CopyTo(target.Slice(x, lanes));
                }
            }

            for (; x < width; x++)
            {
                target[x] = DilateAt(rows, x, width);
            }
        }
    }

    private static Vector<byte> Load(ReadOnlySpan<byte> row, int x) => new(row.Slice(x, Vector<byte>.Count));

    private static byte ErodeAt(in Rows rows, int x, int width)
    {
        var row = rows.Row;
        var left = x > 0 ? row[x - 1] : 1;
        var right = x < width - 1 ? row[x + 1] : 1;
        var up = rows.Above.IsEmpty ? 1 : rows.Above[x];
        var down = rows.Below.IsEmpty ? 1 : rows.Below[x];
        return (byte)(row[x] & left & right & up & down);
    }

    private static byte DilateAt(in Rows rows, int x, int width)
    {
        var row = rows.Row;
        var left = x > 0 ? row[x - 1] : 0;
        var right = x < width - 1 ? row[x + 1] : 0;
        var up = rows.Above.IsEmpty ? 0 : rows.Above[x];
        var down = rows.Below.IsEmpty ? 0 : rows.Below[x];
        return (byte)(row[x] | left | right | up | down);
    }

    /// <summary>Row y and its neighbours above and below (empty outside the image).</summary>
    private readonly ref struct Rows(ReadOnlySpan<byte> source, int width, int height, int y)
    {
        public ReadOnlySpan<byte> Row { get; } = source.Slice(y * width, width);

        public ReadOnlySpan<byte> Above { get; } = y > 0 ? source.Slice((y - 1) * width, width) : default;

        public ReadOnlySpan<byte> Below { get; } = y < height - 1 ? source.Slice((y + 1) * width, width) : default;
    }
}
