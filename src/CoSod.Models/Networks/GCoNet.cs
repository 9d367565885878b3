using TorchSharp;
using CoSod.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Networks;

/// <summary>
/// GCoNet (<c>GINet</c> inside the official <c>GCoNet</c> wrapper), inference path (models-spec.md 2). The state dict
/// is <c>final_gconet.pth</c>'s: 110 keys with no <c>ginet.</c> prefix, the VGG head and the training-only heads
/// included. The wrapper's unused ImageNet co-classifier is left out.
/// </summary>
/// <remarks>
/// Only dslayer1 reaches the map; the official forward also computes a classifier on x5, a CAM and dslayer4..2, which
/// are skipped (their weights still load).
/// </remarks>
public sealed class GCoNet : nn.Module<Tensor, Tensor>, ISaliencyNetwork
{
    public const int NativeInputSize = 224;

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
    private readonly HalfDeepSupervisionLayer pred_layer;
    private readonly CoAttentionLayer co_x5;
    private readonly Linear classifier;

    public GCoNet()
        : base(nameof(GCoNet))
    {
        backbone = new VggBackbone();
        toplayer = TopLayer();
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
        pred_layer = new HalfDeepSupervisionLayer(512);
        co_x5 = new CoAttentionLayer(512);
        classifier = nn.Linear(512, 291);
        RegisterComponents();
        eval();
    }

    public ModelKind Kind => ModelKind.GCoNet;

    public int InputSize => NativeInputSize;

    public IReadOnlyList<WeightPart> WeightParts => new[] { new WeightPart("GCoNet weights (final_gconet.pth)", this) };

    public void MoveTo(Device device) => this.to(device);

    public override Tensor forward(Tensor x) => PredictGroup(x);

    public Tensor PredictGroup(Tensor group, IntermediateProbe? probe = null)
    {
        using var scope = NewDisposeScope();
        var stages = backbone.Stages;
        var x1 = Blocks.Chain(stages[0], group);
        var x2 = Blocks.Chain(stages[1], x1);
        var x3 = Blocks.Chain(stages[2], x2);
        var x4 = Blocks.Chain(stages[3], x3);
        var x5 = Blocks.Chain(stages[4], x4);
        if (probe is not null)
        {
            probe.Record("x5", x5);
            probe.Record("gam_logits_scaled", co_x5.Affinity.ScaledLogits(x5));
            probe.Record("gam_attention_map", co_x5.Affinity.Attention(x5));
            probe.Record("consensus_proto", co_x5.Consensus(x5).flatten());
        }

        var weighted = co_x5.forward(x5);
        probe?.Record("weighted_x5", weighted);

        var p5 = toplayer.forward(weighted);
        var p4 = enlayer4.forward(Blocks.UpsampleLike(p5, x4) + latlayer4.forward(x4));
        var p3 = enlayer3.forward(Blocks.UpsampleLike(p4, x3) + latlayer3.forward(x3));
        var p2 = enlayer2.forward(Blocks.UpsampleLike(p3, x2) + latlayer2.forward(x2));
        var p1 = enlayer1.forward(Blocks.UpsampleLike(p2, x1) + latlayer1.forward(x1));
        var map = Blocks.UpsampleLike(dslayer1.forward(p1), group);
        if (probe is not null)
        {
            // The official forward's dead outputs, computed only to check them against the fixtures.
            var cam = sigmoid(weighted.mean(new long[] { 1 }, keepdim: true));
            probe.Record("pred0_cam_sigmoid", Blocks.UpsampleLike(cam, group));
            probe.Record("pred1_ds4", Blocks.UpsampleLike(dslayer4.forward(p4), group));
            probe.Record("pred2_ds3", Blocks.UpsampleLike(dslayer3.forward(p3), group));
            probe.Record("pred3_ds2", Blocks.UpsampleLike(dslayer2.forward(p2), group));
            probe.Record("pred_cls_logits", classifier.forward(nn.functional.adaptive_avg_pool2d(x5, 1).flatten(1)));
            probe.Record("output", map);
        }
        return map.MoveToOuterDisposeScope();
    }

    /// <summary><c>toplayer</c>: 1×1 512→64, ReLU, 1×1 64→64 (keys <c>toplayer.{0,2}</c>).</summary>
    internal static Sequential TopLayer() => Blocks.Named(
        ("0", Blocks.Conv(512, 64, 1)),
        ("1", nn.ReLU(inplace: true)),
        ("2", Blocks.Conv(64, 64, 1)));
}
