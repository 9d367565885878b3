using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>
/// The Group Affinity Module (GCoNet's <c>AllAttLayer</c>, GCoNet+'s <c>GAM</c>): every position of every image is
/// scored by how well it matches its best position in each image of the group, the scores are averaged over the
/// images and turned into a per-image spatial softmax, and <c>conv6</c> reads the attended features
/// (models-spec.md 0.5).
/// </summary>
/// <remarks>
/// The official code builds the whole [N·P, N·P] affinity matrix (1 GB for 64 images at 256²). Here it is computed a
/// block of images at a time and reduced to its per-image row maxima at once, which holds at most
/// <see cref="MaxBlockElements"/> affinities. The maxima are the same numbers; only the mean over the N images is
/// summed from a [N·P, N] matrix exactly as the official code sums it.
/// </remarks>
internal sealed class GroupAffinityModule : nn.Module<Tensor, Tensor>
{
    /// <summary>16 M floats (64 MB) of affinity per block: small next to the backbone's activations, large enough
    /// that a block is one efficient matrix product.</summary>
    internal const long MaxBlockElements = 16L << 20;

    private readonly Conv2d query_transform;
    private readonly Conv2d key_transform;
    private readonly Conv2d conv6;
    private readonly double scale;

    public GroupAffinityModule(long channels = 512)
        : base(nameof(GroupAffinityModule))
    {
        query_transform = Blocks.Conv(channels, channels, 1);
        key_transform = Blocks.Conv(channels, channels, 1);
        conv6 = Blocks.Conv(channels, channels, 1);
        scale = 1.0 / Math.Sqrt(channels);
        RegisterComponents();
    }

    /// <summary>Returns <c>conv6(x5 ⊙ attention)</c>.</summary>
    public override Tensor forward(Tensor x5)
    {
        using var scope = NewDisposeScope();
        using var attention = Attention(x5);
        return conv6.forward(x5 * attention).MoveToOuterDisposeScope();
    }

    /// <summary>The attention map [N, 1, h, w]; each image's map sums to 1.</summary>
    public Tensor Attention(Tensor x5)
    {
        using var scope = NewDisposeScope();
        var logits = ScaledLogits(x5);
        long n = x5.shape[0];
        return nn.functional.softmax(logits, dim: -1).view(n, 1, x5.shape[2], x5.shape[3]).MoveToOuterDisposeScope();
    }

    /// <summary>The logits before the softmax, [N, h·w]: mean over images of the best match, times 1/√C.</summary>
    public Tensor ScaledLogits(Tensor x5)
    {
        using var scope = NewDisposeScope();
        long n = x5.shape[0];
        long c = x5.shape[1];
        long positions = x5.shape[2] * x5.shape[3];

        // Q̂ [N·P, C]: row n·P+p holds Q[n, :, p]. K [N, C, P]: image m's keys are one [C, P] block.
        var query = query_transform.forward(x5).view(n, c, positions).transpose(1, 2).reshape(n * positions, c);
        var key = key_transform.forward(x5).view(n, c, positions);

        long imagesPerBlock = Math.Max(1, MaxBlockElements / (n * positions * positions));
        var maxima = new List<Tensor>();
        for (long first = 0; first < n; first += imagesPerBlock)
        {
            long count = Math.Min(imagesPerBlock, n - first);
            // [C, count·P], column j·P+q holding K[first+j, :, q], as in the official K̂.
            var keys = key.narrow(0, first, count).permute(1, 0, 2).reshape(c, count * positions);
            var affinity = query.matmul(keys).view(n * positions, count, positions);
            maxima.Add(affinity.amax(dims: new long[] { -1 }));
            affinity.Dispose();
            keys.Dispose();
        }

        // [N·P, N] → mean over the images → [N, P], and only then the 1/√C scale.
        var best = maxima.Count == 1 ? maxima[0] : cat(maxima, dim: 1);
        var logits = best.mean(new long[] { -1 }).view(n, positions) * scale;
        return logits.MoveToOuterDisposeScope();
    }
}
