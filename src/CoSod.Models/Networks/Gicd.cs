using TorchSharp;
using CoSod.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Networks;

/// <summary>
/// GICD (<c>GICD</c> = ImageNet VGG16 co-classifier + <c>GINet</c>), inference path (models-spec.md 3). Two
/// checkpoint files: <c>gicd_ginet.pth</c> (92 keys, no prefix) and torchvision's ImageNet VGG16.
/// </summary>
/// <remarks>
/// Everything runs one image at a time, as the official code does. The co-category coding is the softmax of the
/// group's summed ImageNet logits; each image's class-activation weights are the gradient of the coding's similarity
/// to GINet's own VGG head with respect to x5. That gradient needs autograd, which records nothing inside
/// <c>torch.inference_mode()</c>: callers must not wrap this network in it (the predictor uses <c>no_grad</c>, and
/// the gradient step turns recording back on for a detached x5 only; every parameter is frozen).
/// </remarks>
public sealed class Gicd : nn.Module<Tensor, Tensor>, ISaliencyNetwork
{
    public const int NativeInputSize = 224;

    private readonly GicdNetwork ginet;
    private readonly ImageNetVgg16 co_classifier;

    public Gicd()
        : base(nameof(Gicd))
    {
        ginet = new GicdNetwork();
        co_classifier = new ImageNetVgg16();
        RegisterComponents();
        foreach (var parameter in parameters())
        {
            parameter.requires_grad = false;
        }

        eval();
    }

    public ModelKind Kind => ModelKind.Gicd;

    public int InputSize => NativeInputSize;

    public IReadOnlyList<WeightPart> WeightParts => new WeightPart[]
    {
        new("GICD weights (gicd_ginet.pth)", ginet),
        new("ImageNet VGG16 (vgg16-397923af.pth)", co_classifier),
    };

    public void MoveTo(Device device) => this.to(device);

    public override Tensor forward(Tensor x) => PredictGroup(x);

