using System.Globalization;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class DeterministicWeightsTests
{
    /// <summary>
    /// The manifests record sums from numpy's pairwise summation; ours adds in index order. Over at most 10^8
    /// terms of magnitude &lt;= 1.25 the two orders differ by far less than this, relative to the sum of |v|.
    /// </summary>
    private const double SumTolerance = 1e-10;

    public static TheoryData<string, string> WeightChecks()
    {
        var data = new TheoryData<string, string>();
        if (!SharedFixtures.Available)
        {
            data.Add("(../shared absent)", string.Empty);
            return data;
        }

        foreach (var manifest in new[] { "gconet_plus", "gconet", "gicd" })
        {
            using var doc = SharedFixtures.ReadJson(SharedFixtures.Under("fixtures", "model-parity", $"{manifest}_manifest.json"));
            foreach (var check in doc.RootElement.GetProperty("weight_checks").EnumerateObject())
            {
                data.Add(manifest, check.Name);
            }
        }

        return data;
    }

    [SharedTheory]
    [MemberData(nameof(WeightChecks))]
    public void The_rule_reproduces_the_manifest_spot_checks(string manifest, string key)
    {
        using var doc = SharedFixtures.ReadJson(SharedFixtures.Under("fixtures", "model-parity", $"{manifest}_manifest.json"));
        var check = doc.RootElement.GetProperty("weight_checks").GetProperty(key);
        var shape = check.TryGetProperty("shape", out var s)
            ? s.EnumerateArray().Select(d => d.GetInt64()).ToArray()
            : ShapeFromListings(key);

        Assert.Equal(check.GetProperty("fnv1a32").GetString(), "0x" + DeterministicWeights.Seed(key).ToString("x", CultureInfo.InvariantCulture));
        var values = DeterministicWeights.Values(key, shape);
        var first = check.GetProperty("first4").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        for (var i = 0; i < first.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(first[i]), BitConverter.SingleToInt32Bits(values[i]));
        }

        double sum = 0, magnitude = 0;
        foreach (var v in values)
        {
            sum += v;
            magnitude += Math.Abs(v);
        }

        Assert.InRange(Math.Abs(sum - check.GetProperty("sum_float64").GetDouble()), 0, SumTolerance * magnitude);
    }

    [Fact]
    public void The_readme_example_is_reproduced_without_shared()
    {
        // README section 1: bb.conv1.0.weight has seed 0x3cfd5652 and starts -0.32549551, -0.18662970, ...
        Assert.Equal(0x3cfd5652u, DeterministicWeights.Seed("bb.conv1.0.weight"));
        var values = DeterministicWeights.Values("bb.conv1.0.weight", [64, 3, 3, 3]);
        Assert.Equal(1728, values.Length);
        Assert.Equal(-0.32549551f, values[0], 7);
        Assert.Equal(-0.18662970f, values[1], 7);
        Assert.Equal(0.00660798f, values[2], 7);
        Assert.Equal(0.20306119f, values[3], 7);
    }

    [Fact]
    public void Each_suffix_gets_its_own_value_rule()
    {
        // Same key stem, so s is the same per index; only the transform differs.
        var s = DeterministicWeights.Uniform(DeterministicWeights.Seed("x.bias"), 0);
        Assert.Equal((float)(0.1 * s), DeterministicWeights.Values("x.bias", [3])[0]);
        var g = DeterministicWeights.Uniform(DeterministicWeights.Seed("bn.weight"), 0);
        Assert.Equal((float)(1.0 + (0.25 * g)), DeterministicWeights.Values("bn.weight", [3])[0]);
        var w = DeterministicWeights.Uniform(DeterministicWeights.Seed("fc.weight"), 0);
        Assert.Equal((float)(2.0 * w / Math.Sqrt(12)), DeterministicWeights.Values("fc.weight", [5, 12])[0]);
        Assert.All(DeterministicWeights.Values("bn.running_var", [100]), v => Assert.InRange(v, 0.75f, 1.25f));
        Assert.Equal(new float[4], DeterministicWeights.Values("bn.num_batches_tracked", [4]));
        Assert.Throws<ArgumentException>(() => DeterministicWeights.Values("alpha", [1]));
    }

    [Fact]
    public void Fill_sets_every_entry_from_its_own_key()
    {
        using var model = new SmallNet();
        DeterministicWeights.Fill(model);
        foreach (var (key, tensor) in model.state_dict())
        {
            if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.Equal(0L, tensor.item<long>());
                continue;
            }

            var expected = DeterministicWeights.Values(key, tensor.shape);
            Assert.Equal(expected, Tensors.Elements<float>(tensor));
        }
    }

    private static long[] ShapeFromListings(string key) =>
        OfficialStateDicts.Models
            .SelectMany(m => OfficialStateDicts.Read(m.Name))
            .First(e => e.Key == key)
            .Shape;
}
