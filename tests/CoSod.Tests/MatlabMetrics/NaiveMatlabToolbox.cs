namespace CoSod.Tests.MatlabMetrics;

/// <summary>
/// A slow, literal reading of the toolbox's statements (metrics-spec.md 8.3-8.5) on H x W arrays indexed
/// [row, column]: binary maps built per threshold, per-pixel alignment matrices, blocks copied out, and every
/// reduction written as Octave runs it (one accumulator, column-major; <c>sum(sum(X))</c> as column sums then their
/// sum). It shares no code with the port, so agreement checks the port's counting, branching and block layout.
/// </summary>
internal static class NaiveMatlabToolbox
{
    public const double Eps = 2.220446049250313e-16;

    public static double[,] FromRowMajor(double[] values, int width, int height)
    {
        var m = new double[height, width];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                m[r, c] = values[(r * width) + c];
            }
        }

        return m;
    }

    public static bool[,] FromRowMajor(bool[] values, int width, int height)
    {
        var m = new bool[height, width];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                m[r, c] = values[(r * width) + c];
            }
        }

        return m;
    }

    /// <summary><c>reshape(mapminmax(x(:)', 0, 1), size(x))</c>, R2012+ semantics.</summary>
    public static double[,] MapMinMax(double[,] x)
    {
        var values = ColumnMajor(x).ToList();
        double lo = values.Min(), hi = values.Max();
        if (hi == lo)
        {
            return (double[,])x.Clone();
        }

        var gain = 1.0 / (hi - lo);
        var y = new double[x.GetLength(0), x.GetLength(1)];
        for (var r = 0; r < x.GetLength(0); r++)
        {
            for (var c = 0; c < x.GetLength(1); c++)
            {
                y[r, c] = ((x[r, c] - lo) * gain) + 0.0;
            }
        }

        return y;
    }

    public static IEnumerable<double> ColumnMajor(double[,] m)
    {
        for (var c = 0; c < m.GetLength(1); c++)
        {
            for (var r = 0; r < m.GetLength(0); r++)
            {
                yield return m[r, c];
            }
        }
    }

    public static double Sum(IEnumerable<double> values)
    {
        var s = 0.0;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }

    public static double Mean2(double[,] m) => Sum(ColumnMajor(m)) / m.Length;

    /// <summary><c>sum(sum(M))</c>: a row vector of column sums, then its sum.</summary>
    public static double SumSum(double[,] m)
    {
        var columnSums = new double[m.GetLength(1)];
        for (var c = 0; c < m.GetLength(1); c++)
        {
            var s = 0.0;
            for (var r = 0; r < m.GetLength(0); r++)
            {
                s += m[r, c];
            }

            columnSums[c] = s;
        }

        return Sum(columnSums);
    }

    public static double[,] ToDouble(bool[,] g) => Map(g, b => b ? 1.0 : 0.0);

    public static double Mae(double[,] p, bool[,] g)
    {
        var d = ToDouble(g);
        var e = new double[p.GetLength(0), p.GetLength(1)];
        for (var r = 0; r < p.GetLength(0); r++)
        {
            for (var c = 0; c < p.GetLength(1); c++)
            {
                e[r, c] = Math.Abs(d[r, c] - p[r, c]);
            }
        }

        return Mean2(e);
    }

    /// <summary>Fmeasure_calu: threshold capped at 1, binary = p &gt;= t, all zero when nothing true is selected.</summary>
    public static (double P, double R, double F) FmeasureCalu(double[,] p, bool[,] g, double threshold)
    {
        if (threshold > 1)
        {
            threshold = 1;
        }

        int selected = 0, and = 0, objectPixels = 0;
        for (var r = 0; r < p.GetLength(0); r++)
        {
            for (var c = 0; c < p.GetLength(1); c++)
            {
                var on = p[r, c] >= threshold;
                selected += on ? 1 : 0;
                and += on && g[r, c] ? 1 : 0;
                objectPixels += g[r, c] ? 1 : 0;
            }
        }

        if (and == 0)
        {
            return (0, 0, 0);
        }

        var precision = and / (double)selected;
        var recall = and / (double)objectPixels;
        return (precision, recall, 1.3 * precision * recall / ((.3 * precision) + recall));
    }

    /// <summary>main.m's E binarisation (p &gt; t, not capped) and Enhancedmeasure, summed per pixel.</summary>
    public static double Emeasure(double[,] p, bool[,] g, double threshold)
    {
        var fm = Map(p, v => v > threshold ? 1.0 : 0.0);
        var gt = ToDouble(g);
        var enhanced = new double[p.GetLength(0), p.GetLength(1)];
        var objectPixels = Sum(ColumnMajor(gt));
        if (objectPixels == 0)
        {
            enhanced = Map(fm, v => 1.0 - v);
        }
        else if (objectPixels == gt.Length)
        {
            enhanced = fm;
        }
        else
        {
            double muFm = Mean2(fm), muGt = Mean2(gt);
            for (var r = 0; r < p.GetLength(0); r++)
            {
                for (var c = 0; c < p.GetLength(1); c++)
                {
                    double a = fm[r, c] - muFm, b = gt[r, c] - muGt;
                    var align = 2 * (b * a) / ((b * b) + (a * a) + Eps);
                    enhanced[r, c] = (align + 1) * (align + 1) / 4;
                }
            }
        }

        return Sum(ColumnMajor(enhanced)) / (p.Length - 1 + Eps);
    }

    /// <summary>
    /// StructureMeasure with S_object and S_region. <paramref name="pySodCentroid"/> swaps in PySODMetrics' split
    /// (0-based mean rounded half to even, plus 1), for contrast tests only.
    /// </summary>
    public static double SMeasure(double[,] p, bool[,] g, bool pySodCentroid = false)
    {
        var y = Mean2(ToDouble(g));
        if (y == 0)
        {
            return 1.0 - Mean2(p);
        }

        if (y == 1)
        {
            return Mean2(p);
        }

        var q = (0.5 * SObject(p, g)) + (0.5 * SRegion(p, g, pySodCentroid));
        return q < 0 ? 0 : q;
    }

    /// <summary>1-based split column X and row Y.</summary>
    public static (int X, int Y) Centroid(bool[,] g, bool pySodCentroid = false)
    {
        int rows = g.GetLength(0), cols = g.GetLength(1);
        double total = 0, xs = 0, ys = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                if (g[r, c])
                {
                    total++;
                    xs += c + 1;
                    ys += r + 1;
                }
            }
        }

        if (pySodCentroid)
        {
            // (xs - total) / total is the 0-based mean.
            return ((int)Math.Round((xs - total) / total, MidpointRounding.ToEven) + 1,
                (int)Math.Round((ys - total) / total, MidpointRounding.ToEven) + 1);
        }

        return ((int)Math.Round(xs / total, MidpointRounding.AwayFromZero),
            (int)Math.Round(ys / total, MidpointRounding.AwayFromZero));
    }

    private static double SObject(double[,] p, bool[,] g)
    {
        var inside = new List<double>();
        var outside = new List<double>();
        for (var c = 0; c < p.GetLength(1); c++)
        {
            for (var r = 0; r < p.GetLength(0); r++)
            {
                if (g[r, c])
                {
                    inside.Add(p[r, c]);
                }
                else
                {
                    outside.Add(1.0 - p[r, c]);
                }
            }
        }

        var u = Mean2(ToDouble(g));
        return (u * ObjectTerm(inside)) + ((1 - u) * ObjectTerm(outside));
    }

    private static double ObjectTerm(List<double> v)
    {
        var x = Sum(v) / v.Count;
        var sigma = 0.0;
        if (v.Count > 1)
        {
            var mu = Sum(v) / v.Count;
            sigma = Math.Sqrt(Sum(v.Select(e => (e - mu) * (e - mu))) / (v.Count - 1));
        }

        return 2.0 * x / ((x * x) + 1.0 + sigma + Eps);
    }

    private static double SRegion(double[,] p, bool[,] g, bool pySodCentroid)
    {
        var (x, y) = Centroid(g, pySodCentroid);
        int hei = p.GetLength(0), wid = p.GetLength(1);
        double area = wid * hei;
        var w1 = x * y / area;
        var w2 = (wid - x) * y / area;
        var w3 = x * (hei - y) / area;
        var w4 = 1.0 - w1 - w2 - w3;
        var q1 = Ssim(Block(p, 0, y, 0, x), Block(ToDouble(g), 0, y, 0, x));
        var q2 = Ssim(Block(p, 0, y, x, wid), Block(ToDouble(g), 0, y, x, wid));
        var q3 = Ssim(Block(p, y, hei, 0, x), Block(ToDouble(g), y, hei, 0, x));
        var q4 = Ssim(Block(p, y, hei, x, wid), Block(ToDouble(g), y, hei, x, wid));
        return (w1 * q1) + (w2 * q2) + (w3 * q3) + (w4 * q4);
    }

    public static double Ssim(double[,] p, double[,] g)
    {
        var n = (double)p.Length;
        var x = Mean2(p);
        var y = Mean2(g);
        var sx = SumSum(Map(p, v => (v - x) * (v - x))) / (n - 1 + Eps);
        var sy = SumSum(Map(g, v => (v - y) * (v - y))) / (n - 1 + Eps);
        var product = new double[p.GetLength(0), p.GetLength(1)];
        for (var r = 0; r < p.GetLength(0); r++)
        {
            for (var c = 0; c < p.GetLength(1); c++)
            {
                product[r, c] = (p[r, c] - x) * (g[r, c] - y);
            }
        }

        var sxy = SumSum(product) / (n - 1 + Eps);
        var alpha = 4 * x * y * sxy;
        var beta = ((x * x) + (y * y)) * (sx + sy);
        if (alpha != 0)
        {
            return alpha / (beta + Eps);
        }

        return beta == 0 ? 1.0 : 0.0;
    }

    public static double[,] Block(double[,] m, int r0, int r1, int c0, int c1)
    {
        var b = new double[Math.Max(r1 - r0, 0), Math.Max(c1 - c0, 0)];
        for (var r = r0; r < r1; r++)
        {
            for (var c = c0; c < c1; c++)
            {
                b[r - r0, c - c0] = m[r, c];
            }
        }

        return b;
    }

    private static double[,] Map<T>(T[,] m, Func<T, double> f)
    {
        var result = new double[m.GetLength(0), m.GetLength(1)];
        for (var r = 0; r < m.GetLength(0); r++)
        {
            for (var c = 0; c < m.GetLength(1); c++)
            {
                result[r, c] = f(m[r, c]);
            }
        }

        return result;
    }
}
