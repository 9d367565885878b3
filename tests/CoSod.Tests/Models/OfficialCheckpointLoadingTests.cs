using CoSod.Models.Inference;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>
/// Checkpoints written by real <c>torch.save</c> with the official key sets (scripts/make-test-checkpoints.py), in
/// the zip and the legacy format, load strictly into our networks, and the loaded values are the files' values.
/// </summary>
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
    public void Official_key_sets_load_strictly_with_their_values(string model, string format)
    {
        string[] files = model switch
        {
            "gconet-plus" => ["gconet_plus"],
            "gconet" => ["gconet"],
            _ => ["gicd_ginet", "vgg16"],
        };
        var paths = files.Select(f => GeneratedCheckpoints.Locate(f, format)).ToList();

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
}
