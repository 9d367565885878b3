namespace CoSod.Tests.Metrics;

/// <summary>
/// A slow, literal reading of metrics-spec.md section 3 for small images: plain sequential sums, a brute-force
/// nearest-foreground search and a direct 7x7 two-dimensional convolution. It shares no code with the port, so
/// agreement to ~1e-12 checks the port's structure (blocks, weights, branches, tie rule, padding), not its
/// last-bit summation order.
/// </summary>
internal static class NaivePySod
{
    public const double Eps = 2.220446049250313e-16;

    /// <summary>u / 255, then min-max unless constant.</summary>
    public static double[] Normalise(byte[] prediction)
    {
        var p = prediction.Select(u => u / 255.0).ToArray();
        double lo = p.Min(), hi = p.Max();
        return hi != lo ? p.Select(v => (v - lo) / (hi - lo)).ToArray() : p;
    }

    public static bool[] Binarise(byte[] groundTruth) => groundTruth.Select(g => g > 128).ToArray();

    public static double Mae(double[] p, bool[] g) => p.Select((v, i) => Math.Abs(v - (g[i] ? 1.0 : 0.0))).Sum() / p.Length;

    public static double SMeasure(
        double[] p, bool[] g, int width, int height, MidpointRounding rounding = MidpointRounding.ToEven)
    {
        var n = p.Length;
        var fg = g.Count(b => b);
        if (fg == 0)
        {
            return 1 - (p.Sum() / n);
        }

        if (fg == n)
        {
            return p.Sum() / n;
        }

        var y = fg / (double)n;
        var inside = p.Where((_, i) => g[i]).ToArray();
        var outside = p.Where((_, i) => !g[i]).Select(v => 1 - v).ToArray();
        var objectScore = (y * ObjectSimilarity(inside)) + ((1 - y) * ObjectSimilarity(outside));

        double rowSum = 0, columnSum = 0;
        for (var i = 0; i < n; i++)
        {
            if (g[i])
            {
                rowSum += i / width;
                columnSum += i % width;
            }
        }

        var cy = (int)Math.Round(rowSum / fg, rounding) + 1;
        var cx = (int)Math.Round(columnSum / fg, rounding) + 1;
        var area = (double)n;
        var wLt = cx * cy / area;
        var wRt = cy * (width - cx) / area;
        var wLb = (height - cy) * cx / area;
        var wRb = 1 - wLt - wRt - wLb;
        var region = (wLt * Ssim(p, g, width, 0, cy, 0, cx))
            + (wRt * Ssim(p, g, width, 0, cy, cx, width))
            + (wLb * Ssim(p, g, width, cy, height, 0, cx))
            + (wRb * Ssim(p, g, width, cy, height, cx, width));
        var sm = (0.5 * objectScore) + (0.5 * region);
        return double.IsNaN(sm) ? double.NaN : Math.Max(0, sm);
    }

    private static double ObjectSimilarity(double[] v)
    {
        var m = v.Average();
        var s = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1)) : 0.0;
        return 2 * m / ((m * m) + 1 + s + Eps);
    }

    private static double Ssim(double[] p, bool[] g, int width, int r0, int r1, int c0, int c1)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var r = r0; r < r1; r++)
        {
            for (var c = c0; c < c1; c++)
            {
                xs.Add(p[(r * width) + c]);
                ys.Add(g[(r * width) + c] ? 1.0 : 0.0);
            }
        }

        var n = xs.Count;
        if (n == 0)
        {
            return double.NaN;
        }

        double mx = xs.Average(), my = ys.Average();
        double vx = 0, vy = 0, cxy = 0;
        for (var i = 0; i < n; i++)
        {
            vx += (xs[i] - mx) * (xs[i] - mx);
            vy += (ys[i] - my) * (ys[i] - my);
            cxy += (xs[i] - mx) * (ys[i] - my);
        }

        vx /= n - 1 + Eps;
        vy /= n - 1 + Eps;
        cxy /= n - 1 + Eps;
        var a = 4 * mx * my * cxy;
        var b = ((mx * mx) + (my * my)) * (vx + vy);
        if (a != 0)
        {
            return a / (b + Eps);
        }

        return b == 0 ? 1 : 0;
    }

    /// <summary>Nearest foreground pixel, smallest column then smallest row on ties.</summary>
    public static int Nearest(bool[] g, int width, int i)
    {
        int y = i / width, x = i % width;
        long best = long.MaxValue;
        var bestIndex = -1;
        for (var j = 0; j < g.Length; j++)
        {
            if (!g[j])
            {
                continue;
            }

            int fy = j / width, fx = j % width;
            long d = ((long)(fy - y) * (fy - y)) + ((long)(fx - x) * (fx - x));
            if (d < best || (d == best && (fx < bestIndex % width || (fx == bestIndex % width && fy < bestIndex / width))))
            {
                best = d;
                bestIndex = j;
            }
        }

        return bestIndex;
    }

    public static double WeightedF(double[] p, bool[] g, int width, int height)
    {
        var n = p.Length;
        var fg = g.Count(b => b);
        if (fg == 0)
        {
            return 0;
        }

        var e = p.Select((v, i) => Math.Abs(v - (g[i] ? 1.0 : 0.0))).ToArray();
        var et = new double[n];
        var dist = new double[n];
        for (var i = 0; i < n; i++)
        {
            var j = g[i] ? i : Nearest(g, width, i);
            et[i] = e[j];
            double dy = (i / width) - (j / width), dx = (i % width) - (j % width);
            dist[i] = Math.Sqrt((dy * dy) + (dx * dx));
        }

        var kernel = new double[7, 7];
        var kernelSum = 0.0;
        for (var dy = -3; dy <= 3; dy++)
        {
            for (var dx = -3; dx <= 3; dx++)
            {
                kernel[dy + 3, dx + 3] = Math.Exp(-((dx * dx) + (dy * dy)) / 50.0);
                kernelSum += kernel[dy + 3, dx + 3];
            }
        }

        double insideSum = 0, outsideSum = 0;
        for (var i = 0; i < n; i++)
        {
            int y = i / width, x = i % width;
            var ea = 0.0;
            for (var dy = -3; dy <= 3; dy++)
            {
                for (var dx = -3; dx <= 3; dx++)
                {
                    int yy = y + dy, xx = x + dx;
                    if (yy >= 0 && yy < height && xx >= 0 && xx < width)
                    {
                        ea += kernel[dy + 3, dx + 3] / kernelSum * et[(yy * width) + xx];
                    }
                }
            }

            var m = g[i] && ea < e[i] ? ea : e[i];
            var bw = g[i] ? 1.0 : 2 - Math.Exp(Math.Log(0.5) / 5 * dist[i]);
            if (g[i])
            {
                insideSum += m * bw;
            }
            else
            {
                outsideSum += m * bw;
            }
        }

        var tpw = fg - insideSum;
        var r = 1 - (insideSum / fg);
        var pr = tpw / (tpw + outsideSum + Eps);
        return 2 * r * pr / (r + pr + Eps);
    }
}
