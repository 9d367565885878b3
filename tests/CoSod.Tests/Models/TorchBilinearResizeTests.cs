using System.Security.Cryptography;
using System.Text.Json;
using CoSod.Models.Inference;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

/// <summary>
/// The official post-processing resize against PyTorch 1.13 itself (Data/make_interpolate_oracle.py): float32
/// values and the truncated bytes, on up- and down-scales, odd sizes, a same-size copy and a single pixel.
/// </summary>
public sealed class TorchBilinearResizeTests
{
    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Oracle.RootElement.GetProperty("cases").GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static JsonDocument Oracle { get; } = JsonDocument.Parse(File.ReadAllBytes(
        Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Models", "Data", "interpolate-oracle.json")));

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Matches_pytorch_bit_for_bit(int index)
    {
        var entry = Oracle.RootElement.GetProperty("cases")[index];
        int h = entry.GetProperty("input")[0].GetInt32(), w = entry.GetProperty("input")[1].GetInt32();
        int oh = entry.GetProperty("output")[0].GetInt32(), ow = entry.GetProperty("output")[1].GetInt32();
        var input = Values(h, w);

        var resized = TorchBilinearResize.Resize(input, h, w, oh, ow);
        var map = SaliencyMapOutput.ToGreyMap(input, h, w, oh, ow);

        var bytes = new byte[resized.Length * sizeof(float)];
        Buffer.BlockCopy(resized, 0, bytes, 0, bytes.Length);
        Assert.Equal(entry.GetProperty("float32_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(entry.GetProperty("uint8_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(map.Pixels)));
    }

    [Fact]
    public void A_map_of_ones_is_not_all_255_because_the_weights_do_not_sum_to_one()
    {
        // The reason a double-precision or libtorch-2.10 resize cannot stand in: PyTorch 1.13 leaves 3,695 of these
        // 120,000 pixels at 0.99999994, which truncate to 254.
        var ones = Enumerable.Repeat(1f, 256 * 256).ToArray();
        var map = SaliencyMapOutput.ToGreyMap(ones, 256, 256, 300, 400);
        Assert.Equal(3695, map.Pixels.Count(p => p == 254));
        Assert.Equal(120000 - 3695, map.Pixels.Count(p => p == 255));
    }

    /// <summary>The generator of make_interpolate_oracle.py.</summary>
    private static float[] Values(int height, int width)
    {
        var seed = DeterministicWeights.Seed("interpolate");
        var values = new float[height * width];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i % 11 == 0 ? 0f : i % 7 == 0 ? 1f : (float)((DeterministicWeights.Uniform(seed, i) + 1.0) / 2.0);
        }

        return values;
    }
}
