using TorchSharp;
using CoSod.Models.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CoSod.Models.Networks;

/// <summary>
/// GCoNet+ (<c>GCoNet_plus</c>, HEAD config: VGG16-BN, GAM, DB head), inference path (models-spec.md 1). The state
/// dict has the official 237 keys, the unused and training-only parameters included, so the released checkpoint
/// loads strictly.
/// </summary>
/// <remarks>
/// The official eval forward also runs a classifier on x5 and, for the RACM branch, a second full backbone pass on the
/// masked input; neither reaches the map. They are skipped unless <see cref="OfficialForward"/> is set, which exists
/// so the benchmarks can show what skipping them saves.
/// </remarks>
public sealed class GCoNetPlus : nn.Module<Tensor, Tensor>, ISaliencyNetwork
{
    public const int NativeInputSize = 256;

    private readonly Sequential bb;
    private readonly ResBlk top_layer;
    private readonly ResBlk enlayer5;
    private readonly Conv2d latlayer5;
    private readonly ResBlk enlayer4;
    private readonly Conv2d latlayer4;
    private readonly ResBlk enlayer3;
    private readonly Conv2d latlayer3;
    private readonly ResBlk enlayer2;
    private readonly Conv2d latlayer2;
    private readonly ResBlk enlayer1;
    private readonly Sequential conv_out1;
    private readonly CoAttentionLayer co_x5;
    private readonly HalfDeepSupervisionLayer pred_layer;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear classifier;
    private readonly Sequential conv_out_mask;
    private readonly DifferentiableBinarizationHead db_output_decoder;
    private readonly Sequential[] stages;

    public GCoNetPlus()
        : base(nameof(GCoNetPlus))
    {
        stages = Vgg16Layers.BatchNormStages();
        bb = Blocks.Named(
            ("conv1", stages[0]), ("conv2", stages[1]), ("conv3", stages[2]), ("conv4", stages[3]), ("conv5", stages[4]));
        top_layer = new ResBlk(512, 256);
        enlayer5 = new ResBlk(256, 256);
        latlayer5 = Blocks.Conv(512, 256, 1);
        enlayer4 = new ResBlk(256, 128);
        latlayer4 = Blocks.Conv(256, 128, 1);
        enlayer3 = new ResBlk(128, 64);
        latlayer3 = Blocks.Conv(128, 64, 1);
        enlayer2 = new ResBlk(64, 32);
        latlayer2 = Blocks.Conv(64, 32, 1);
        enlayer1 = new ResBlk(32, 32);
        conv_out1 = Blocks.Named(("0", Blocks.Conv(32, 1, 1)));
        co_x5 = new CoAttentionLayer(512);
        pred_layer = new HalfDeepSupervisionLayer(512);
        avgpool = nn.AdaptiveAvgPool2d(new long[] { 1, 1 });
        classifier = nn.Linear(512, 291);
        conv_out_mask = Blocks.Named(("0", Blocks.Conv(32, 1, 1)));
        db_output_decoder = new DifferentiableBinarizationHead(32);
        RegisterComponents();
        eval();
    }

    public ModelKind Kind => ModelKind.GCoNetPlus;

    public int InputSize => NativeInputSize;

    /// <summary>Also run the official forward's dead branches (classifier on x5, RACM second backbone pass).</summary>
    public bool OfficialForward { get; set; }

    /// <summary>The GAM and consensus block (<c>co_x5</c>), for the fixtures' module-level test.</summary>
    internal CoAttentionLayer CoAttention => co_x5;

    public IReadOnlyList<WeightPart> WeightParts => new[] { new WeightPart("GCoNet+ weights", this) };

    public void MoveTo(Device device) => this.to(device);

    public override Tensor forward(Tensor x) => PredictGroup(x);

