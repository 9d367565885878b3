using CoSod.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Networks;

/// <summary>
/// torchvision's <c>vgg16</c> (no BN) with its ImageNet head: GICD's co-classifier. Keys <c>features.N</c> and
/// <c>classifier.N</c>, as in <c>vgg16-397923af.pth</c>.
/// </summary>
public sealed class ImageNetVgg16 : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    public ImageNetVgg16()
        : base(nameof(ImageNetVgg16))
    {
        features = Blocks.Named(Vgg16Layers.TorchvisionFeatures(batchNorm: false).ToArray());
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 7, 7 });
        classifier = Vgg16Layers.Classifier();
        RegisterComponents();
        eval();
    }

    /// <summary>ImageNet logits [B, 1000] (eval mode: dropout off).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var convolved = Blocks.Chain(features, x);
        var pooled = avgpool.forward(convolved).flatten(1);
        return classifier.forward(pooled).MoveToOuterDisposeScope();
    }
}
