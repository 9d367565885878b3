using CoSod.Metrics.PySod;

namespace CoSod.Tests.Metrics;

/// <summary>
/// The exact feature transform against an O(N^2) search that applies scipy's tie rule literally: among the
/// foreground pixels at the smallest squared distance, the smallest column wins, then the smallest row.
/// </summary>
public sealed class EuclideanDistanceTransformTests
{
    private static (int[] Nearest, int Ties) BruteForce(byte[] mask, int width)
    {
        var foreground = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                foreground.Add(i);
            }
        }

        var nearest = new int[mask.Length];
        var ties = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            int y = i / width, x = i % width;
            long best = long.MaxValue;
            int bestIndex = -1, bestCount = 0;
            foreach (var j in foreground)
            {
                int fy = j / width, fx = j % width;
                long d = ((long)(fy - y) * (fy - y)) + ((long)(fx - x) * (fx - x));
                if (d < best)
                {
                    best = d;
                    bestIndex = j;
                    bestCount = 1;
                    continue;
                }

                if (d == best)
                {
                    bestCount++;
                    int by = bestIndex / width, bx = bestIndex % width;
                    if (fx < bx || (fx == bx && fy < by))
                    {
                        bestIndex = j;
                    }
                }
            }

            if (bestCount > 1)
            {
                ties++;
            }

            nearest[i] = bestIndex;
        }

        return (nearest, ties);
    }

    private static void AssertMatchesBruteForce(byte[] mask, int width, int height, string label)
    {
        var actual = EuclideanDistanceTransform.NearestForeground(mask, width, height);
        var (expected, _) = BruteForce(mask, width);
        Assert.Equal(mask.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail(
                    $"{label} ({width}x{height}): pixel (row {i / width}, col {i % width}) expected nearest "
                    + $"(row {expected[i] / width}, col {expected[i] % width}), got (row {actual[i] / width}, "
                    + $"col {actual[i] % width})");
            }
        }
    }

    private static byte[] RandomMask(Random random, int width, int height, double density)
    {
        var mask = new byte[width * height];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        }

        if (Array.IndexOf(mask, (byte)1) < 0)
        {
            mask[random.Next(mask.Length)] = 1;
        }

        return mask;
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 0; seed < 40; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomMasksOfEveryDensityMatchTheBruteForceSearch(int seed)
    {
        var random = new Random(seed);
        foreach (var density in new[] { 0.002, 0.01, 0.05, 0.2, 0.5, 0.9, 0.99 })
        {
            var width = random.Next(1, 41);
            var height = random.Next(1, 31);
            AssertMatchesBruteForce(RandomMask(random, width, height, density), width, height, $"seed {seed} density {density}");
        }
    }

    [Fact]
    public void SinglePixelFullOneColumnAndOneRowMasksMatch()
    {
        var random = new Random(7);
        foreach (var (width, height) in new[] { (1, 1), (1, 2), (2, 1), (37, 29), (40, 30), (1, 30), (40, 1), (13, 7) })
        {
            for (var k = 0; k < 6; k++)
            {
                var single = new byte[width * height];
                single[random.Next(single.Length)] = 1;
                AssertMatchesBruteForce(single, width, height, "single pixel");
            }

            var full = Enumerable.Repeat((byte)1, width * height).ToArray();
            AssertMatchesBruteForce(full, width, height, "full");
            var fullResult = EuclideanDistanceTransform.NearestForeground(full, width, height);
            Assert.Equal(Enumerable.Range(0, width * height), fullResult);

            var column = new byte[width * height];
            var c = random.Next(width);
            for (var y = 0; y < height; y++)
            {
                column[(y * width) + c] = 1;
            }

            AssertMatchesBruteForce(column, width, height, "one column");

            var row = new byte[width * height];
            var r = random.Next(height);
            row.AsSpan(r * width, width).Fill(1);
            AssertMatchesBruteForce(row, width, height, "one row");

            // Two far corners only: every pixel on the anti-diagonal bisector is a tie.
            var corners = new byte[width * height];
            corners[0] = 1;
            corners[^1] = 1;
            AssertMatchesBruteForce(corners, width, height, "two corners");
        }
    }

    [Fact]
    public void TieRuleIsSmallestColumnThenSmallestRow()
    {
        // 5x5, foreground at left (row 2, col 0) and right (row 2, col 4), and top/bottom of column 2:
        // the centre (2, 2) is at distance 2 from all four; the smallest column is 0.
        const int W = 5, H = 5;
        var mask = new byte[W * H];
        mask[(2 * W) + 0] = 1;
        mask[(2 * W) + 4] = 1;
        mask[(0 * W) + 2] = 1;
        mask[(4 * W) + 2] = 1;
        var nearest = EuclideanDistanceTransform.NearestForeground(mask, W, H);
        Assert.Equal((2 * W) + 0, nearest[(2 * W) + 2]);

        // Same column, above and below: the smaller row wins.
        var vertical = new byte[W * H];
        vertical[(0 * W) + 2] = 1;
        vertical[(4 * W) + 2] = 1;
        nearest = EuclideanDistanceTransform.NearestForeground(vertical, W, H);
        Assert.Equal((0 * W) + 2, nearest[(2 * W) + 2]);

        // Diagonal tie: (row 0, col 3) and (row 3, col 0) from (row 1, col 1) are both at squared distance 5
        // (dx 2, dy 1 vs dx 1, dy 2); column 0 wins although its row is larger.
        var diagonal = new byte[W * H];
        diagonal[(0 * W) + 3] = 1;
        diagonal[(3 * W) + 0] = 1;
        nearest = EuclideanDistanceTransform.NearestForeground(diagonal, W, H);
        Assert.Equal((3 * W) + 0, nearest[(1 * W) + 1]);
    }

    [Fact]
    public void MasksBuiltForTiesMatchTheBruteForceSearch()
    {
        var totalTies = 0;
        var random = new Random(2024);

        // Regular lattices: every cell centre is equidistant from several lattice points.
        foreach (var (width, height) in new[] { (40, 30), (39, 29), (17, 23), (31, 31), (8, 40) })
        {
            foreach (var (sx, sy) in new[] { (2, 2), (3, 3), (4, 2), (2, 4), (5, 5), (6, 4), (7, 7), (10, 10) })
            {
                foreach (var (ox, oy) in new[] { (0, 0), (1, 0), (0, 1), (2, 3) })
                {
                    var mask = new byte[width * height];
                    for (var y = oy; y < height; y += sy)
                    {
                        for (var x = ox; x < width; x += sx)
                        {
                            mask[(y * width) + x] = 1;
                        }
                    }

                    if (Array.IndexOf(mask, (byte)1) < 0)
                    {
                        continue;
                    }

                    totalTies += BruteForce(mask, width).Ties;
                    AssertMatchesBruteForce(mask, width, height, $"lattice {sx}x{sy}+({ox},{oy})");
                }
            }
        }

        // Pythagorean ties around random centres: squared distance 25 from (5,0), (0,5), (3,4), (4,3) and
        // mirror images, 50 from (5,5), (1,7), (7,1); some of the candidates fall outside the image.
        var offsets25 = new (int Dx, int Dy)[] { (5, 0), (-5, 0), (0, 5), (0, -5), (3, 4), (-3, 4), (3, -4), (-3, -4), (4, 3), (-4, 3), (4, -3), (-4, -3) };
        var offsets50 = new (int Dx, int Dy)[] { (5, 5), (-5, 5), (5, -5), (-5, -5), (1, 7), (-1, 7), (1, -7), (-1, -7), (7, 1), (-7, 1), (7, -1), (-7, -1) };
        for (var k = 0; k < 120; k++)
        {
            var width = random.Next(3, 41);
            var height = random.Next(3, 31);
            var mask = new byte[width * height];
            var centres = random.Next(1, 4);
            for (var c = 0; c < centres; c++)
            {
                int cx = random.Next(width), cy = random.Next(height);
                var offsets = random.Next(2) == 0 ? offsets25 : offsets50;
                foreach (var (dx, dy) in offsets)
                {
                    if (random.NextDouble() < 0.6)
                    {
                        int x = cx + dx, y = cy + dy;
                        if (x >= 0 && x < width && y >= 0 && y < height)
                        {
                            mask[(y * width) + x] = 1;
                        }
                    }
                }
            }

            // Symmetric pairs about random points on both axes.
            for (var p = 0; p < 3; p++)
            {
                int cx = random.Next(width), cy = random.Next(height), d = random.Next(1, 6);
                foreach (var (x, y) in new[] { (cx - d, cy), (cx + d, cy), (cx, cy - d), (cx, cy + d) })
                {
                    if (x >= 0 && x < width && y >= 0 && y < height && random.NextDouble() < 0.75)
                    {
                        mask[(y * width) + x] = 1;
                    }
                }
            }

            if (Array.IndexOf(mask, (byte)1) < 0)
            {
                mask[random.Next(mask.Length)] = 1;
            }

            totalTies += BruteForce(mask, width).Ties;
            AssertMatchesBruteForce(mask, width, height, $"tie mask {k}");
        }

        // The masks must really exercise the tie rule.
        Assert.True(totalTies > 5000, $"only {totalTies} tied pixels were generated");
    }
}
