using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>
/// The VGG-16 feature stack (13 convolutions, 4 or 5 max-pools) as the three official code bases spell it, so that
/// their checkpoints load by name (models-spec.md 0.4).
/// </summary>
internal static class Vgg16Layers
{
    /// <summary>Output channels of the 13 convolutions, with 0 marking a 2×2 max-pool: torchvision's "D" config.</summary>
    private static readonly int[] Configuration =
        { 64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0 };

    /// <summary>
    /// torchvision <c>vgg16(_bn)().features</c> as (index, layer) pairs: conv [, BN], ReLU per convolution and one
    /// pool per stage, numbered as torchvision numbers them (43 layers with BN, 31 without).
    /// </summary>
    public static List<(string Name, nn.Module<Tensor, Tensor> Module)> TorchvisionFeatures(bool batchNorm)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inChannels = 3;
        foreach (int channels in Configuration)
        {
            if (channels == 0)
            {
                layers.Add((layers.Count.ToString(CultureInfo.InvariantCulture), nn.MaxPool2d(2, 2)));
                continue;
            }

            layers.Add((layers.Count.ToString(CultureInfo.InvariantCulture), Blocks.Conv(inChannels, channels, 3)));
            if (batchNorm)
            {
                layers.Add((layers.Count.ToString(CultureInfo.InvariantCulture), Blocks.BatchNorm(channels)));
            }

            layers.Add((layers.Count.ToString(CultureInfo.InvariantCulture), nn.ReLU(inplace: true)));
            inChannels = channels;
        }

        return layers;
    }

    /// <summary>
    /// GCoNet+'s <c>bb</c>: torchvision's vgg16_bn features cut into the five stages [0:6] [6:13] [13:23] [23:33]
    /// [33:43]. Slicing a Sequential keeps the original child indices, hence keys like <c>bb.conv2.7.weight</c>; the
    /// final pool (43) is dropped.
    /// </summary>
    public static Sequential[] BatchNormStages()
    {
        var features = TorchvisionFeatures(batchNorm: true);
        int[] bounds = { 0, 6, 13, 23, 33, 43 };
        var stages = new Sequential[5];
        for (int s = 0; s < stages.Length; s++)
        {
            stages[s] = Blocks.Named(features.GetRange(bounds[s], bounds[s + 1] - bounds[s]).ToArray());
        }

        return stages;
    }

    /// <summary>The ImageNet classifier head: Linear 25088→4096, ReLU, Dropout, 4096→4096, ReLU, Dropout, →1000.</summary>
    public static Sequential Classifier() => Blocks.Named(
        ("0", nn.Linear(512 * 7 * 7, 4096)),
        ("1", nn.ReLU(inplace: true)),
        ("2", nn.Dropout()),
        ("3", nn.Linear(4096, 4096)),
        ("4", nn.ReLU(inplace: true)),
        ("5", nn.Dropout()),
        ("6", nn.Linear(4096, 1000)));
}
