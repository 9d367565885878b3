using CoSod.Reports.Statistics;

namespace CoSod.Tests.Statistics;

/// <summary>
/// Against scipy.stats.wilcoxon(x, y) with its defaults, scipy 1.10.1 (Debian 12's python3-scipy), values
/// printed by that library for these inputs.
/// </summary>
public sealed class WilcoxonSignedRankTests
{
    [Fact]
    public void Small_sample_without_ties_uses_the_exact_distribution()
    {
        var r = WilcoxonSignedRank.Test(
            [0.81, 0.74, 0.93, 0.66, 0.71, 0.88, 0.79, 0.95, 0.62, 0.84],
            [0.78, 0.76, 0.90, 0.61, 0.73, 0.80, 0.77, 0.91, 0.60, 0.79]);

        Assert.Equal(5.0, r.Statistic);
        Assert.Equal(0.01953125, r.PValue, 15);
        Assert.True(r.Exact);
    }

    [Fact]
    public void Zero_differences_are_dropped_and_force_the_normal_approximation()
    {
        var r = WilcoxonSignedRank.Test([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [1, 2, 2, 5, 3, 6, 9, 7, 9, 13, 8, 12]);

        Assert.Equal(13.0, r.Statistic);
        Assert.Equal(0.8643247819597492, r.PValue, 14);
        Assert.Equal(5, r.ZerosDropped);
        Assert.Equal(7, r.PairsUsed);
        Assert.False(r.Exact);
    }

    [Fact]
    public void Ties_keep_the_exact_distribution_read_at_the_integer_part_of_R_plus()
    {
        var floats = WilcoxonSignedRank.Test([0.5, 0.6, 0.7, 0.8, 0.9, 0.4, 0.3, 0.2], [0.4, 0.5, 0.6, 0.9, 0.8, 0.5, 0.1, 0.1]);
        Assert.Equal(7.0, floats.Statistic);
        Assert.Equal(0.1484375, floats.PValue, 15);

        var integers = WilcoxonSignedRank.Test([10, 12, 14, 11, 9, 15, 13, 8], [8, 10, 12, 12, 7, 11, 11, 9]);
        Assert.Equal(3.0, integers.Statistic);
        Assert.Equal(0.0390625, integers.PValue, 15);
        Assert.True(integers.Exact);
    }

    [Fact]
    public void More_than_fifty_pairs_use_the_normal_approximation()
    {
        double[] x = [0.6251, 0.8972, 0.7757, 0.2252, 0.3002, 0.8736, 0.0053, 0.8212, 0.7971, 0.4679, 0.303, 0.2784, 0.2549, 0.4451, 0.5045, 0.5535, 0.9955, 0.7927, 0.6222, 0.989, 0.2153, 0.1602, 0.6125, 0.0439, 0.0357, 0.5149, 0.4662, 0.9172, 0.6292, 0.5141, 0.4969, 0.2475, 0.0118, 0.1924, 0.692, 0.2006, 0.3695, 0.0037, 0.83, 0.1545, 0.2676, 0.8803, 0.5098, 0.8472, 0.6397, 0.7418, 0.0915, 0.5411, 0.5078, 0.8713, 0.3613, 0.5982, 0.0593, 0.3876, 0.323, 0.1502, 0.8163, 0.3794, 0.9787, 0.59];
        double[] y = [0.6113, 0.9274, 0.7725, 0.2516, 0.2608, 0.8646, 0.0155, 0.8861, 0.8744, 0.4217, 0.2833, 0.3307, 0.1753, 0.4419, 0.5196, 0.6364, 1.05, 0.7963, 0.6238, 0.9965, 0.3115, 0.1588, 0.6173, 0.0815, 0.0497, 0.525, 0.4305, 0.9366, 0.627, 0.5924, 0.5496, 0.2663, 0.0652, 0.1954, 0.7646, 0.2203, 0.4187, -0.0408, 0.8673, 0.0901, 0.1858, 0.8851, 0.4848, 0.8754, 0.7719, 0.7202, 0.0803, 0.5714, 0.5525, 0.8825, 0.371, 0.6533, 0.1053, 0.3559, 0.339, 0.172, 0.7836, 0.4124, 0.9558, 0.6586];

        var r = WilcoxonSignedRank.Test(x, y);

        Assert.Equal(550.5, r.Statistic);
        Assert.Equal(0.007289466507597287, r.PValue, 12);
        Assert.False(r.Exact);
    }

    [Fact]
    public void All_zero_differences_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WilcoxonSignedRank.Test([1, 2], [1, 2]));
    }
}
