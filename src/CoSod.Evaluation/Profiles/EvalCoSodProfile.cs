using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Results;
using CoSod.Metrics;
using CoSod.Metrics.EvalCoSod;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// eval-co-sod (zzhanghub/eval-co-sod @ 7dd2383), what the GICD, GCoNet and GCoNet+ papers report: PIL
/// convert('L'), PIL BILINEAR resize, soft ground truth, float32 arithmetic, 255 thresholds, plus AP and AUC.
/// No adaptive F/E and no weighted F: the toolbox has none. Images pooled (the toolbox has no group mean).
/// </summary>
public sealed class EvalCoSodProfile : EvaluationProfile<GreyMap, GreyMap, GreyMapPair>
{
    public const string ProfileName = "eval-co-sod";

    private static readonly double[] ThresholdFractions = EvalCoSodMetrics.Thresholds.ToArray().Select(t => (double)t).ToArray();

    private EvalCoSodProfile()
    {
    }

    public static EvalCoSodProfile Instance { get; } = new();

    public override string Name => ProfileName;

    public override string Description =>
        "eval-co-sod (7dd2383) as used by GICD, GCoNet and GCoNet+: float32, soft ground truth, 255 thresholds, AP and AUC";

    public override string ResizeRule => "PIL Image.resize BILINEAR (antialiased when shrinking) to the ground-truth size";

    public override IReadOnlyList<Aggregation> Aggregations { get; } = [Aggregation.ImageMean];

    public override IEnumerable<KeyValuePair<string, string>> Options =>
    [
        new("grey", "pil-convert-L"),
        new("resize", "pil-bilinear"),
        new("gt_threshold", "soft (g/255); S-measure >= 128"),
        new("thresholds", "255 (torch.linspace(0, 1 - 1e-10, 255), float32)"),
    ];

    public override IReadOnlyList<MetricFamily<GreyMapPair>> TypedFamilies { get; } = [new EvalCoSodFamily()];

    public override GreyMap Read(string path, ImageLimits limits) => GreyImageReader.Read(path, GreyConversion.Pil, limits);

    /// <summary>Every grey rule reads an 8-bit grey PNG as its stored samples.</summary>
    public override GreyMap FromMap(GreyMap map) => map;

    public override GreyMap Prepare(GreyMap groundTruth, PreparationContext context) => groundTruth;

    public override GreyMapPair Pair(GreyMap truth, GreyMap prediction, Aggregation aggregation, out bool resized)
    {
        resized = !prediction.SameSizeAs(truth);
        return new GreyMapPair(resized ? PilBilinearResize.Resize(prediction, truth.Width, truth.Height) : prediction, truth);
    }

    public override IReadOnlyList<KeyValuePair<string, double[]>> LeadingCurves(MetricSelection selection) =>
        [new("thresholds", ThresholdFractions)];

    /// <summary>Everything eval-co-sod computes, as one family: the toolbox computes it in one pass per image.</summary>
    private sealed class EvalCoSodFamily : MetricFamily<GreyMapPair, EvalCoSodImageScores>
    {
        public override string Name => "eval-co-sod";

        public override IReadOnlyList<string> ScalarKeys { get; } = ["Sm", "MAE", "Fm.max", "Fm.mean", "Em.max", "Em.mean", "AP", "AUC"];

        public override IReadOnlyList<string> CurveKeys { get; } = ["precision", "recall", "fm", "em", "tpr_sorted_by_fpr", "fpr_sorted"];

        public override IReadOnlyList<string> PerImageKeys { get; } = ["Sm", "MAE", "Fm.max", "Fm.mean", "Em.max", "Em.mean"];

        public override EvalCoSodImageScores Measure(GreyMapPair pair) =>
            EvalCoSodMetrics.Measure(pair.Prediction.Pixels, pair.GroundTruth.Pixels, pair.GroundTruth.Width);

