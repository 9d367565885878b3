using CoSod.Models.Inference;
using CoSod.Models.Weights;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>
/// Checkpoints written by real <c>torch.save</c> with the official key sets (scripts/make-test-checkpoints.py), in
/// the zip and the legacy format: each file reads bit for bit, and loads strictly into our network with the file's
/// values. Each case makes only its own files and deletes them afterwards (<see cref="GeneratedCheckpoints"/>).
/// </summary>
// In the libtorch collection, so also one at a time: each full-size file takes about a GiB while it is read.
[Collection(TorchCollection.Name)]
public sealed class OfficialCheckpointLoadingTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "gconet-plus", "zip" },
        { "gconet-plus", "legacy" },
        { "gconet", "zip" },
        { "gconet", "legacy" },
        { "gicd", "zip" },
        { "gicd", "legacy" },
    };

    [GeneratedCheckpointTheory]
    [MemberData(nameof(Cases))]
    public void Official_key_sets_read_bit_for_bit_and_load_strictly_with_their_values(string model, string format)
    {
        string[] names = model switch
        {
            "gconet-plus" => ["gconet_plus"],
            "gconet" => ["gconet"],
            _ => ["gicd_ginet", "vgg16"],
        };
        using var generated = GeneratedCheckpoints.Make(names, format);
        var paths = names.Select(n => generated.Locate(n, format)).ToList();
        for (var i = 0; i < names.Length; i++)
        {
            AssertReadsBitForBit(names[i], format, paths[i].Path, paths[i].Sha256);
        }

        using var loaded = LoadedModel.Load(ModelCatalog.Find(model), paths.Select(p => p.Path).ToList(), "cpu", 2);

        Assert.Equal(paths.Select(p => p.Sha256), loaded.Weights.Select(w => w.Sha256));
        foreach (var part in loaded.Network.WeightParts)
        {
            var entries = part.Module.state_dict().ToList();
            // The first, the last and the largest entry: every key was checked before copying, these check the copy.
            var largest = entries.MaxBy(e => e.Value.numel());
            foreach (var (key, value) in new[] { entries[0], entries[^1], largest })
            {
                if (value.dtype != ScalarType.Float32)
                {
                    continue;
                }

                var expected = DeterministicWeights.Values(key, value.shape);
                Assert.True(expected.AsSpan().SequenceEqual(value.contiguous().data<float>().ToArray()), $"{part.Name}: {key} differs from the file");
            }
        }
    }

    /// <summary>The reader gives the file's format, hash, keys, shapes and every sampled value as the weight rule makes them.</summary>
    private static void AssertReadsBitForBit(string name, string format, string path, string sha256)
    {
        var spec = OfficialStateDicts.Read(name);
        using var weights = CheckpointReader.Read(path);
        Assert.Equal(format == "zip" ? CheckpointFormat.TorchZip : CheckpointFormat.TorchLegacy, weights.Format);
        Assert.Equal(sha256, weights.Sha256);
        Assert.Equal(OfficialStateDicts.Models.Single(m => m.Name == name).Count, weights.Count);
        Assert.Equal(spec.Select(e => e.Key), weights.Keys);

        foreach (var entry in Sample(name, spec))
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
