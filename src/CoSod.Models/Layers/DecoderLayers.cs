using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>
/// GCoNet's and GICD's <c>LatLayer(in)</c>: two 3×3 convolutions with a ReLU between and none after (keys
/// <c>convlayer.{0,2}</c>).
/// </summary>
internal sealed class LateralLayer : nn.Module<Tensor, Tensor>
{
    private readonly Sequential convlayer;

    public LateralLayer(long inChannels)
        : base(nameof(LateralLayer))
    {
        convlayer = DecoderLayers.TwoConvolutions(inChannels, finalRelu: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Blocks.Chain(convlayer, x);
}

/// <summary><c>EnLayer</c>: the same two convolutions on the 64-channel decoder path (keys <c>enlayer.{0,2}</c>).</summary>
internal sealed class EnhancementLayer : nn.Module<Tensor, Tensor>
{
    private readonly Sequential enlayer;

    public EnhancementLayer()
        : base(nameof(EnhancementLayer))
    {
        enlayer = DecoderLayers.TwoConvolutions(64, finalRelu: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Blocks.Chain(enlayer, x);
}

internal static class DecoderLayers
{
    /// <summary>Conv3 (in→64), ReLU, Conv3 (64→64) [, ReLU], indexed 0..3 as in the official Sequentials.</summary>
    internal static Sequential TwoConvolutions(long inChannels, bool finalRelu)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("0", Blocks.Conv(inChannels, 64, 3)),
            ("1", nn.ReLU(inplace: true)),
            ("2", Blocks.Conv(64, 64, 3)),
        };
        if (finalRelu)
        {
            layers.Add(("3", nn.ReLU(inplace: true)));
        }

        return Blocks.Named(layers.ToArray());
    }
}

/// <summary><c>DSLayer</c>: <c>enlayer</c> (conv, ReLU, conv, ReLU) then <c>predlayer</c> (1×1 conv to one channel, sigmoid).</summary>
internal sealed class DeepSupervisionLayer : nn.Module<Tensor, Tensor>
{
    private readonly Sequential enlayer;
    private readonly Sequential predlayer;

    public DeepSupervisionLayer()
        : base(nameof(DeepSupervisionLayer))
    {
        enlayer = DecoderLayers.TwoConvolutions(64, finalRelu: true);
        predlayer = Blocks.Named(("0", Blocks.Conv(64, 1, 1)), ("1", nn.Sigmoid()));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var features = Blocks.Chain(enlayer, x);
        return Blocks.Chain(predlayer, features).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>half_DSLayer(512)</c>, the training-only contrast head of GCoNet and GCoNet+ (<c>pred_layer</c>): kept only so
/// the official checkpoints load strictly.
/// </summary>
internal sealed class HalfDeepSupervisionLayer : nn.Module<Tensor, Tensor>
{
    private readonly Sequential enlayer;
    private readonly Sequential predlayer;

    public HalfDeepSupervisionLayer(long inChannels = 512)
        : base(nameof(HalfDeepSupervisionLayer))
    {
        enlayer = Blocks.Named(("0", Blocks.Conv(inChannels, inChannels / 4, 3)), ("1", nn.ReLU(inplace: true)));
        predlayer = Blocks.Named(("0", Blocks.Conv(inChannels / 4, 1, 1)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var features = Blocks.Chain(enlayer, x);
        return Blocks.Chain(predlayer, features).MoveToOuterDisposeScope();
    }
}
