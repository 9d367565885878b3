using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Layers;

/// <summary>
/// GCoNet+'s Confidence Enhancement Module (<c>DBHead</c>): a shrink map P and a threshold map T from two small conv
/// branches, combined by the differentiable step <c>1 / (1 + exp(-k (P − T)))</c> with k = 300, or k = 50 for the
/// whole batch as soon as any element overflows at k = 300 (models-spec.md 1.1).
/// </summary>
/// <remarks>
/// The fallback is batch-global, so one image's map can change with the company it keeps; it is reproduced per
/// forward call. Run in float32: in float16 the overflow threshold moves from P − T &lt; −0.296 to −0.037.
/// </remarks>
internal sealed class DifferentiableBinarizationHead : nn.Module<Tensor, Tensor>
{
    public const double SharpK = 300;
    public const double FallbackK = 50;

    private readonly Sequential binarize;
    private readonly Sequential thresh;

    public DifferentiableBinarizationHead(long channels = 32)
        : base(nameof(DifferentiableBinarizationHead))
    {
        binarize = Branch(channels);
        thresh = Branch(channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (shrink, threshold) = Maps(x);
        return Step(shrink, threshold, out _).MoveToOuterDisposeScope();
    }

    /// <summary>The two sigmoid branches: the shrink map P and the threshold map T.</summary>
    public (Tensor Shrink, Tensor Threshold) Maps(Tensor x) => (Blocks.Chain(binarize, x), Blocks.Chain(thresh, x));

    /// <summary>The step function over the whole batch, and the k it used.</summary>
    public static Tensor Step(Tensor shrink, Tensor threshold, out double kUsed)
    {
        using var scope = NewDisposeScope();
        var difference = shrink - threshold;
        var a = exp(-SharpK * difference);
        kUsed = SharpK;
        if (isinf(a).any().item<bool>())
        {
            a = exp(-FallbackK * difference);
            kUsed = FallbackK;
        }

        return reciprocal(1 + a).MoveToOuterDisposeScope();
    }

    private static Sequential Branch(long channels) => Blocks.Named(
        ("0", Blocks.Conv(channels, channels, 3)),
        ("1", Blocks.BatchNorm(channels)),
        ("2", nn.ReLU(inplace: true)),
        ("3", Blocks.Conv(channels, channels, 3)),
        ("4", Blocks.BatchNorm(channels)),
        ("5", nn.ReLU(inplace: true)),
        ("6", Blocks.Conv(channels, 1, 1)),
        ("7", nn.Sigmoid()));
}
