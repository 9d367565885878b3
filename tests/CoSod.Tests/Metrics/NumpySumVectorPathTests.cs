using CoSod.Metrics.Numerics;

namespace CoSod.Tests.Metrics;

/// <summary>The vectorised pairwise sum must give the scalar transcription's doubles, bit for bit.</summary>
public sealed class NumpySumVectorPathTests
{
    [Fact]
    public void Vector_and_scalar_paths_agree_bit_for_bit_on_every_length_and_tail()
    {
        var random = new Random(20251125);
        for (var n = 0; n <= 1100; n++)
        {
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                // Mixed magnitudes make the sum order visible in the last bits.
                values[i] = random.NextDouble() * Math.Pow(10, random.Next(-8, 9));
            }

            var vector = NumpySum.Pairwise(values);
            var scalar = NumpySum.PairwiseScalar(values);
            Assert.True(BitConverter.DoubleToInt64Bits(vector) == BitConverter.DoubleToInt64Bits(scalar), $"n = {n}: {vector:R} != {scalar:R}");
        }
    }
}
