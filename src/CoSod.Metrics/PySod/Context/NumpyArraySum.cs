using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// <c>np.sum</c> of a whole contiguous float64 image as numpy 1.24 computes it: the reduction receives the values in
/// buffer-sized blocks of 8192, sums each block pairwise (<see cref="NumpySum.Pairwise(ReadOnlySpan{double})"/>) and
/// adds the block sums in order to an accumulator that starts at zero. The values are made a leaf (at most 128) at a
/// time, in increasing index order, so no image-sized array of doubles is needed; runs of the pairwise tree wholly
/// outside the range where values can be non-zero are skipped (a sum of +0 is +0, and adding +0 changes nothing).
/// </summary>
internal static class NumpyArraySum
{
    /// <summary>numpy's NPY_BUFSIZE.</summary>
    private const int Block = 8192;

    /// <summary>The values of pixels [start, start + values.Length), asked for in increasing order (passed by reference, so a cursor may keep its place).</summary>
    public interface IValues
    {
        void Fill(int start, scoped Span<double> values);
    }

    /// <summary>The sum of <paramref name="length"/> values, zero outside [<paramref name="nonZeroStart"/>, <paramref name="nonZeroEnd"/>).</summary>
    public static double Of<TValues>(ref TValues values, int length, int nonZeroStart, int nonZeroEnd)
        where TValues : IValues, allows ref struct
    {
        Span<double> leaf = stackalloc double[NumpySum.BlockSize];
        var sum = 0.0;
        for (var start = 0; start < length; start += Block)
        {
            sum += Pairwise(ref values, start, Math.Min(Block, length - start), nonZeroStart, nonZeroEnd, leaf);
        }

        return sum;
    }

    private static double Pairwise<TValues>(ref TValues values, int start, int length, int nonZeroStart, int nonZeroEnd, scoped Span<double> leaf)
        where TValues : IValues, allows ref struct
    {
        if (start >= nonZeroEnd || start + length <= nonZeroStart)
        {
            return 0.0;
        }

        if (length <= NumpySum.BlockSize)
        {
            var part = leaf[..length];
            values.Fill(start, part);
            return NumpySum.Pairwise(part);
        }

        var half = length / 2;
        half -= half % 8;
        return Pairwise(ref values, start, half, nonZeroStart, nonZeroEnd, leaf)
            + Pairwise(ref values, start + half, length - half, nonZeroStart, nonZeroEnd, leaf);
    }
}
