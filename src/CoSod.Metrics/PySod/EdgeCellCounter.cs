namespace CoSod.Metrics.PySod;

/// <summary>
/// MSIoU's numerators for a binary map that grows one pixel at a time: for each grid, the number of ground-truth edge
/// cells that also hold an edge of the map. Switching a pixel on changes the two Sobel responses of its eight
/// neighbours by fixed amounts (never its own), so each switch costs eight updates, plus ten cell updates for each
/// neighbour whose edge state flips. Sweeping the thresholds from 256 down to 0 switches every pixel on once: the
/// 257 edge maps of the dynamic curve cost about as much as one.
/// </summary>
/// <remarks>Holds two bytes per pixel and one count per cell of the coarser grids; reset, not reallocated, between maps.</remarks>
internal sealed class EdgeCellCounter
{
    private readonly MultiScaleEdgeCells _cells;
    private readonly int _width;
    private readonly int _height;
    private readonly sbyte[] _rowResponse;
    private readonly sbyte[] _columnResponse;

    /// <summary>Per grid k &gt;= 1, the map's edge pixels in each cell (kept for ground-truth cells only).</summary>
    private readonly int[][] _edgePixels;
    private readonly CellGrid[] _grids;
    private readonly int[] _numerators = new int[MultiScaleEdgeCells.Scales];

    public EdgeCellCounter(MultiScaleEdgeCells cells)
    {
        _cells = cells;
        _width = cells.Width;
        _height = cells.Height;
        var pixels = _width * _height;
        _rowResponse = new sbyte[pixels];
        _columnResponse = new sbyte[pixels];
        _grids = new CellGrid[MultiScaleEdgeCells.Scales];
        _edgePixels = new int[MultiScaleEdgeCells.Scales][];
        for (var k = 0; k < _grids.Length; k++)
        {
            _grids[k] = cells.Grid(k);
            _edgePixels[k] = k == 0 ? [] : new int[_grids[k].Rows * _grids[k].Columns];
        }
    }

    /// <summary>Per grid, the ground-truth edge cells that hold an edge of the current map.</summary>
    public ReadOnlySpan<int> Numerators => _numerators;

    /// <summary>Back to the empty map.</summary>
    public void Reset()
    {
        Array.Clear(_rowResponse);
        Array.Clear(_columnResponse);
        foreach (var counts in _edgePixels)
        {
            Array.Clear(counts);
        }

        Array.Clear(_numerators);
    }

    /// <summary>Switches pixel <paramref name="index"/> on (it must be off).</summary>
    public void SwitchOn(int index)
    {
        var y = index / _width;
        var x = index - (y * _width);
        var up = y > 0;
        var down = y < _height - 1;
        var left = x > 0;
        var right = x < _width - 1;

        // A neighbour at (dy, dx) gains -dy * w(dx) in its row response and -dx * w(dy) in its column response.
        if (up)
        {
            if (left)
            {
                Add(y - 1, x - 1, 1, 1);
            }

            Add(y - 1, x, 2, 0);
            if (right)
            {
                Add(y - 1, x + 1, 1, -1);
            }
        }

        if (left)
        {
            Add(y, x - 1, 0, 2);
        }

        if (right)
        {
            Add(y, x + 1, 0, -2);
        }

        if (down)
        {
            if (left)
            {
                Add(y + 1, x - 1, -1, 1);
            }

            Add(y + 1, x, -2, 0);
            if (right)
            {
                Add(y + 1, x + 1, -1, -1);
            }
        }
    }

    private void Add(int y, int x, int rowChange, int columnChange)
    {
        var i = (y * _width) + x;
        var wasEdge = _rowResponse[i] != 0 || _columnResponse[i] != 0;
        _rowResponse[i] = (sbyte)(_rowResponse[i] + rowChange);
        _columnResponse[i] = (sbyte)(_columnResponse[i] + columnChange);
        var isEdge = _rowResponse[i] != 0 || _columnResponse[i] != 0;
        if (wasEdge != isEdge)
        {
            Flip(y, x, i, isEdge);
        }
    }

    private void Flip(int y, int x, int index, bool on)
    {
        var step = on ? 1 : -1;
        if (_cells.Cells(0)[index] != 0)
        {
            _numerators[0] += step;
        }

        for (var k = 1; k < _grids.Length; k++)
        {
            var cell = _grids[k].Cell(y, x);
            if (_cells.Cells(k)[cell] == 0)
            {
                continue;
            }

            var counts = _edgePixels[k];
            if (on)
            {
                if (counts[cell]++ == 0)
                {
                    _numerators[k]++;
                }
            }
            else if (--counts[cell] == 0)
            {
                _numerators[k]--;
            }
        }
    }
}
