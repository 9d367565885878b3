namespace CoSod.Metrics.PySod;

/// <summary>
/// The edge map MSIoU draws from a binary mask (PySODMetrics <c>MSIoU.get_edge</c>): SciPy's Sobel along each axis
/// with zero padding, a pixel being an edge when either response is non-zero. SciPy stores the boolean call's
/// intermediate sums as bytes (value mod 256), but the responses of a 0/1 mask lie in [-4, 4], so "non-zero mod 256"
/// is "non-zero": the plain signed Sobel responses decide. The centre pixel never enters its own responses.
/// </summary>
public static class SobelEdges
{
    /// <summary>Sobel smoothing weight of a neighbour at offset -1, 0 or +1 across the derivative.</summary>
    internal static int Weight(int offset) => offset == 0 ? 2 : 1;

    /// <summary>
    /// The row response of pixel (y, x): sum over dx of w(dx) (M[y+1, x+dx] - M[y-1, x+dx]); the column response
    /// likewise across columns. Pixels outside the image are 0.
    /// </summary>
    public static (int Rows, int Columns) Responses(ReadOnlySpan<byte> mask, int width, int height, int y, int x)
    {
        int rows = 0, columns = 0;
        for (var d = -1; d <= 1; d++)
        {
            rows += Weight(d) * (At(mask, width, height, y + 1, x + d) - At(mask, width, height, y - 1, x + d));
            columns += Weight(d) * (At(mask, width, height, y + d, x + 1) - At(mask, width, height, y + d, x - 1));
        }

        return (rows, columns);
    }

    /// <summary>The edge map of a 0/1 mask into <paramref name="edges"/> (1 on an edge, else 0).</summary>
    public static void Of(ReadOnlySpan<byte> mask, int width, int height, Span<byte> edges)
    {
        if (mask.Length != width * height || edges.Length != mask.Length)
        {
            throw new ArgumentException($"A {width}x{height} mask and its edge map need {width * height} pixels each.");
        }

        for (var y = 0; y < height; y++)
        {
            var interiorRow = y > 0 && y < height - 1;
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                int rows, columns;
                if (interiorRow && x > 0 && x < width - 1)
                {
                    // Every neighbour is inside: read them directly.
                    int above = i - width, below = i + width;
                    rows = (mask[below - 1] + (2 * mask[below]) + mask[below + 1]) - (mask[above - 1] + (2 * mask[above]) + mask[above + 1]);
                    columns = (mask[above + 1] + (2 * mask[i + 1]) + mask[below + 1]) - (mask[above - 1] + (2 * mask[i - 1]) + mask[below - 1]);
                }
                else
                {
                    (rows, columns) = Responses(mask, width, height, y, x);
                }

                edges[i] = (byte)(rows != 0 || columns != 0 ? 1 : 0);
            }
        }
    }

    private static int At(ReadOnlySpan<byte> mask, int width, int height, int y, int x) =>
        (uint)y < (uint)height && (uint)x < (uint)width && mask[(y * width) + x] != 0 ? 1 : 0;
}
