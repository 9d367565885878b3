using System.Text.Json;
using CoSod.Metrics.PySod;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Metrics;

/// <summary>
/// The FmeasureV2 handlers, the test suite's AUC and numpy's float16 sum against the values PySODMetrics 1.6.2 and
/// numpy printed for them (PySodVectors/make_vectors.py), compared bit for bit.
/// </summary>
public sealed class ConfusionHandlersTests
{
    private static readonly Lazy<JsonDocument> Vectors = new(() => SharedFixtures.ReadJson(
        Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Metrics", "PySodVectors", "vectors.json")));

    private static JsonElement Root => Vectors.Value.RootElement;

    [Fact]
    public void Every_handler_gives_PySODMetrics_double_on_small_zero_and_dataset_sized_counts()
    {
        var checkedValues = 0;
        foreach (var vector in Root.GetProperty("handlers").EnumerateArray())
        {
            var tp = Int128.Parse(vector.GetProperty("tp").GetString()!);
            var fp = Int128.Parse(vector.GetProperty("fp").GetString()!);
            var tn = Int128.Parse(vector.GetProperty("tn").GetString()!);
            var fn = Int128.Parse(vector.GetProperty("fn").GetString()!);
            var values = vector.GetProperty("values");
            foreach (var handler in ConfusionHandlers.All)
            {
                var expected = values.GetProperty(ConfusionHandlers.Key(handler));
                if (expected.ValueKind == JsonValueKind.String)
                {
                    // PySODMetrics raises (kappa's numerator past uint64): we say so, and compute it exactly.
                    Assert.Equal(ConfusionHandler.Kappa, handler);
                    Assert.True(ConfusionHandlers.KappaOverflowsInPySodMetrics(tp, fp, tn, fn));
                    continue;
                }

                Assert.Equal(expected.GetDouble(), ConfusionHandlers.Value(handler, tp, fp, tn, fn));
                checkedValues++;
            }

            if (values.GetProperty("kappa").ValueKind != JsonValueKind.String)
            {
                Assert.False(ConfusionHandlers.KappaOverflowsInPySodMetrics(tp, fp, tn, fn));
            }
        }

        Assert.True(checkedValues > 300, $"{checkedValues} values checked");
    }

    [Fact]
    public void The_all_at_once_and_per_handler_forms_agree_bit_for_bit_on_64_bit_counts()
    {
        var random = new Random(7);
        Span<double> values = stackalloc double[ConfusionHandlers.Count];
        for (var i = 0; i < 2000; i++)
        {
            var scale = i % 3 == 0 ? 3 : 1_000_000;
            var counts = new ConfusionCounts(random.Next(scale), random.Next(scale), random.Next(scale), random.Next(scale));
            ConfusionHandlers.Values(counts.TruePositives, counts.FalsePositives, counts.TrueNegatives, counts.FalseNegatives, values);
            foreach (var handler in ConfusionHandlers.All)
            {
                Assert.Equal(ConfusionHandlers.Value(handler, counts), values[(int)handler]);
                Assert.Equal(
                    ConfusionHandlers.Value(handler, (Int128)counts.TruePositives, counts.FalsePositives, counts.TrueNegatives, counts.FalseNegatives),
                    values[(int)handler]);
            }
        }
    }

    [Fact]
    public void A_128_bit_count_becomes_the_double_Python_rounds_it_to()
    {
        foreach (var conversion in Root.GetProperty("conversions").EnumerateArray())
        {
            var value = Int128.Parse(conversion.GetProperty("value").GetString()!);

            Assert.Equal(conversion.GetProperty("double").GetDouble(), double.CreateChecked(value));
        }
    }

    [Fact]
    public void The_AUC_sorts_x_stably_and_sums_the_trapezoids_as_numpy_does()
    {
        foreach (var auc in Root.GetProperty("aucs").EnumerateArray())
        {
            var y = auc.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var x = auc.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();

            Assert.Equal(auc.GetProperty("auc").GetDouble(), TrapezoidAuc.Of(y, x));
        }
    }

    [Fact]
    public void Tied_x_keep_ascending_threshold_order_which_decides_the_area()
    {
        // Thresholds 0 and 1 tie at x = 1: the stable sort puts threshold 2 (x = 0) first, then 0 and 1, so the only
        // trapezoid with width joins thresholds 2 and 0: (1 - 0) * (0 + 0) / 2 = 0. Visiting the tie the other way
        // round would join threshold 1 (y = 1) and give 0.5.
        double[] x = [1.0, 1.0, 0.0];
        double[] y = [0.0, 1.0, 0.0];

        Assert.Equal(0.0, TrapezoidAuc.Of(y, x));
        Assert.Equal(0.5, TrapezoidAuc.Of([1.0, 0.0, 0.0], x));
    }

    [Fact]
    public void Float16_sums_round_every_8192_values_as_numpy_does()
    {
        foreach (var sum in Root.GetProperty("float16_sums").EnumerateArray())
        {
            var ones = new byte[sum.GetProperty("length").GetInt32()];
            var chunk = 0;
            foreach (var count in sum.GetProperty("ones_per_chunk").EnumerateArray())
            {
                ones.AsSpan(chunk * 8192, count.GetInt32()).Fill(1);
                chunk++;
            }

            var expected = sum.GetProperty("sum").ValueKind == JsonValueKind.String ? double.PositiveInfinity : sum.GetProperty("sum").GetDouble();
            Assert.Equal(expected, MultiScaleEdgeCells.Float16Sum(ones));
        }
    }
}
