using CoSod.Metrics.Numerics;

namespace CoSod.Tests.Metrics;

/// <summary>
/// <see cref="NumpySum.Sum(ReadOnlySpan{double})"/>: numpy reduces a whole array in chunks of 8192 values, each summed
/// pairwise, the chunk sums added in order (for 120,000 random values that moves the last bit against one pairwise run);
/// and the block-made masked form, which skips runs of zeros, gives the same double as summing the zeros.
/// </summary>
public sealed class NumpySumChunkTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(120_000)]
    public void A_whole_array_is_summed_chunk_by_chunk(int length)
    {
        var values = Values(length, 3);
        var expected = 0.0;
        for (var start = 0; start < length; start += 8192)
        {
            expected += NumpySum.Pairwise(values.AsSpan(start, Math.Min(8192, length - start)));
        }

        Assert.Equal(expected, NumpySum.Sum(values));
        Assert.Equal(expected, NumpySum.Sum(new Sequence(values), length));
    }

    [Fact]
    public void One_pairwise_run_over_everything_is_not_numpys_sum_of_a_large_array()
    {
        var differing = Enumerable.Range(0, 10).Select(seed => Values(120_000, seed)).Count(v => NumpySum.Pairwise(v) != NumpySum.Sum(v));

        Assert.True(differing > 0, "the two orders agreed on ten random arrays");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5000, 5001)]
    [InlineData(8000, 30_000)]
    [InlineData(17, 119_999)]
    [InlineData(0, 120_000)]
    public void Skipping_the_zeros_outside_a_range_changes_nothing(int start, int end)
    {
        var values = Values(120_000, 7);
        var masked = new double[values.Length];
        Array.Copy(values, start, masked, start, end - start);

        var blocks = new Blocks(masked);
        Assert.Equal(NumpySum.Sum(masked), NumpySum.Sum(ref blocks, masked.Length, start, end));
    }

    private static double[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * (random.Next(2) == 0 ? 1e-3 : 1)).ToArray();
    }

    private readonly struct Sequence(double[] values) : IDoubleSequence
    {
        public double this[int index] => values[index];
    }

    private readonly struct Blocks(double[] values) : IDoubleBlocks
    {
        public void Fill(int start, Span<double> block) => values.AsSpan(start, block.Length).CopyTo(block);
    }
}
