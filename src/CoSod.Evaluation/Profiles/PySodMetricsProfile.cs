using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Families.PySod;
using CoSod.Metrics;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.Context;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// PySODMetrics 1.6.2 (ac5b1fc) through PySODEvalToolkit (a52dbcc): cv2.imread grey, a prediction of another
/// size resized with cv2.resize INTER_LINEAR, GT &gt; 128, min-max normalised prediction, 256 thresholds,
/// double precision. The default profile: what most SOD and CoSOD papers after 2021 report.
/// </summary>
public sealed class PySodMetricsProfile : EvaluationProfile<GreyMap, PySodGroundTruth, PySodPair>
{
    public const string ProfileName = "pysodmetrics";

    private static readonly double[] ThresholdFractions = Enumerable.Range(0, PySodConstants.Levels).Select(t => t / 255.0).ToArray();

    private PySodMetricsProfile()
    {
    }

    public static PySodMetricsProfile Instance { get; } = new();

    public override string Name => ProfileName;

    public override string Description =>
        "PySODMetrics 1.6.2 (ac5b1fc) metrics read and resized as PySODEvalToolkit (a52dbcc) does, double precision";

    public override string ResizeRule => "OpenCV cv2.resize INTER_LINEAR (fixed point) to the ground-truth size";

    /// <summary>PySODEvalToolkit's grouped mode (<c>--data-type video</c>) resizes with INTER_CUBIC, its image mode with INTER_LINEAR.</summary>
    public override string ResizeRuleFor(Aggregation aggregation) => aggregation == Aggregation.GroupMean
        ? "OpenCV cv2.resize INTER_CUBIC (fixed point) to the ground-truth size, as PySODEvalToolkit's grouped mode does"
        : ResizeRule;

    public override IEnumerable<KeyValuePair<string, string>> OptionsFor(Aggregation aggregation) =>
        Options.Select(o => o.Key == "resize" && aggregation == Aggregation.GroupMean ? new("resize", "cv2-inter-cubic") : o);

    public override IReadOnlyList<Aggregation> Aggregations { get; } = [Aggregation.ImageMean, Aggregation.GroupMean];

    public override IEnumerable<KeyValuePair<string, string>> Options =>
    [
        new("grey", "opencv-imread-grayscale"),
        new("resize", "cv2-inter-linear"),
        new("gt_threshold", ">128"),
        new("thresholds", "256 (t/255)"),
    ];

    public override IReadOnlyList<MetricFamily<PySodPair>> TypedFamilies { get; } =
    [
        new SMeasureFamily(), new MaeFamily(), new WeightedFFamily(), new FMeasureFamily(), new EMeasureFamily(),
        new FmeasureV2Family(), new MsIouFamily(), new SizeInvarianceMaeFamily(), new SizeInvarianceFmeasureV2Family(),
        new HceFamily(), new ContextMeasureFamily(), new CamouflageContextMeasureFamily(),
    ];

    /// <summary>
    /// PySODMetrics' own names (its test suite's keys) for the numbers written under ours: maxfm is Fm.max exactly
    /// (FmeasureV2's fm handler equals the classic F-measure bit for bit), so it is accepted, never written twice.
    /// </summary>
    public override IReadOnlyDictionary<string, string> MetricAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Smeasure"] = "Sm",
        ["wFmeasure"] = "wFm",
        ["maxfm"] = "Fm.max",
        ["meanfm"] = "Fm.mean",
        ["adpfm"] = "Fm.adp",
        ["maxFm"] = "Fm.max",
        ["meanFm"] = "Fm.mean",
        ["adpFm"] = "Fm.adp",
        ["maxEm"] = "Em.max",
        ["meanEm"] = "Em.mean",
        ["adpEm"] = "Em.adp",
    };

    public override GreyMap Read(string path, ImageLimits limits) => GreyImageReader.Read(path, GreyConversion.OpenCv, limits);

    /// <summary>Every grey rule reads an 8-bit grey PNG as its stored samples.</summary>
    public override GreyMap FromMap(GreyMap map) => map;

    public override PySodGroundTruth Prepare(GreyMap groundTruth, PreparationContext context)
    {
        var work = PySodGroundTruthWork.None;
        foreach (var family in Selected(context.Selection).OfType<IPySodFamily>())
        {
            work |= family.Needs;
        }

        // ccm reads the ground truth's RGB image, decoded as `cosod predict` decodes it and resized as PySODMetrics'
        // test resizes it (cv2.resize INTER_LINEAR to the mask's size); without one its images are undefined.
        CamouflageImage? image = null;
        if (work.HasFlag(PySodGroundTruthWork.CamouflageDegree) && context.ImagePath is { } imagePath)
        {
            var rgb = OpenCvLinearRgbResize.Resize(RgbImageReader.Read(imagePath, context.Limits), groundTruth.Width, groundTruth.Height);
            image = new CamouflageImage(rgb.Width, rgb.Height, rgb.Pixels, OpenCvLab.Convert(rgb));
        }

        return PySodGroundTruth.Create(groundTruth.Pixels, groundTruth.Width, groundTruth.Height, work, image);
    }

    public override PySodPair Pair(PySodGroundTruth truth, GreyMap prediction, Aggregation aggregation, out bool resized)
    {
        resized = prediction.Width != truth.Width || prediction.Height != truth.Height;
        var map = !resized ? prediction
            : aggregation == Aggregation.GroupMean ? OpenCvCubicResize.Resize(prediction, truth.Width, truth.Height)
            : OpenCvLinearResize.Resize(prediction, truth.Width, truth.Height);
        return new PySodPair(map.Pixels, truth);
    }

    /// <summary>The classic five are the default set (its output and speed unchanged); the others are computed when named.</summary>
    protected override bool IsDefault(MetricFamily<PySodPair> family) =>
        family is SMeasureFamily or MaeFamily or WeightedFFamily or FMeasureFamily or EMeasureFamily;

    /// <summary>ccm needs the RGB images (<c>--images</c>).</summary>
    protected override string? Requirement(MetricFamily<PySodPair> family) =>
        family is CamouflageContextMeasureFamily ? CamouflageContextMeasureFamily.ImagesRequirement : null;

    public override IReadOnlyList<KeyValuePair<string, double[]>> LeadingCurves(MetricSelection selection) =>
        Selected(selection).Any(f => f.CurveKeys.Count > 0) ? [new("thresholds", ThresholdFractions)] : [];
}
