using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// <c>np.sum</c> of a whole contiguous float64 image as numpy 1.24 computes it: the reduction receives the values in
/// buffer-sized blocks of 8192, sums each block pairwise (<see cref="NumpySum.Pairwise(ReadOnlySpan{double})"/>) and
/// adds the block sums in order to an accumulator that starts at zero.
/// </summary>
internal static class NumpyArraySum
{
    /// <summary>numpy's NPY_BUFSIZE.</summary>
    private const int Block = 8192;

    public static double Of(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        for (var start = 0; start < values.Length; start += Block)
        {
            sum += NumpySum.Pairwise(values.Slice(start, Math.Min(Block, values.Length - start)));
        }

        return sum;
    }
}