        public override DatasetMetrics Reduce(ReductionInput<EvalCoSodImageScores> input)
        {
            var keys = input.Keys;
            var dataset = EvalCoSodMetrics.Reduce(input.Images.ToArray());
            var undefined = new Dictionary<string, IReadOnlyList<string>>();
            var notes = new List<string>();
            if (dataset.UndefinedSm.Length > 0)
            {
                undefined["Sm"] = dataset.UndefinedSm.Select(i => keys[i]).ToList();
                notes.Add($"Sm is undefined (NaN in eval-co-sod, which would make the dataset Sm NaN) on {dataset.UndefinedSm.Length} "
                    + "image(s), e.g. a single-pixel object or a 0/1-encoded mask; the dataset Sm is the mean over the others");
            }

            if (dataset.UndefinedMae.Length > 0)
            {
                undefined["MAE"] = dataset.UndefinedMae.Select(i => keys[i]).ToList();
                notes.Add($"MAE is undefined on {dataset.UndefinedMae.Length} image(s); the dataset MAE is the mean over the others");
            }

            return new DatasetMetrics(
                [
                    new("Sm", NullIfNaN(dataset.Sm)),
                    new("MAE", NullIfNaN(dataset.Mae)),
                    new("Fm.max", dataset.MaxF),
                    new("Fm.mean", dataset.MeanF),
                    new("Em.max", dataset.MaxE),
                    new("Em.mean", dataset.MeanE),
                    new("AP", dataset.Ap),
                    new("AUC", dataset.Auc),
                ],
                [
                    new("precision", Widen(dataset.Precision)),
                    new("recall", Widen(dataset.Recall)),
                    new("fm", Widen(dataset.FMeasure)),
                    new("em", Widen(dataset.EMeasure)),
                    new("tpr_sorted_by_fpr", Widen(dataset.TprSortedByFpr)),
                    new("fpr_sorted", Widen(dataset.FprSorted)),
                ],
                undefined,
                notes);
        }

        public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(EvalCoSodImageScores s) =>
        [
            new("Sm", NullIfNaN(s.Sm)),
            new("MAE", NullIfNaN(s.Mae)),
            new("Fm.max", s.MaxF),
            new("Fm.mean", s.MeanF),
            new("Em.max", s.MaxE),
            new("Em.mean", s.MeanE),
        ];

        public override void Write(BinaryWriter w, EvalCoSodImageScores s)
        {
            w.Write(s.PixelCount);
            w.Write(s.Mae);
            w.Write(s.Sm);
            ScoreSerialization.WriteFloats(w, s.Precision);
            ScoreSerialization.WriteFloats(w, s.Recall);
            ScoreSerialization.WriteFloats(w, s.FMeasure);
            ScoreSerialization.WriteFloats(w, s.EMeasure);
            ScoreSerialization.WriteFloats(w, s.Tpr);
            ScoreSerialization.WriteFloats(w, s.Fpr);
            w.Write(s.MaxF);
            w.Write(s.MeanF);
            w.Write(s.MaxE);
            w.Write(s.MeanE);
        }

        public override EvalCoSodImageScores Read(BinaryReader r)
        {
            var pixelCount = r.ReadInt32();
            var mae = r.ReadSingle();
            var sm = r.ReadSingle();
            var precision = ScoreSerialization.ReadFloats(r, EvalCoSodMetrics.ThresholdCount);
            var recall = ScoreSerialization.ReadFloats(r, EvalCoSodMetrics.ThresholdCount);
            var fMeasure = ScoreSerialization.ReadFloats(r, EvalCoSodMetrics.ThresholdCount);
            var eMeasure = ScoreSerialization.ReadFloats(r, EvalCoSodMetrics.ThresholdCount);
            var tpr = ScoreSerialization.ReadFloats(r, EvalCoSodMetrics.ThresholdCount);
            var fpr = ScoreSerialization.ReadFloats(r, EvalCoSodMetrics.ThresholdCount);
            var maxF = r.ReadSingle();
            var meanF = r.ReadSingle();
            var maxE = r.ReadSingle();
            var meanE = r.ReadSingle();
            return EvalCoSodImageScores.Restore(pixelCount, mae, sm, precision, recall, fMeasure, eMeasure, tpr, fpr, maxF, meanF, maxE, meanE);
        }

        private static double[] Widen(System.Collections.Immutable.ImmutableArray<float> values) =>
            values.Select(v => (double)v).ToArray();

        private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
    }
}

/// <summary>A prediction (at the ground truth's size) against its ground truth, both as 8-bit grey planes.</summary>
public sealed record GreyMapPair(GreyMap Prediction, GreyMap GroundTruth);
