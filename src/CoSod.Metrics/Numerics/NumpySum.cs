using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CoSod.Metrics.Numerics;

/// <summary>
/// Summation in the order numpy uses for float64 reductions, so that the few places where a reference
/// toolbox makes a discrete decision on a sum (an S-measure block whose variance is exactly zero, a pixel
/// equal to the adaptive threshold) decide the same way here.
/// </summary>
/// <remarks>
/// numpy's <c>pairwise_sum</c> (numpy/core/src/umath/loops_utils.h): fewer than 8 elements are added in
/// order; up to <see cref="BlockSize"/> elements go through eight interleaved partial sums that are then
/// combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), the remainder added in order; longer runs are split
/// at half the length rounded down to a multiple of 8 and the halves summed recursively.
/// A full reduction of a contiguous array is one pairwise sum over all of it; a 2-D view that is not
/// contiguous is reduced row by row, each row pairwise, the rows added in order, except a one-column view,
/// which numpy's iterator collapses into a single strided run (<see cref="SumRows"/>).
/// </remarks>
public static class NumpySum
{
    /// <summary>numpy's PW_BLOCKSIZE.</summary>
    public const int BlockSize = 128;

    public static double Pairwise(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 8)
        {
            // numpy starts this branch from -0.0 so that a sum of negative zeros stays negative.
            var s = -0.0;
            for (var i = 0; i < n; i++)
            {
                s += values[i];
            }

            return s;
        }

        if (n <= BlockSize)
        {
            double r0, r1, r2, r3, r4, r5, r6, r7;
            var i = 8;
            var end = n - (n % 8);
            if (Vector256.IsHardwareAccelerated)
            {
                // The eight partial sums are independent lanes: adding them four at a time gives exactly the
                // doubles the scalar loop gives, on any vector width.
                ref var start = ref MemoryMarshal.GetReference(values);
                var low = Vector256.LoadUnsafe(ref start);
                var high = Vector256.LoadUnsafe(ref start, 4);
                for (; i < end; i += 8)
                {
                    low += Vector256.LoadUnsafe(ref start, (nuint)i);
                    high += Vector256.LoadUnsafe(ref start, (nuint)(i + 4));
                }

                (r0, r1, r2, r3) = (low[0], low[1], low[2], low[3]);
                (r4, r5, r6, r7) = (high[0], high[1], high[2], high[3]);
            }
            else
            {
                (r0, r1, r2, r3) = (values[0], values[1], values[2], values[3]);
                (r4, r5, r6, r7) = (values[4], values[5], values[6], values[7]);
                for (; i < end; i += 8)
                {
                    r0 += values[i];
                    r1 += values[i + 1];
                    r2 += values[i + 2];
                    r3 += values[i + 3];
                    r4 += values[i + 4];
                    r5 += values[i + 5];
                    r6 += values[i + 6];
                    r7 += values[i + 7];
                }
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += values[i];
            }

            return res;
        }