    public Tensor PredictGroup(Tensor group, IntermediateProbe? probe = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = group.shape[0];

        // Co-category coding: the raw logits summed image by image (the official code accumulates them in a float32
        // numpy array, in group order), then a softmax over the classes.
        var logits = new List<Tensor>();
        Tensor? sum = null;
        for (long i = 0; i < n; i++)
        {
            var image = group.narrow(0, i, 1);
            var imageLogits = co_classifier.forward(image);
            logits.Add(imageLogits);
            sum = sum is null ? imageLogits : sum + imageLogits;
        }

        var coding = nn.functional.softmax(sum!, dim: 1);
        if (probe is not null)
        {
            probe.Record("co_classifier_logits", cat(logits, 0));
            probe.Record("co_coding_softmax", coding);
        }

        var maps = new List<Tensor>();
        for (long i = 0; i < n; i++)
        {
            maps.Add(ginet.Predict(group.narrow(0, i, 1), coding, probe, (int)i));
        }

        if (probe is not null)
        {
            foreach (var name in GicdNetwork.PerImageProbes)
            {
                if (probe.Recorded.ContainsKey(name + "#0"))
                {
                    var parts = Enumerable.Range(0, (int)n).Select(i => probe.Recorded[name + "#" + i]).ToList();
                    probe.Record(name, cat(parts, 0));
                }
            }
        }

        var result = cat(maps, 0);
        probe?.Record("output", result);
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// GICD's <c>GINet</c>: a VGG16 backbone with its ImageNet head (used at test time for the gradient), and a decoder
/// whose every stage is gated by the previous stage's prediction (the attention-retaining module).
/// </summary>
public sealed class GicdNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Intermediates recorded per image as <c>name#i</c> and stacked over the group afterwards.</summary>
    internal static readonly string[] PerImageProbes =
    {
        "x5", "ginet_pred_vector", "grad_similarity_wrt_x5", "cweight_normalized", "cam_native",
        "pred0_cam_up", "pred1_ds4", "pred2_ds3", "pred3_ds2",
    };

    private readonly VggBackbone backbone;
    private readonly Sequential toplayer;
    private readonly LateralLayer latlayer4;
    private readonly LateralLayer latlayer3;
    private readonly LateralLayer latlayer2;
    private readonly LateralLayer latlayer1;
    private readonly EnhancementLayer enlayer4;
    private readonly EnhancementLayer enlayer3;
    private readonly EnhancementLayer enlayer2;
    private readonly EnhancementLayer enlayer1;
    private readonly DeepSupervisionLayer dslayer4;
    private readonly DeepSupervisionLayer dslayer3;
    private readonly DeepSupervisionLayer dslayer2;
    private readonly DeepSupervisionLayer dslayer1;

    public GicdNetwork()
        : base(nameof(GicdNetwork))
    {
        backbone = new VggBackbone();
        toplayer = GCoNet.TopLayer();
        latlayer4 = new LateralLayer(512);
        latlayer3 = new LateralLayer(256);
        latlayer2 = new LateralLayer(128);
        latlayer1 = new LateralLayer(64);
        enlayer4 = new EnhancementLayer();
        enlayer3 = new EnhancementLayer();
        enlayer2 = new EnhancementLayer();
        enlayer1 = new EnhancementLayer();
        dslayer4 = new DeepSupervisionLayer();
        dslayer3 = new DeepSupervisionLayer();
        dslayer2 = new DeepSupervisionLayer();
        dslayer1 = new DeepSupervisionLayer();
        RegisterComponents();
        eval();
    }

    public override Tensor forward(Tensor x) =>
        throw new NotSupportedException("GINet needs the group's co-category coding: use Predict(image, coding).");

    /// <summary>One image [1, 3, S, S] and the group's coding [1, 1000] to its map [1, 1, S, S].</summary>
    public Tensor Predict(Tensor image, Tensor coding, IntermediateProbe? probe = null, int index = 0)
    {
        using var scope = NewDisposeScope();
        var stages = backbone.Stages;
        Tensor x1, x2, x3, x4, x5;
        using (no_grad())
        {
            x1 = Blocks.Chain(stages[0], image);
            x2 = Blocks.Chain(stages[1], x1);
            x3 = Blocks.Chain(stages[2], x2);
            x4 = Blocks.Chain(stages[3], x3);
            x5 = Blocks.Chain(stages[4], x4);
        }

        var (weighted, cam) = GradientInducedWeighting(x5, coding, probe, index);
        using (no_grad())
        {
            var p5 = toplayer.forward(weighted);
            var p4 = enlayer4.forward(Blocks.UpsampleLike(p5, x4) + latlayer4.forward(Gate(x4, cam)));
            var s4 = dslayer4.forward(p4);
            var p3 = enlayer3.forward(Blocks.UpsampleLike(p4, x3) + latlayer3.forward(Gate(x3, s4)));
            var s3 = dslayer3.forward(p3);
            var p2 = enlayer2.forward(Blocks.UpsampleLike(p3, x2) + latlayer2.forward(Gate(x2, s3)));
            var s2 = dslayer2.forward(p2);
            var p1 = enlayer1.forward(Blocks.UpsampleLike(p2, x1) + latlayer1.forward(Gate(x1, s2)));
            var s1 = dslayer1.forward(p1);
            if (probe is not null)
            {
                probe.Record("pred0_cam_up#" + index, Blocks.UpsampleLike(cam, image));
                probe.Record("pred1_ds4#" + index, Blocks.UpsampleLike(s4, image));
                probe.Record("pred2_ds3#" + index, Blocks.UpsampleLike(s3, image));
                probe.Record("pred3_ds2#" + index, Blocks.UpsampleLike(s2, image));
            }

            return Blocks.UpsampleLike(s1, image).MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// The gradient-induced module: w = normalised ReLU(mean_hw ∂(coding·head(x5))/∂x5), weighted x5 = x5 ⊙ w, and the
    /// normalised CAM of the weighted features.
    /// </summary>
    private (Tensor Weighted, Tensor Cam) GradientInducedWeighting(Tensor x5, Tensor coding, IntermediateProbe? probe, int index)
    {
        Tensor gradient;
        using (enable_grad())
        {
            using var leaf = x5.detach().requires_grad_(true);
            using var predicted = backbone.ClassifyFeatures(leaf);
            using var similarity = (coding * predicted).sum();
            gradient = autograd.grad(new[] { similarity }, new[] { leaf })[0];
            if (probe is not null)
            {
                probe.Record("x5#" + index, x5);
                probe.Record("ginet_pred_vector#" + index, predicted);
                probe.Record("grad_similarity_wrt_x5#" + index, gradient);
            }
        }

        using (no_grad())
        {
            var weights = nn.functional.relu(nn.functional.adaptive_avg_pool2d(gradient, new long[] { 1, 1 }));
            var low = weights.min();
            weights = (weights - low) / (weights.max() - low + 1e-20);
            var weighted = x5 * weights;
            var cam = nn.functional.relu(weighted.mean(new long[] { 1 }).unsqueeze(1));
            cam = cam - cam.min();
            cam = cam / (cam.max() + 1e-6);
            cam = cam.clamp(0, 1);
            if (probe is not null)
            {
                probe.Record("cweight_normalized#" + index, weights.flatten(1));
                probe.Record("cam_native#" + index, cam);
            }

            return (weighted, cam);
        }
    }

    /// <summary>ARM: the features times the previous prediction resized to them.</summary>
    private static Tensor Gate(Tensor features, Tensor prediction) => features * Blocks.UpsampleLike(prediction, features);
}
