using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>
/// GCoNet+'s <c>ResBlk</c>: Conv3 → BN → ReLU → Conv3 → BN. Despite the name there is no skip connection and no final
/// activation (models-spec.md 1.1).
/// </summary>
internal sealed class ResBlk : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_in;
    private readonly BatchNorm2d bn_in;
    private readonly ReLU relu_in;
    private readonly Conv2d conv_out;
    private readonly BatchNorm2d bn_out;

    public ResBlk(long inChannels, long outChannels, long hidden = 64)
        : base(nameof(ResBlk))
    {
        conv_in = Blocks.Conv(inChannels, hidden, 3);
        bn_in = Blocks.BatchNorm(hidden);
        relu_in = nn.ReLU(inplace: true);
        conv_out = Blocks.Conv(hidden, outChannels, 3);
        bn_out = Blocks.BatchNorm(outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = bn_out.forward(conv_out.forward(relu_in.forward(bn_in.forward(conv_in.forward(x)))));
        return y.MoveToOuterDisposeScope();
    }
}
