using CoSod.Metrics.Numerics;

namespace CoSod.Tests.Metrics;

/// <summary>
/// <see cref="NumpySum"/> against a line-by-line transcription of numpy's <c>pairwise_sum</c>
/// (numpy/core/src/umath/loops_utils.h.src), compared bit for bit.
/// </summary>
public sealed class NumpySumTests
{
    /// <summary>
    /// numpy:
    /// <code>
    /// if (n &lt; 8) { res = -0.0; for (i = 0; i &lt; n; i++) res += a[i]; return res; }
    /// else if (n &lt;= PW_BLOCKSIZE) {
    ///     r[0..7] = a[0..7];
    ///     for (i = 8; i &lt; n - (n % 8); i += 8) r[0..7] += a[i + 0..7];
    ///     res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    ///     for (; i &lt; n; i++) res += a[i];
    ///     return res;
    /// }
    /// else { n2 = n / 2; n2 -= n2 % 8; return sum(a, n2) + sum(a + n2, n - n2); }
    /// </code>
    /// </summary>
    private static double Reference(double[] a, int start, int n, int stride = 1)
    {
        double At(int i) => a[start + (i * stride)];
        if (n < 8)
        {
            var res = -0.0;
            for (var i = 0; i < n; i++)
            {
                res += At(i);
            }

            return res;
        }

        if (n <= 128)
        {
            var r = new double[8];
            for (var k = 0; k < 8; k++)
            {
                r[k] = At(k);
            }

            int j;
            for (j = 8; j < n - (n % 8); j += 8)
            {
                for (var k = 0; k < 8; k++)
                {
                    r[k] += At(j + k);
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; j < n; j++)
            {
                res += At(j);
            }

            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        return Reference(a, start, n2, stride) + Reference(a, start + (n2 * stride), n - n2, stride);
    }

    private static double Sequential(double[] a)
    {
        var s = 0.0;
        foreach (var v in a)
        {
            s += v;
        }

        return s;
    }

    /// <summary>Values over many magnitudes and both signs, so that every change of order changes the rounding.</summary>
    private static double[] Values(int seed, int n)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var magnitude = Math.Pow(10, random.Next(-6, 7));
            values[i] = (random.NextDouble() - 0.3) * magnitude;
        }

        return values;
    }

