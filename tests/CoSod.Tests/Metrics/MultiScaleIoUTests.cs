using CoSod.Metrics.PySod;

namespace CoSod.Tests.Metrics;

/// <summary>
/// MSIoU's incremental sweep against a slow transcription of PySODMetrics' <c>MSIoU</c>: SciPy's Sobel with its
/// byte-wrapped intermediate sums, zero padding at the top and left, "any" per cell, float16 sums rounded by hand,
/// and every one of the 257 maps drawn anew. Odd sizes, one-pixel-wide images and sizes past 512 reach every padding
/// path.
/// </summary>
public sealed class MultiScaleIoUTests
{
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 1, 1, 1 }, { 1, 9, 2 }, { 9, 1, 3 }, { 3, 3, 4 }, { 37, 23, 5 }, { 64, 48, 6 }, { 17, 530, 7 }, { 600, 5, 8 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_threshold_adaptive_and_binary_equal_the_reference_bit_for_bit(int width, int height, int seed)
    {
        var random = new Random(seed);
        var truth = new byte[width * height];
        var prediction = new byte[width * height];
        var levels = 1 + random.Next(40);
        for (var i = 0; i < truth.Length; i++)
        {
            truth[i] = (byte)(random.NextDouble() < 0.35 ? 255 : 0);
            prediction[i] = (byte)(random.Next(levels) * 255 / Math.Max(1, levels - 1));
        }

        var groundTruth = PySodGroundTruth.Create(truth, width, height, PySodGroundTruthWork.MultiScaleEdges);
        var pair = new PySodPair(prediction, groundTruth);
        var scores = MultiScaleIoU.Measure(pair);

        var mask = groundTruth.Mask.ToArray();
        var quantised = pair.QuantisedLevels.ToArray();
        for (var t = 0; t < MultiScaleIoU.Thresholds; t++)
        {
            var map = prediction.Select(u => (byte)(quantised[u] >= t ? 1 : 0)).ToArray();
            Assert.Equal(Reference(map, mask, width, height), scores.Curve[t]);
        }

        var normalised = pair.Levels.ToArray();
        var threshold = Math.Min(2 * (pair.MapSum / pair.PixelCount), 1.0);
        Assert.Equal(Reference(prediction.Select(u => (byte)(normalised[u] >= threshold ? 1 : 0)).ToArray(), mask, width, height), scores.Adaptive);
        Assert.Equal(Reference(prediction.Select(u => (byte)(normalised[u] > 0.5 ? 1 : 0)).ToArray(), mask, width, height), scores.Binary);
    }

    [Fact]
    public void Sobel_edges_follow_SciPys_byte_wrapped_sums_on_random_masks()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var width = 1 + random.Next(12);
            var height = 1 + random.Next(12);
            var density = random.NextDouble();
            var mask = Enumerable.Range(0, width * height).Select(_ => (byte)(random.NextDouble() < density ? 1 : 0)).ToArray();
            var edges = new byte[mask.Length];

            SobelEdges.Of(mask, width, height, edges);

            Assert.Equal(ScipyEdges(mask, width, height), edges);
        }
    }

    [Fact]
    public void An_all_true_map_has_edges_on_its_border_only()
    {
        var mask = Enumerable.Repeat((byte)1, 5 * 4).ToArray();
        var edges = new byte[mask.Length];

        SobelEdges.Of(mask, 5, 4, edges);

        Assert.Equal(
            [1, 1, 1, 1, 1,
             1, 0, 0, 0, 1,
             1, 0, 0, 0, 1,
             1, 1, 1, 1, 1],
            edges);
    }

    /// <summary>MSIoU of one binary map, step by step as multiscale_iou.py computes it.</summary>
    private static double Reference(byte[] map, byte[] truth, int width, int height)
    {
        var predictionEdges = ScipyEdges(map, width, height);
        var truthEdges = ScipyEdges(truth, width, height);
        var ratios = new double[10];
        for (var k = 0; k < 10; k++)
        {
            var p = Shrink(predictionEdges, width, height, 1 << k);
            var g = Shrink(truthEdges, width, height, 1 << k);
            var numerator = p.Zip(g).Count(c => c.First != 0 && c.Second != 0) + 1;
            ratios[k] = numerator / (HalfSum(g) + 1);
        }

        var terms = new double[9];
        for (var k = 0; k < 9; k++)
        {
            terms[k] = ((1.0 / 9) * (ratios[k + 1] + ratios[k])) / 2.0;
        }

        return (((terms[0] + terms[1]) + (terms[2] + terms[3])) + ((terms[4] + terms[5]) + (terms[6] + terms[7]))) + terms[8];
    }

    /// <summary>
    /// scipy.ndimage.sobel on a boolean array: correlate1d([-1, 0, 1]) along one axis, then ([1, 2, 1]) along the
    /// other, each result stored as an unsigned byte (a C cast, i.e. mod 256), zero outside; an edge where either
    /// axis is non-zero.
    /// </summary>
    private static byte[] ScipyEdges(byte[] mask, int width, int height)
    {
        int At(byte[] a, int y, int x) => y >= 0 && y < height && x >= 0 && x < width ? a[(y * width) + x] : 0;
        byte Wrap(int v) => (byte)(((v % 256) + 256) % 256);
        var rowsFirst = new byte[mask.Length];
        var columnsFirst = new byte[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                rowsFirst[(y * width) + x] = Wrap(At(mask, y + 1, x) - At(mask, y - 1, x));
                columnsFirst[(y * width) + x] = Wrap(At(mask, y, x + 1) - At(mask, y, x - 1));
            }
        }

        var edges = new byte[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sx = Wrap(At(rowsFirst, y, x - 1) + (2 * At(rowsFirst, y, x)) + At(rowsFirst, y, x + 1));
                var sy = Wrap(At(columnsFirst, y - 1, x) + (2 * At(columnsFirst, y, x)) + At(columnsFirst, y + 1, x));
                edges[(y * width) + x] = (byte)(sx != 0 || sy != 0 ? 1 : 0);
            }
        }

        return edges;
    }

    /// <summary>shrink_by_grid: pad with zeros at the top and left to a multiple of the cell, then "any" per cell.</summary>
    private static byte[] Shrink(byte[] edges, int width, int height, int cell)
    {
        var padTop = (cell - (height % cell)) % cell;
        var padLeft = (cell - (width % cell)) % cell;
        var rows = (height + padTop) / cell;
        var columns = (width + padLeft) / cell;
        var shrunk = new byte[rows * columns];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (edges[(y * width) + x] != 0)
                {
                    shrunk[(((y + padTop) / cell) * columns) + ((x + padLeft) / cell)] = 1;
                }
            }
        }

        return shrunk;
    }

    /// <summary>numpy's float16 sum: per 8192 values, add the chunk's count and round to 11 significant bits (half to even).</summary>
    private static double HalfSum(byte[] ones)
    {
        var sum = 0.0;
        for (var start = 0; start < ones.Length; start += 8192)
        {
            sum = RoundToHalf(sum + ones.Skip(start).Take(8192).Count(v => v != 0));
        }

        return sum;
    }

    private static double RoundToHalf(double value)
    {
        if (value < 2048)
        {
            return value;
        }

        var exponent = (int)Math.Floor(Math.Log2(value));
        var step = Math.ScaleB(1.0, exponent - 10);
        var rounded = Math.Round(value / step, MidpointRounding.ToEven) * step;
        return rounded >= 65520 ? double.PositiveInfinity : rounded;
    }
}
