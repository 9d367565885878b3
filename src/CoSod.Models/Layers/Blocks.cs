using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>The few layer shapes the three networks are built from, with PyTorch's defaults spelled out once.</summary>
internal static class Blocks
{
    /// <summary><c>Conv2d(a, b, k, stride 1, padding (k-1)/2, bias)</c>: the "same" convolution every model uses.</summary>
    public static Conv2d Conv(long inChannels, long outChannels, long kernel) =>
        nn.Conv2d(inChannels, outChannels, kernel, stride: 1, padding: (kernel - 1) / 2, bias: true);

    /// <summary>BatchNorm2d with PyTorch's eps 1e-5; inference uses its running statistics.</summary>
    public static BatchNorm2d BatchNorm(long channels) => nn.BatchNorm2d(channels, eps: 1e-5);

    /// <summary>
    /// A Sequential whose children carry the given names, so a parameter-free ReLU or pool still occupies its
    /// PyTorch index and the checkpoint keys (<c>bb.conv2.7.weight</c>, <c>enlayer.2.bias</c>) match.
    /// </summary>
    public static Sequential Named(params (string Name, nn.Module<Tensor, Tensor> Module)[] children) =>
        nn.Sequential(children);

    /// <summary>
    /// Runs the children of <paramref name="sequence"/> in order, releasing each intermediate as soon as the next
    /// layer has read it. A dispose scope would keep every intermediate of a backbone stage alive until the scope
    /// ends: for a 64-image group at 256² that is 1 GB per conv or BN output of the first stage, and 9 GB in all.
    /// The input is left to its owner.
    /// </summary>
    public static Tensor Chain(Sequential sequence, Tensor input)
    {
        var current = input;
        foreach (var child in sequence.children())
        {
            var next = ((nn.Module<Tensor, Tensor>)child).forward(current);
            if (!ReferenceEquals(current, input) && !ReferenceEquals(current, next))
            {
                current.Dispose();
            }

            current = next;
        }

        return ReferenceEquals(current, input) ? current.alias() : current;
    }

    /// <summary><c>F.interpolate(x, size, mode='bilinear', align_corners=True)</c>, the only resize in all three models.</summary>
    public static Tensor Upsample(Tensor x, long height, long width) =>
        x.shape[^2] == height && x.shape[^1] == width
            ? x.alias()
            : nn.functional.interpolate(x, new[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: true);

    /// <summary>Resizes <paramref name="x"/> to the spatial size of <paramref name="like"/>.</summary>
    public static Tensor UpsampleLike(Tensor x, Tensor like) => Upsample(x, like.shape[^2], like.shape[^1]);
}