    private static void AssertSameBits(double expected, double actual, string label)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"{label}: expected {expected:R}, got {actual:R}");
        }
    }

    [Fact]
    public void EveryLengthUpTo300MatchesTheTranscription()
    {
        var orderSensitive = 0;
        for (var n = 0; n <= 300; n++)
        {
            for (var seed = 0; seed < 3; seed++)
            {
                var values = Values((n * 7) + seed, n);
                var expected = Reference(values, 0, n);
                AssertSameBits(expected, NumpySum.Pairwise(values), $"n = {n}, seed {seed}");
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(Sequential(values)))
                {
                    orderSensitive++;
                }
            }
        }

        // The data must be able to tell the two orders apart, or the comparison proves nothing.
        Assert.True(orderSensitive > 300, $"only {orderSensitive} cases distinguish pairwise from sequential order");
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1024)]
    [InlineData(4097)]
    [InlineData(8192)]
    [InlineData(10007)]
    [InlineData(120000)]
    [InlineData(262143)]
    public void LargeLengthsMatchTheTranscription(int n)
    {
        var values = Values(n, n);
        AssertSameBits(Reference(values, 0, n), NumpySum.Pairwise(values), $"n = {n}");
    }

    [Fact]
    public void PairwiseAndSequentialOrderGiveDifferentDoubles()
    {
        // 1 followed by fifteen 2^-53: added in order, every 2^-53 is lost to round-half-to-even (1 + 2^-53 = 1).
        // numpy's eight partial sums collect them in pairs: r0 = 1, r1..r7 = 2^-52, so the result is
        // ((1 + 2^-52) + 2^-51) + 2^-50 = 1 + 7 * 2^-52 exactly.
        var tiny = Math.ScaleB(1.0, -53);
        var values = new double[16];
        values[0] = 1.0;
        values.AsSpan(1).Fill(tiny);

        Assert.Equal(1.0, Sequential(values));
        AssertSameBits(1.0 + (7 * Math.ScaleB(1.0, -52)), NumpySum.Pairwise(values), "pairwise");
    }

    [Fact]
    public void RecursiveSplitIsAtHalfRoundedDownToAMultipleOfEight()
    {
        // n = 136 splits at 64 (136 / 2 = 68 -> 64), not at 68: put the large value where the two splits differ.
        var values = new double[136];
        var tiny = Math.ScaleB(1.0, -53);
        Array.Fill(values, tiny);
        values[64] = 1.0;
        var expected = Reference(values, 0, values.Length);
        AssertSameBits(expected, NumpySum.Pairwise(values), "n = 136");

        var splitAt68 = Reference(values, 0, 68) + Reference(values, 68, 68);
        Assert.NotEqual(splitAt68, expected);
    }

    [Fact]
    public void NonContiguousWindowIsOnePairwiseRunPerRowAddedInOrder()
    {
        const int stride = 150, rows = 9, columns = 40, offset = (2 * stride) + 7;
        var buffer = Values(11, stride * 12);

        // Make each row order-sensitive: one big value and many small ones.
        for (var r = 0; r < rows; r++)
        {
            var row = buffer.AsSpan(offset + (r * stride), columns);
            row.Fill(Math.ScaleB(1.0, -53) * (r + 1));
            row[0] = 1.0 + r;
        }

        var expected = 0.0;
        for (var r = 0; r < rows; r++)
        {
            expected += Reference(buffer, offset + (r * stride), columns);
        }

        AssertSameBits(expected, NumpySum.SumRows(buffer, offset, rows, columns, stride), "window");

        // Not the same as one pairwise run over the gathered window, so the per-row rule is what is tested.
        var gathered = new double[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            buffer.AsSpan(offset + (r * stride), columns).CopyTo(gathered.AsSpan(r * columns));
        }

        Assert.NotEqual(Reference(gathered, 0, gathered.Length), expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void RandomNonContiguousWindowsMatchPerRowPairwise(int seed)
    {
        var random = new Random(seed);
        for (var k = 0; k < 200; k++)
        {
            var stride = random.Next(3, 300);
            var columns = random.Next(2, stride);
            var rows = random.Next(2, 40);
            var offset = random.Next(0, stride - columns + 1);
            var buffer = Values((seed * 1000) + k, (rows * stride) + offset);
            var expected = 0.0;
            for (var r = 0; r < rows; r++)
            {
                expected += Reference(buffer, offset + (r * stride), columns);
            }

            AssertSameBits(expected, NumpySum.SumRows(buffer, offset, rows, columns, stride), $"case {k}");
        }
    }

    [Fact]
    public void ContiguousWindowIsOnePairwiseRun()
    {
        // Full-width rows are one contiguous block: numpy coalesces them into a single run.
        const int stride = 37, rows = 11;
        var buffer = Values(3, stride * 20);
        var offset = 4 * stride;
        var expected = 0.0 + Reference(buffer, offset, rows * stride);
        AssertSameBits(expected, NumpySum.SumRows(buffer, offset, rows, stride, stride), "full width");

        // A single row, narrower than the stride, is one run as well.
        AssertSameBits(0.0 + Reference(buffer, offset + 3, 30), NumpySum.SumRows(buffer, offset + 3, 1, 30, stride), "one row");
    }

    [Fact]
    public void SingleColumnWindowIsOneStridedPairwiseRun()
    {
        // A (rows, 1) view: numpy's iterator gives the length-1 axis stride 0 and coalesces it with the row
        // axis, so the reduction is one pairwise run of `rows` elements with the row pitch as stride, not a
        // sequential sum of one-element rows.
        const int stride = 23, rows = 16;
        var buffer = new double[stride * rows];
        var tiny = Math.ScaleB(1.0, -53);
        Array.Fill(buffer, 5.0);
        for (var r = 0; r < rows; r++)
        {
            buffer[(r * stride) + 4] = r == 0 ? 1.0 : tiny;
        }

        var expected = 0.0 + Reference(buffer, 4, rows, stride);
        var rowByRow = 0.0;
        for (var r = 0; r < rows; r++)
        {
            rowByRow += buffer[(r * stride) + 4];
        }

        Assert.NotEqual(rowByRow, expected);
        AssertSameBits(expected, NumpySum.SumRows(buffer, 4, rows, 1, stride), "single column");
    }

    [Fact]
    public void EmptyWindowIsZero()
    {
        var buffer = Values(1, 50);
        AssertSameBits(0.0, NumpySum.SumRows(buffer, 3, 0, 5, 10), "no rows");
        AssertSameBits(0.0, NumpySum.SumRows(buffer, 3, 4, 0, 10), "no columns");
    }
}