    public Tensor PredictGroup(Tensor group, IntermediateProbe? probe = null)
    {
        using var scope = NewDisposeScope();
        var x1 = Blocks.Chain(stages[0], group);
        var x2 = Blocks.Chain(stages[1], x1);
        var x3 = Blocks.Chain(stages[2], x2);
        var x4 = Blocks.Chain(stages[3], x3);
        var x5 = Blocks.Chain(stages[4], x4);
        if (probe is not null)
        {
            probe.Record("x1", x1);
            probe.Record("x2", x2);
            probe.Record("x3", x3);
            probe.Record("x4", x4);
            probe.Record("x5", x5);
        }

        if (OfficialForward)
        {
            var logits = classifier.forward(avgpool.forward(x5).flatten(1));
            probe?.Record("pred_cls_logits", logits);
        }

        if (probe is not null)
        {
            var affinity = co_x5.Affinity;
            probe.Record("gam_logits_scaled", affinity.ScaledLogits(x5));
            probe.Record("gam_attention_map", affinity.Attention(x5));
            probe.Record("gam_out_conv6", affinity.forward(x5));
            probe.Record("consensus_proto", co_x5.Consensus(x5).flatten());
        }

        var weighted = co_x5.forward(x5);
        probe?.Record("weighted_x5", weighted);

        var top = top_layer.forward(weighted);
        var p5 = enlayer5.forward(top);
        var lateral5 = latlayer5.forward(x4);
        probe?.Record("latlayer5_out", lateral5);

        // Each backbone feature is released right after its lateral projection: x1 alone is 1 GB for a 64-image group.
        var p4 = TopDown(enlayer4, p5, Consume(x4, lateral5));
        var p3 = TopDown(enlayer3, p4, Consume(x3, latlayer4.forward(x3)));
        var p2 = TopDown(enlayer2, p3, Consume(x2, latlayer3.forward(x2)));
        var p1 = TopDown(enlayer1, p2, Consume(x1, latlayer2.forward(x1)));
        if (probe is not null)
        {
            probe.Record("top_layer_out", top);
            probe.Record("enlayer5_out", p5);
            probe.Record("enlayer4_out", p4);
            probe.Record("enlayer3_out", p3);
            probe.Record("enlayer2_out", p2);
            probe.Record("enlayer1_out", p1);
        }

        p1 = Blocks.UpsampleLike(p1, group);

        var (shrink, threshold) = db_output_decoder.Maps(p1);
        var map = DifferentiableBinarizationHead.Step(shrink, threshold, out double k);
        if (probe is not null)
        {
            probe.Record("db_shrink_map", shrink);
            probe.Record("db_thresh_map", threshold);
            probe.Values["db_k_used"] = k;
            probe.Record("output", map);
        }

        if (OfficialForward)
        {
            // RACM: the input masked by a second head on p1 goes through the whole backbone again.
            var mask = sigmoid(conv_out_mask.forward(p1));
            var masked = group * mask;
            foreach (var stage in stages)
            {
                var next = Blocks.Chain(stage, masked);
                masked.Dispose();
                masked = next;
            }

            var logits = classifier.forward(avgpool.forward(masked).flatten(1));
            probe?.Record("pred_cls_mask_logits_racm", logits);
        }

        return map.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One decoder step: the coarser map upsampled to the lateral features' size plus their 1×1 projection, then the
    /// stage's ResBlk. The sum and its parts are released as soon as they are read (0.5 GB each at 256² for a
    /// 64-image group); <paramref name="lateral"/> is consumed.
    /// </summary>
    private static Tensor TopDown(ResBlk enlayer, Tensor coarse, Tensor lateral)
    {
        Tensor sum;
        using (var upsampled = Blocks.UpsampleLike(coarse, lateral))
        {
            sum = upsampled + lateral;
        }

        lateral.Dispose();
        using (sum)
        {
            return enlayer.forward(sum);
        }
    }

    /// <summary>Releases a backbone feature once its lateral projection exists; nothing later reads it.</summary>
    private static Tensor Consume(Tensor feature, Tensor lateral)
    {
        feature.Dispose();
        return lateral;
    }
}
