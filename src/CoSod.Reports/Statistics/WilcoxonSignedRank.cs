using MathNet.Numerics.Distributions;

namespace CoSod.Reports.Statistics;

/// <summary>The two-sided Wilcoxon signed-rank test of paired samples, and how its p-value was obtained.</summary>
public sealed record WilcoxonResult(double Statistic, double PValue, int PairsUsed, int ZerosDropped, bool Exact);

/// <summary>
/// The Wilcoxon signed-rank test as <c>scipy.stats.wilcoxon(x, y)</c> computes it with its defaults (scipy 1.10):
/// zero differences are dropped (zero_method "wilcox"), the statistic is min(R+, R-), the p-value is exact for
/// up to 50 pairs when no zero was dropped (scipy 1.10 keeps the exact distribution when |differences| tie, and
/// then reads it at the integer part of R+), and otherwise comes from the normal approximation with the tie
/// correction of the variance and no continuity correction. MathNet.Numerics has no such test; its normal
/// distribution supplies the tail.
/// </summary>
public static class WilcoxonSignedRank
{
    /// <summary>scipy switches from the exact distribution to the normal approximation above this many pairs.</summary>
    public const int ExactLimit = 50;

    public static WilcoxonResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Paired samples need equal sizes, got {x.Count} and {y.Count}.");
        }

        var differences = new List<double>(x.Count);
        for (var i = 0; i < x.Count; i++)
        {
            differences.Add(x[i] - y[i]);
        }

        var zeros = differences.Count(d => d == 0);
        differences.RemoveAll(d => d == 0);
        var n = differences.Count;
        if (n == 0)
        {
            throw new ArgumentException("Every paired difference is zero: the test is undefined.");
        }

        var ranks = AverageRanks(differences.Select(Math.Abs).ToArray(), out var tieGroups);
        double rankPlus = 0, rankMinus = 0;
        for (var i = 0; i < n; i++)
        {
            if (differences[i] > 0)
            {
                rankPlus += ranks[i];
            }
            else
            {
                rankMinus += ranks[i];
            }
        }

        var statistic = Math.Min(rankPlus, rankMinus);
        var exact = n <= ExactLimit && zeros == 0;
        double p;
        if (exact)
        {
            var max = n * (n + 1) / 2;
            var plus = (int)Math.Floor(rankPlus);
            p = rankPlus == max / 2
                ? 1.0
                : Math.Min(1.0, 2 * Math.Min(ExactLowerTail(n, plus), ExactLowerTail(n, max - plus)));
        }
        else
        {
            var mean = n * (n + 1) * 0.25;
            var variance = n * (n + 1) * ((2.0 * n) + 1);
            foreach (var t in tieGroups)
            {
                variance -= 0.5 * t * ((t * (double)t) - 1);
            }

            var z = (statistic - mean) / Math.Sqrt(variance / 24);
            p = 2 * Normal.CDF(0, 1, -Math.Abs(z));
        }

        return new WilcoxonResult(statistic, p, n, zeros, exact);
    }

    /// <summary>P(T &lt;= t) under the null, T the sum of a random subset of the ranks 1..n (each subset equally likely).</summary>
    private static double ExactLowerTail(int n, int t)
    {
        var max = n * (n + 1) / 2;
        var counts = new double[max + 1];
        counts[0] = 1;
        for (var rank = 1; rank <= n; rank++)
        {
            for (var s = max; s >= rank; s--)
            {
                counts[s] += counts[s - rank];
            }
        }

        double below = 0;
        for (var s = 0; s <= Math.Min(t, max); s++)
        {
            below += counts[s];
        }

        return below / Math.Pow(2, n);
    }

    /// <summary>Ranks 1..n with ties sharing their average rank; the sizes of the tie groups (2 or more).</summary>
    private static double[] AverageRanks(double[] values, out List<int> tieGroups)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        tieGroups = [];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var rank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            if (end > start)
            {
                tieGroups.Add(end - start + 1);
            }

            start = end + 1;
        }

        return ranks;
    }
}
