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

    private static Tensor Release(Func<Tensor, Tensor> layer, Tensor input)
    {
        var output = layer(input);
        if (!ReferenceEquals(output, input))
        {
            input.Dispose();
        }

        return output;
    }

    public override Tensor forward(Tensor x)
    {
        // Each intermediate is released once read: at 256² these are the largest tensors of the decoder.
        using var scope = NewDisposeScope();
        var normalised = Release(bn_in.forward, conv_in.forward(x));
        var activated = Release(relu_in.forward, normalised);
        var hidden = Release(conv_out.forward, activated);
        return Release(bn_out.forward, hidden).MoveToOuterDisposeScope();
    }
}
