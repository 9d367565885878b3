using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>
/// GCoNet's and GICD's <c>VGG_Backbone</c>: VGG-16 without BN in five named stages (<c>conv1.conv1_1</c>,
/// <c>conv2.pool1</c>, …) plus the full ImageNet head (<c>avgpool</c>, <c>classifier</c>), which GICD uses at test
/// time and GCoNet only carries in its checkpoint.
/// </summary>
internal sealed class VggBackbone : nn.Module<Tensor, Tensor>
{
    private readonly Sequential conv1;
    private readonly Sequential conv2;
    private readonly Sequential conv3;
    private readonly Sequential conv4;
    private readonly Sequential conv5;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    public VggBackbone()
        : base(nameof(VggBackbone))
    {
        conv1 = Stage(1, 3, 64, 2, pooled: false);
        conv2 = Stage(2, 64, 128, 2, pooled: true);
        conv3 = Stage(3, 128, 256, 3, pooled: true);
        conv4 = Stage(4, 256, 512, 3, pooled: true);
        conv5 = Stage(5, 512, 512, 3, pooled: true);
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 7, 7 });
        classifier = Vgg16Layers.Classifier();
        RegisterComponents();
    }

    /// <summary>The five stages in order; stage k halves the resolution of stage k−1 (x1 is full size).</summary>
    public IReadOnlyList<Sequential> Stages => new[] { conv1, conv2, conv3, conv4, conv5 };

    /// <summary>The ImageNet logits of GINet's own head on <c>avgpool(x5)</c>, flattened channel-major.</summary>
    public Tensor ClassifyFeatures(Tensor x5)
    {
        using var scope = NewDisposeScope();
        var pooled = avgpool.forward(x5).flatten(1);
        return classifier.forward(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>Returns x5; use <see cref="Stages"/> for the intermediate features.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x;
        foreach (var stage in Stages)
        {
            var next = Blocks.Chain(stage, y);
            if (!ReferenceEquals(y, x))
            {
                y.Dispose();
            }

            y = next;
        }

        return y.MoveToOuterDisposeScope();
    }

    private static Sequential Stage(int stage, long inChannels, long outChannels, int convolutions, bool pooled)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (pooled)
        {
            layers.Add(($"pool{stage - 1}", nn.MaxPool2d(2, 2)));
        }

        for (int i = 1; i <= convolutions; i++)
        {
            layers.Add(($"conv{stage}_{i}", Blocks.Conv(i == 1 ? inChannels : outChannels, outChannels, 3)));
            layers.Add(($"relu{stage}_{i}", nn.ReLU(inplace: true)));
        }

        return Blocks.Named(layers.ToArray());
    }
}
