using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>
/// <c>CoAttLayer</c>, eval branch: the group's consensus is the mean of the GAM output over images and positions,
/// and each image's features are weighted channel by channel with it (the paper's depth-wise correlation).
/// </summary>
/// <remarks>
/// <c>conv_output</c>, <c>conv_transform</c> and <c>fc_transform</c> are in the official checkpoints but never used;
/// they are kept so those files load strictly.
/// </remarks>
internal sealed class CoAttentionLayer : nn.Module<Tensor, Tensor>
{
    private readonly GroupAffinityModule all_attention;
    private readonly Conv2d conv_output;
    private readonly Conv2d conv_transform;
    private readonly Linear fc_transform;

    public CoAttentionLayer(long channels = 512)
        : base(nameof(CoAttentionLayer))
    {
        all_attention = new GroupAffinityModule(channels);
        conv_output = Blocks.Conv(channels, channels, 1);
        conv_transform = Blocks.Conv(channels, channels, 1);
        fc_transform = nn.Linear(channels, channels);
        RegisterComponents();
    }

    public GroupAffinityModule Affinity => all_attention;

    /// <summary>Returns the weighted features <c>x5 ⊙ consensus</c>.</summary>
    public override Tensor forward(Tensor x5)
    {
        using var scope = NewDisposeScope();
        return (x5 * Consensus(x5)).MoveToOuterDisposeScope();
    }

    /// <summary>The consensus prototype [1, C, 1, 1]: the GAM output averaged over (n, h, w).</summary>
    public Tensor Consensus(Tensor x5)
    {
        using var scope = NewDisposeScope();
        var attended = all_attention.forward(x5);
        return attended.mean(new long[] { 0, 2, 3 }, keepdim: true).MoveToOuterDisposeScope();
    }
}
