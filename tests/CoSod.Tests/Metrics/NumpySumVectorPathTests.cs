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
            var scalar = ScalarPairwise(values);
            Assert.True(BitConverter.DoubleToInt64Bits(vector) == BitConverter.DoubleToInt64Bits(scalar), $"n = {n}: {vector:R} != {scalar:R}");
        }
    }

    /// <summary>numpy's pairwise_sum transcribed with scalar partial sums only: the twin of the vector path.</summary>
    private static double ScalarPairwise(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 8)
        {
            var s = -0.0;
            foreach (var v in values)
            {
                s += v;
            }

            return s;
        }

        if (n <= NumpySum.BlockSize)
        {
            var r = new double[8];
            for (var k = 0; k < 8; k++)
            {
                r[k] = values[k];
            }

            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var k = 0; k < 8; k++)
                {
                    r[k] += values[i + k];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += values[i];
            }

            return res;
        }

        var half = n / 2;
        half -= half % 8;
        return ScalarPairwise(values[..half]) + ScalarPairwise(values[half..]);
    }
}
