using CoSod.Models.Weights;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

// In the libtorch collection, so also one at a time: each full-size file takes about a GiB while it is read.
[Collection(TorchCollection.Name)]
public sealed class GeneratedCheckpointTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, _, _, _) in OfficialStateDicts.Models)
        {
            data.Add(name, "zip");
            data.Add(name, "legacy");
        }

        return data;
    }

    [GeneratedCheckpointTheory]
    [MemberData(nameof(Files))]
    public void A_full_size_checkpoint_reads_bit_for_bit(string model, string format)
    {
        var (path, sha256) = GeneratedCheckpoints.Locate(model, format);
        var spec = OfficialStateDicts.Read(model);
        using var weights = CheckpointReader.Read(path);
        Assert.Equal(format == "zip" ? CheckpointFormat.TorchZip : CheckpointFormat.TorchLegacy, weights.Format);
        Assert.Equal(sha256, weights.Sha256);
        Assert.Equal(OfficialStateDicts.Models.Single(m => m.Name == model).Count, weights.Count);
        Assert.Equal(spec.Select(e => e.Key), weights.Keys);

        foreach (var entry in Sample(model, spec))
        {
            var tensor = weights[entry.Key];
            Assert.True(entry.Shape.SequenceEqual(tensor.shape), $"{entry.Key}: [{string.Join(", ", tensor.shape)}]");
            if (entry.IsNumBatchesTracked)
            {
                Assert.Equal(ScalarType.Int64, tensor.dtype);
                Assert.Equal(0L, tensor.item<long>());
                continue;
            }

            Assert.Equal(ScalarType.Float32, tensor.dtype);
            var expected = DeterministicWeights.Values(entry.Key, entry.Shape);
            var actual = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.bytes);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    Assert.Fail($"{entry.Key}[{i}] is {actual[i]:R}, the rule gives {expected[i]:R}");
                }
            }
        }
    }

    /// <summary>
    /// Every GCoNet+ entry; for the others, every fifth entry plus the first, the last and the largest (GCoNet's
    /// 4096x25088 FC weight is 411 MB, which also takes the reader through several chunks).
    /// </summary>
    private static IEnumerable<StateDictEntry> Sample(string model, IReadOnlyList<StateDictEntry> spec)
    {
        if (model == "gconet_plus")
        {
            return spec;
        }

        var largest = spec.MaxBy(e => e.Shape.Aggregate(1L, (a, d) => a * d))!;
        return spec.Where((e, i) => i % 5 == 0 || i == spec.Count - 1 || e == largest);
    }
}
