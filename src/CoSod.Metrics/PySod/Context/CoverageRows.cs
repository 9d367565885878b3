using System.Runtime.Intrinsics;

namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// The context measure's coverage <c>cv2.filter2D(p, -1, kernel)</c> in double (BORDER_REFLECT_101) on the object's
/// pixels, one row of the object's bounding box at a time, rows asked for in increasing order. The prediction is read
/// through a ring of the kernel's height in rows, reflected at the image border, so a pair holds a few rows of doubles,
/// never the image.
/// </summary>
internal sealed class CoverageRows
{
    /// <summary>Outputs computed together (four vectors of four).</summary>
    private const int Block = 16;

    private readonly PySodPair _pair;
    private readonly ContextKernel _kernel;
    private readonly ObjectBox _box;
    private readonly int _ringRows;
    private readonly int _paddedWidth;
    private readonly int[] _columnSource;
    private readonly double[] _ring;
    private readonly double[] _row;
    private int _nextPaddedRow;
    private int _currentRow = int.MinValue;

    public CoverageRows(PySodPair pair, ContextGroundTruth context)
    {
        _pair = pair;
        _kernel = context.Kernel;
        _box = context.Box;
        _ringRows = _kernel.Rows;
        var boxWidth = Math.Max(0, _box.Right - _box.Left + 1);

        // Padded column j holds image column Left - r + j (reflected); a vector's slack past the end stays zero.
        _columnSource = new int[boxWidth + (2 * _kernel.ColumnRadius)];
        for (var j = 0; j < _columnSource.Length; j++)
        {
            _columnSource[j] = Reflect101.Index(_box.Left - _kernel.ColumnRadius + j, pair.GroundTruth.Width);
        }

        _paddedWidth = _columnSource.Length + Block;
        _ring = new double[_ringRows * _paddedWidth];
        _row = new double[boxWidth + Block];
    }

    /// <summary>The coverage of row <paramref name="y"/> at its object pixels, indexed by column - box left (others unspecified).</summary>
    public ReadOnlySpan<double> Row(int y)
    {
        if (y != _currentRow)
        {
            if (y < _currentRow)
            {
                throw new InvalidOperationException("Coverage rows must be asked for in increasing order.");
            }

            Load(y);
            Compute(y);
            _currentRow = y;
        }

        return _row;
    }

    /// <summary>Brings padded rows y - r .. y + r (padded row k is image row box top - r + k) into the ring.</summary>
    private void Load(int y)
    {
        var first = y - _box.Top;
        var last = first + (2 * _kernel.RowRadius);
        var from = Math.Max(_nextPaddedRow, last - _ringRows + 1);
        var truth = _pair.GroundTruth;
        var levels = _pair.Levels;
        var grey = _pair.Prediction;
        for (var k = from; k <= last; k++)
        {
            var sourceRow = Reflect101.Index(_box.Top - _kernel.RowRadius + k, truth.Height) * truth.Width;
            var target = _ring.AsSpan((k % _ringRows) * _paddedWidth, _columnSource.Length);
            for (var j = 0; j < target.Length; j++)
            {
                target[j] = levels[grey[sourceRow + _columnSource[j]]];
            }
        }

        _nextPaddedRow = last + 1;
    }

    /// <summary>
    /// The correlation at the object pixels of row y, sixteen neighbouring outputs at a time in four vectors: each
    /// output is still its own sum in the kernel's order, and the four independent sums keep the multipliers busy.
    /// </summary>
    private void Compute(int y)
    {
        var truth = _pair.GroundTruth;
        var mask = truth.Mask.Slice(y * truth.Width, truth.Width);
        var weights = _kernel.Weights;
        var columns = _kernel.Columns;
        var lanes = Vector256<double>.Count;
        var first = y - _box.Top;
        var x = _box.Left;
        while (x <= _box.Right)
        {
            if (mask[x] == 0)
            {
                x++;
                continue;
            }

            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
            var offset = x - _box.Left;
            for (var a = 0; a < _kernel.Rows; a++)
            {
                var source = _ring.AsSpan((((first + a) % _ringRows) * _paddedWidth) + offset, columns + Block - 1);
                var weightRow = weights.Slice(a * columns, columns);
                for (var b = 0; b < weightRow.Length; b++)
                {
                    var weight = Vector256.Create(weightRow[b]);
                    a0 += weight * Vector256.Create<double>(source.Slice(b, lanes));
                    a1 += weight * Vector256.Create<double>(source.Slice(b + lanes, lanes));
                    a2 += weight * Vector256.Create<double>(source.Slice(b + (2 * lanes), lanes));
                    a3 += weight * Vector256.Create<double>(source.Slice(b + (3 * lanes), lanes));
                }
            }

            var target = _row.AsSpan(offset, Block);
            a0.CopyTo(target);
            a1.CopyTo(target[lanes..]);
            a2.CopyTo(target[(2 * lanes)..]);
            a3.CopyTo(target[(3 * lanes)..]);
            x += Block;
        }
    }
}
