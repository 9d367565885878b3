namespace CoSod.Metrics.PySod;

/// <summary>
/// MSIoU's numerators for a binary map that grows a level at a time: for each grid, the number of ground-truth edge
/// cells that also hold an edge of the map. Switching a pixel on changes the two Sobel responses of its eight
/// neighbours by fixed amounts (never its own); the neighbours touched are re-examined once per level
/// (<see cref="Commit"/>), and only those whose edge state changed update the cells of the ten grids. Sweeping the
/// thresholds from 256 down to 0 switches every pixel on once: the 257 edge maps of the dynamic curve cost about
/// as much as one.
/// </summary>
/// <remarks>
/// Holds four bytes per pixel (two responses, the edge state, a pending mark), a list of pending pixels, and one
/// count per cell of the coarser grids; reset, not reallocated, between maps.
/// </remarks>
internal sealed class EdgeCellCounter
{
    private readonly int _width;
    private readonly int _height;
    private readonly sbyte[] _rowResponse;
    private readonly sbyte[] _columnResponse;
    private readonly byte[] _edge;
    private readonly bool[] _pending;
    private readonly int[] _pendingPixels;
    private int _pendingCount;

    /// <summary>Per pixel, the finest grid whose cell around it holds a ground-truth edge (all coarser ones do too).</summary>
    private readonly byte[] _firstScale;

    /// <summary>Per grid k &gt;= 1, the map's edge pixels in each cell (counted in ground-truth cells only).</summary>
    private readonly int[][] _edgePixels;
    private readonly CellGrid[] _grids;
    private readonly int[] _numerators = new int[MultiScaleEdgeCells.Scales];

    public EdgeCellCounter(MultiScaleEdgeCells cells)
    {
        _width = cells.Width;
        _height = cells.Height;
        var pixels = _width * _height;
        _rowResponse = new sbyte[pixels];
        _columnResponse = new sbyte[pixels];
        _edge = new byte[pixels];
        _pending = new bool[pixels];
        _pendingPixels = GC.AllocateUninitializedArray<int>(pixels);
        _firstScale = cells.FirstScales;
        _grids = new CellGrid[MultiScaleEdgeCells.Scales];
        _edgePixels = new int[MultiScaleEdgeCells.Scales][];
        for (var k = 0; k < _grids.Length; k++)
        {
            _grids[k] = cells.Grid(k);
            _edgePixels[k] = k == 0 ? [] : new int[_grids[k].Rows * _grids[k].Columns];
        }
    }

    /// <summary>Per grid, the ground-truth edge cells that hold an edge of the map as of the last <see cref="Commit"/>.</summary>
    public ReadOnlySpan<int> Numerators => _numerators;

    /// <summary>Back to the empty map.</summary>
    public void Reset()
    {
        for (var p = 0; p < _pendingCount; p++)
        {
            _pending[_pendingPixels[p]] = false;
        }

        _pendingCount = 0;
        Array.Clear(_rowResponse);
        Array.Clear(_columnResponse);
        Array.Clear(_edge);
        foreach (var counts in _edgePixels)
        {
            Array.Clear(counts);
        }

        Array.Clear(_numerators);
    }

    /// <summary>Switches pixel <paramref name="index"/> on (it must be off); counted at the next <see cref="Commit"/>.</summary>
    public void SwitchOn(int index)
    {
        var y = index / _width;
        var x = index - (y * _width);
        var up = y > 0;
        var down = y < _height - 1;
        var left = x > 0;
        var right = x < _width - 1;

        // A neighbour at (dy, dx) gains -dy * w(dx) in its row response and -dx * w(dy) in its column response,
        // with the Sobel weights w(0) = 2, w(+-1) = 1.
        if (up)
        {
            if (left)
            {
                Add(index - _width - 1, 1, 1);
            }

            Add(index - _width, 2, 0);
            if (right)
            {
                Add(index - _width + 1, 1, -1);
            }
        }

        if (left)
        {
            Add(index - 1, 0, 2);
        }

        if (right)
        {
            Add(index + 1, 0, -2);
        }

        if (down)
        {
            if (left)
            {
                Add(index + _width - 1, -1, 1);
            }

            Add(index + _width, -2, 0);
            if (right)
            {
                Add(index + _width + 1, -1, -1);
            }
        }
    }

    /// <summary>Brings the edge states and the cell counts up to date with every pixel switched on so far.</summary>
    public void Commit()
    {
        for (var p = 0; p < _pendingCount; p++)
        {
            var i = _pendingPixels[p];
            _pending[i] = false;
            var isEdge = (byte)(_rowResponse[i] != 0 || _columnResponse[i] != 0 ? 1 : 0);
            if (isEdge != _edge[i])
            {
                _edge[i] = isEdge;
                Flip(i, isEdge != 0);
            }
        }

        _pendingCount = 0;
    }

    private void Add(int i, int rowChange, int columnChange)
    {
        _rowResponse[i] = (sbyte)(_rowResponse[i] + rowChange);
        _columnResponse[i] = (sbyte)(_columnResponse[i] + columnChange);
        if (!_pending[i])
        {
            _pending[i] = true;
            _pendingPixels[_pendingCount++] = i;
        }
    }

    private void Flip(int index, bool on)
    {
        var first = (int)_firstScale[index];
        if (first >= MultiScaleEdgeCells.Scales)
        {
            return;
        }

        var step = on ? 1 : -1;
        if (first == 0)
        {
            // Grid 0's cell is the pixel itself, and it is a ground-truth edge.
            _numerators[0] += step;
            first = 1;
        }

        var y = index / _width;
        var x = index - (y * _width);
        for (var k = first; k < _grids.Length; k++)
        {
            var counts = _edgePixels[k];
            var cell = _grids[k].Cell(y, x);
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
