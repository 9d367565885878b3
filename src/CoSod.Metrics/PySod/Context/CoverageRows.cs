using System.Runtime.InteropServices;
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
    /// <summary>The most outputs computed together (four 512-bit vectors): the slack every row buffer keeps.</summary>
    private const int MaxBlock = 32;

    /// <summary>
    /// Whether 512-bit vectors are used (where the hardware accelerates them). Both widths give the same doubles (each
    /// output is summed alone, in the kernel's order, multiply then add); tests switch it to compare the two paths.
    /// </summary>
    internal static bool WideVectors { get; set; } = Vector512.IsHardwareAccelerated;

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

        _paddedWidth = _columnSource.Length + MaxBlock;
        _ring = new double[_ringRows * _paddedWidth];
        _row = new double[boxWidth + MaxBlock];
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
    /// The correlation at the object pixels of row y, four vectors of neighbouring outputs at a time (512-bit vectors
    /// where the hardware has them): each output is still its own sum in the kernel's order, whatever the width, and
    /// the four independent sums keep the multipliers busy.
    /// </summary>
    private void Compute(int y)
    {
        var truth = _pair.GroundTruth;
        var mask = truth.Mask.Slice(y * truth.Width, truth.Width);
        var wide = WideVectors;
        var block = wide ? 4 * Vector512<double>.Count : 4 * Vector256<double>.Count;
        var first = y - _box.Top;
        var x = _box.Left;
        while (x <= _box.Right)
        {
            if (mask[x] == 0)
            {
                x++;
                continue;
            }

            var offset = x - _box.Left;
            if (wide)
            {
                Correlate512(first, offset);
            }
            else
            {
                Correlate256(first, offset);
            }

            x += block;
        }
    }

    private void Correlate256(int first, int offset)
    {
        var weights = _kernel.Weights;
        var columns = _kernel.Columns;
        var lanes = (nuint)Vector256<double>.Count;
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var a = 0; a < _kernel.Rows; a++)
        {
            var source = _ring.AsSpan((((first + a) % _ringRows) * _paddedWidth) + offset, columns + MaxBlock - 1);
            ref var start = ref MemoryMarshal.GetReference(source);
            var weightRow = weights.Slice(a * columns, columns);
            for (var b = 0; b < weightRow.Length; b++)
            {
                var weight = Vector256.Create(weightRow[b]);
                var at = (nuint)b;
                a0 += weight * Vector256.LoadUnsafe(ref start, at);
                a1 += weight * Vector256.LoadUnsafe(ref start, at + lanes);
                a2 += weight * Vector256.LoadUnsafe(ref start, at + (2 * lanes));
                a3 += weight * Vector256.LoadUnsafe(ref start, at + (3 * lanes));
            }
        }

        var target = _row.AsSpan(offset, 4 * Vector256<double>.Count);
        a0.CopyTo(target);
        a1.CopyTo(target[(int)lanes..]);
        a2.CopyTo(target[(int)(2 * lanes)..]);
        a3.CopyTo(target[(int)(3 * lanes)..]);
    }

    private void Correlate512(int first, int offset)
    {
        var weights = _kernel.Weights;
        var columns = _kernel.Columns;
        var lanes = (nuint)Vector512<double>.Count;
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var a = 0; a < _kernel.Rows; a++)
        {
            var source = _ring.AsSpan((((first + a) % _ringRows) * _paddedWidth) + offset, columns + MaxBlock - 1);
            ref var start = ref MemoryMarshal.GetReference(source);
            var weightRow = weights.Slice(a * columns, columns);
            for (var b = 0; b < weightRow.Length; b++)
            {
                var weight = Vector512.Create(weightRow[b]);
                var at = (nuint)b;
                a0 += weight * Vector512.LoadUnsafe(ref start, at);
                a1 += weight * Vector512.LoadUnsafe(ref start, at + lanes);
                a2 += weight * Vector512.LoadUnsafe(ref start, at + (2 * lanes));
                a3 += weight * Vector512.LoadUnsafe(ref start, at + (3 * lanes));
            }
        }

        var target = _row.AsSpan(offset, 4 * Vector512<double>.Count);
        a0.CopyTo(target);
        a1.CopyTo(target[(int)lanes..]);
        a2.CopyTo(target[(int)(2 * lanes)..]);
        a3.CopyTo(target[(int)(3 * lanes)..]);
    }
}