        var half = n / 2;
        half -= half % 8;
        return Pairwise(values[..half]) + Pairwise(values[half..]);
    }

    /// <summary>
    /// A full reduction of a <paramref name="rows"/> x <paramref name="columns"/> window of a row-major
    /// buffer with row pitch <paramref name="stride"/>: contiguous windows and one-column windows are one pairwise
    /// run, others one pairwise run per row, added in row order to an accumulator that starts at zero.
    /// </summary>
    public static double SumRows(ReadOnlySpan<double> buffer, int offset, int rows, int columns, int stride)
    {
        if (rows == 0 || columns == 0)
        {
            return 0.0;
        }

        if (columns == stride || rows == 1)
        {
            return 0.0 + Pairwise(buffer.Slice(offset, ((rows - 1) * stride) + columns));
        }

        if (columns == 1)
        {
            // numpy's iterator gives a length-1 axis stride 0 and coalesces it with the row axis: a one-column
            // view is reduced as a single pairwise run down the column (with the row pitch as stride), not row
            // by row. Gathering the column gives the same sequence, so the same sum.
            return 0.0 + PairwiseColumn(buffer, offset, rows, stride);
        }

        var sum = 0.0;
        for (var r = 0; r < rows; r++)
        {
            sum += Pairwise(buffer.Slice(offset + (r * stride), columns));
        }

        return sum;
    }

    /// <summary>
    /// <see cref="Pairwise(ReadOnlySpan{double})"/> of values computed on the fly (a map looked up from its grey levels),
    /// so no image-sized array of doubles is ever made. The same partial sums in the same order: the same double.
    /// </summary>
    public static double Pairwise<TValues>(TValues values, int start, int length)
        where TValues : IDoubleSequence, allows ref struct
    {
        if (length < 8)
        {
            var s = -0.0;
            for (var i = 0; i < length; i++)
            {
                s += values[start + i];
            }

            return s;
        }

        if (length <= BlockSize)
        {
            double r0 = values[start], r1 = values[start + 1], r2 = values[start + 2], r3 = values[start + 3];
            double r4 = values[start + 4], r5 = values[start + 5], r6 = values[start + 6], r7 = values[start + 7];
            var i = 8;
            var end = length - (length % 8);
            for (; i < end; i += 8)
            {
                var at = start + i;
                r0 += values[at];
                r1 += values[at + 1];
                r2 += values[at + 2];
                r3 += values[at + 3];
                r4 += values[at + 4];
                r5 += values[at + 5];
                r6 += values[at + 6];
                r7 += values[at + 7];
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < length; i++)
            {
                res += values[start + i];
            }

            return res;
        }

        var half = length / 2;
        half -= half % 8;
        return Pairwise(values, start, half) + Pairwise(values, start + half, length - half);
    }

    /// <summary>numpy's buffer size: a full reduction of a contiguous array runs the pairwise sum on chunks of this many values.</summary>
    public const int ReductionChunk = 8192;

    /// <summary>
    /// <c>np.sum</c> of a whole contiguous float64 array of <paramref name="length"/> values (2-D arrays too): the
    /// values are cut into chunks of <see cref="ReductionChunk"/>, each summed pairwise, and the chunk sums added in
    /// order to an accumulator that starts at zero. For more than 8192 values this differs in the last bits from one
    /// pairwise run over everything.
    /// </summary>
    public static double Sum<TValues>(TValues values, int length)
        where TValues : IDoubleSequence, allows ref struct
    {
        var sum = 0.0;
        for (var start = 0; start < length; start += ReductionChunk)
        {
            sum += Pairwise(values, start, Math.Min(ReductionChunk, length - start));
        }

        return sum;
    }

    /// <summary><c>np.sum</c> of a whole contiguous float64 array (see <see cref="Sum{TValues}(TValues, int)"/>).</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        for (var start = 0; start < values.Length; start += ReductionChunk)
        {
            sum += Pairwise(values.Slice(start, Math.Min(ReductionChunk, values.Length - start)));
        }

        return sum;
    }

    /// <summary>
    /// <c>np.sum</c> of a whole array of <paramref name="length"/> values that are zero outside
    /// [<paramref name="nonZeroStart"/>, <paramref name="nonZeroEnd"/>) (a masked map: zeros outside a box), the values
    /// made block by block by <paramref name="blocks"/>. Runs of the pairwise tree that lie wholly outside the range are
    /// skipped, which changes nothing: a sum of +0 values is +0, and adding +0 is exact. The blocks are asked for in
    /// increasing index order and <paramref name="blocks"/> is passed by reference, so a source may keep a cursor.
    /// </summary>
    public static double Sum<TBlocks>(ref TBlocks blocks, int length, int nonZeroStart, int nonZeroEnd)
        where TBlocks : IDoubleBlocks, allows ref struct
    {
        var sum = 0.0;
        Span<double> block = stackalloc double[BlockSize];
        for (var start = 0; start < length; start += ReductionChunk)
        {
            var chunk = Math.Min(ReductionChunk, length - start);
            if (start < nonZeroEnd && start + chunk > nonZeroStart)
            {
                sum += PairwiseWithin(ref blocks, start, chunk, nonZeroStart, nonZeroEnd, block);
            }
        }

        return sum;
    }

    private static double PairwiseWithin<TBlocks>(ref TBlocks blocks, int start, int length, int nonZeroStart, int nonZeroEnd, scoped Span<double> block)
        where TBlocks : IDoubleBlocks, allows ref struct
    {
        if (start >= nonZeroEnd || start + length <= nonZeroStart)
        {
            return 0.0;
        }

        if (length <= BlockSize)
        {
            var values = block[..length];
            blocks.Fill(start, values);
            return Pairwise(values);
        }

        var half = length / 2;
        half -= half % 8;
        return PairwiseWithin(ref blocks, start, half, nonZeroStart, nonZeroEnd, block)
            + PairwiseWithin(ref blocks, start + half, length - half, nonZeroStart, nonZeroEnd, block);
    }

    /// <summary><see cref="SumRows(ReadOnlySpan{double}, int, int, int, int)"/> of values computed on the fly.</summary>
    public static double SumRows<TValues>(TValues values, int offset, int rows, int columns, int stride)
        where TValues : IDoubleSequence, allows ref struct
    {
        if (rows == 0 || columns == 0)
        {
            return 0.0;
        }

        if (columns == stride || rows == 1)
        {
            return 0.0 + Pairwise(values, offset, ((rows - 1) * stride) + columns);
        }

        if (columns == 1)
        {
            return 0.0 + Pairwise(new Strided<TValues>(values, offset, stride), 0, rows);
        }

        var sum = 0.0;
        for (var r = 0; r < rows; r++)
        {
            sum += Pairwise(values, offset + (r * stride), columns);
        }

        return sum;
    }

    /// <summary>Every <c>stride</c>-th value from <c>offset</c>: one column of a row-major window.</summary>
    private readonly ref struct Strided<TValues>(TValues values, int offset, int stride) : IDoubleSequence
        where TValues : IDoubleSequence, allows ref struct
    {
        private readonly TValues _values = values;

        public double this[int index] => _values[offset + (index * stride)];
    }

    private static double PairwiseColumn(ReadOnlySpan<double> buffer, int offset, int rows, int stride)
    {
        const int StackLimit = 256;
        double[]? rented = null;
        Span<double> column = rows <= StackLimit
            ? stackalloc double[StackLimit]
            : (rented = System.Buffers.ArrayPool<double>.Shared.Rent(rows));
        try
        {
            column = column[..rows];
            for (var r = 0; r < rows; r++)
            {
                column[r] = buffer[offset + (r * stride)];
            }

            return Pairwise(column);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<double>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>A sequence of doubles read by index, computed or stored: what the generic <see cref="NumpySum"/> sums.</summary>
public interface IDoubleSequence
{
    double this[int index] { get; }
}

/// <summary>
/// A sequence of doubles made a block at a time (at most <see cref="NumpySum.BlockSize"/> consecutive values), so a
/// masked image can find the row and column of a block's first pixel once and step from there.
/// </summary>
public interface IDoubleBlocks
{
    /// <summary>Writes values <paramref name="start"/> .. start + values.Length - 1 into <paramref name="values"/>.</summary>
    void Fill(int start, scoped Span<double> values);
}
