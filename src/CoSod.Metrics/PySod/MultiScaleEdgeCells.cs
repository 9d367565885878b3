namespace CoSod.Metrics.PySod;

/// <summary>
/// The ground-truth side of MSIoU (PySODMetrics <c>MSIoU</c>, 10 levels): the edge map of the mask box-counted on
/// grids of cell size 1, 2, 4, ..., 512, and each grid's denominator. A grid is padded with zeros at the top and
/// left only (<c>shrink_by_grid</c>), so every grid ends at the bottom-right corner and each is a coarsening of the
/// finer ones. Built once per ground truth, shared by every method; immutable.
/// </summary>
public sealed class MultiScaleEdgeCells
{
    /// <summary>Cell sizes 2^0 .. 2^9 (<c>np.power(2, np.linspace(0, 9, 10, dtype=int))</c>).</summary>
    public const int Scales = 10;

    /// <summary>numpy's reduction chunk: a float16 sum is rounded to float16 after every 8192 values.</summary>
    private const int Float16Chunk = 8192;

    private readonly byte[][] _cells;
    private readonly double[] _denominators;

    private MultiScaleEdgeCells(int width, int height, byte[][] cells, double[] denominators, byte[] firstScales)
    {
        Width = width;
        Height = height;
        _cells = cells;
        _denominators = denominators;
        FirstScales = firstScales;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The grid of cell size 2^<paramref name="scale"/>.</summary>
    public CellGrid Grid(int scale) => new(Width, Height, scale);

    /// <summary>1 where a cell of grid <paramref name="scale"/> holds a ground-truth edge pixel (row-major cells).</summary>
    public ReadOnlySpan<byte> Cells(int scale) => _cells[scale];

    /// <summary>
    /// numpy's float16 sum of the grid's cells plus 1, as a double (NumPy 1.24 promotes float16 + int to float64):
    /// exact below 2049 edge cells, rounded above, +infinity from 65520.
    /// </summary>
    public double Denominator(int scale) => _denominators[scale];

    /// <summary>
    /// Per pixel, the finest grid whose cell around the pixel holds a ground-truth edge, or <see cref="Scales"/> if none
    /// does. The grids nest, so every coarser cell around the pixel holds that edge too: a map edge at the pixel counts
    /// in exactly the grids from this one up.
    /// </summary>
    internal byte[] FirstScales { get; }

    /// <summary>The cells and denominators of the mask's edge map.</summary>
    public static MultiScaleEdgeCells Of(ReadOnlySpan<byte> mask, int width, int height)
    {
        var edges = new byte[mask.Length];
        SobelEdges.Of(mask, width, height, edges);
        var edgePixels = new List<int>();
        for (var i = 0; i < edges.Length; i++)
        {
            if (edges[i] != 0)
            {
                edgePixels.Add(i);
            }
        }

        var grids = new CellGrid[Scales];
        var cells = new byte[Scales][];
        var denominators = new double[Scales];
        for (var scale = 0; scale < Scales; scale++)
        {
            var grid = grids[scale] = new CellGrid(width, height, scale);
            var marked = scale == 0 ? edges : new byte[grid.Rows * grid.Columns];
            foreach (var i in edgePixels)
            {
                var y = i / width;
                marked[grid.Cell(y, i - (y * width))] = 1;
            }

            cells[scale] = marked;
            denominators[scale] = Float16Sum(marked) + 1;
        }

        return new MultiScaleEdgeCells(width, height, cells, denominators, FirstScalesOf(grids, cells));
    }

    /// <summary>
    /// Each pixel's first ground-truth grid (see <see cref="FirstScales"/>), found cell by cell from the coarsest grid
    /// down: a cell without an edge inherits the answer of the cell that contains it one grid up.
    /// </summary>
    private static byte[] FirstScalesOf(CellGrid[] grids, byte[][] cells)
    {
        byte[]? coarser = null;
        for (var k = Scales - 1; k >= 0; k--)
        {
            var grid = grids[k];
            var first = new byte[grid.Rows * grid.Columns];
            var size = 1 << k;
            for (var r = 0; r < grid.Rows; r++)
            {
                for (var c = 0; c < grid.Columns; c++)
                {
                    var cell = (r * grid.Columns) + c;
                    if (cells[k][cell] != 0)
                    {
                        first[cell] = (byte)k;
                    }
                    else if (coarser is null)
                    {
                        first[cell] = Scales;
                    }
                    else
                    {
                        // The cell's top-left pixel, in the coarser grid's padded coordinates.
                        var up = grids[k + 1];
                        var parentRow = ((r * size) - grid.PadTop + up.PadTop) >> (k + 1);
                        var parentColumn = ((c * size) - grid.PadLeft + up.PadLeft) >> (k + 1);
                        first[cell] = coarser[(parentRow * up.Columns) + parentColumn];
                    }
                }
            }

            coarser = first;
        }

        return coarser!;
    }

    /// <summary>
    /// MSIoU of one binary map from its per-grid numerators (edge cells shared with the ground truth):
    /// ratio_k = (numerator_k + 1) / denominator_k, then <c>np.trapz(ratios, dx=1/9)</c> with numpy's pairwise sum of
    /// the nine terms ((t0+t1)+(t2+t3))+((t4+t5)+(t6+t7)) + t8.
    /// </summary>
    public double Score(ReadOnlySpan<int> numerators)
    {
        const double Step = 1.0 / (Scales - 1);
        Span<double> ratios = stackalloc double[Scales];
        for (var k = 0; k < Scales; k++)
        {
            ratios[k] = (numerators[k] + 1) / _denominators[k];
        }

        Span<double> terms = stackalloc double[Scales - 1];
        for (var k = 0; k < Scales - 1; k++)
        {
            terms[k] = (Step * (ratios[k + 1] + ratios[k])) / 2.0;
        }

        return (((terms[0] + terms[1]) + (terms[2] + terms[3])) + ((terms[4] + terms[5]) + (terms[6] + terms[7]))) + terms[8];
    }

    /// <summary>
    /// numpy's sum of a float16 0/1 array: per chunk of 8192 values the count of ones is added to the float16
    /// accumulator in float32 (exact) and the result rounded to float16 (half to even; 65520 and above overflow).
    /// </summary>
    internal static double Float16Sum(ReadOnlySpan<byte> ones)
    {
        var sum = (Half)0;
        for (var start = 0; start < ones.Length; start += Float16Chunk)
        {
            var chunk = ones.Slice(start, Math.Min(Float16Chunk, ones.Length - start));
            var count = chunk.Length - chunk.Count((byte)0);
            sum = (Half)((float)sum + count);
        }

        return (double)sum;
    }
}

/// <summary>
/// One box-counting grid of MSIoU: cells of 2^<c>Scale</c> pixels a side, the image padded at the top and left so
/// that the cells tile it exactly.
/// </summary>
public readonly struct CellGrid
{
    public CellGrid(int width, int height, int scale)
    {
        Scale = scale;
        var size = 1 << scale;
        Rows = (height + size - 1) >> scale;
        Columns = (width + size - 1) >> scale;
        PadTop = (Rows << scale) - height;
        PadLeft = (Columns << scale) - width;
    }

    public int Scale { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int PadTop { get; }

    public int PadLeft { get; }

    /// <summary>The row-major index of the cell holding pixel (y, x).</summary>
    public int Cell(int y, int x) => (((y + PadTop) >> Scale) * Columns) + ((x + PadLeft) >> Scale);
}
