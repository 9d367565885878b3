using System.Globalization;
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace CoSod.Evaluation.Statistics;

/// <summary>
/// A percentile bootstrap: how many resamples, the seed, the confidence level. Replicate r draws from a
/// generator seeded by (seed, r) alone, so the intervals do not depend on the thread count or the order in which
/// replicates run.
/// </summary>
public sealed record BootstrapSettings(int Resamples = BootstrapSettings.DefaultResamples, int Seed = BootstrapSettings.DefaultSeed, double Level = 0.95)
{
    public const int DefaultResamples = 2000;

    /// <summary>The fewest resamples a percentile interval is worth computing from.</summary>
    public const int MinResamples = 10;

    /// <summary>
    /// The most resamples: replicates are kept until the quantiles are taken (8 bytes per resample and dataset number,
    /// 80 MB for 100 numbers at this bound), and past ~10,000 the interval does not move in its third decimal.
    /// </summary>
    public const int MaxResamples = 100_000;

    public const int DefaultSeed = 20251125;

    public string Describe(string unit) => string.Create(CultureInfo.InvariantCulture,
        $"{Level * 100:0.##}% percentile bootstrap, {Resamples} resamples of {unit}, seed {Seed}");

    /// <summary>Indices 0..count-1 drawn with replacement for replicate <paramref name="replicate"/>.</summary>
    public int[] Draw(int count, int replicate)
    {
        var random = new Xoshiro256StarStar(MixSeed(Seed, replicate), threadSafe: false);
        var indices = new int[count];
        for (var i = 0; i < count; i++)
        {
            indices[i] = random.Next(count);
        }

        return indices;
    }

    /// <summary>The percentile interval of the replicates (numpy's default linear quantile, R7); NaNs are dropped.</summary>
    public (double Low, double High)? Interval(IEnumerable<double> replicates)
    {
        var values = replicates.Where(v => !double.IsNaN(v)).ToArray();
        if (values.Length == 0)
        {
            return null;
        }

        Array.Sort(values);
        var tail = (1 - Level) / 2;
        return (SortedArrayStatistics.QuantileCustom(values, tail, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(values, 1 - tail, QuantileDefinition.R7));
    }

    /// <summary>SplitMix64 of (seed, replicate): nearby replicates get unrelated generator seeds.</summary>
    private static int MixSeed(int seed, int replicate)
    {
        var z = unchecked(((ulong)(uint)seed << 32) + (uint)replicate + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(z ^ (z >> 31)));
    }
}
