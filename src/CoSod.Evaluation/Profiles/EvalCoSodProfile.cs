using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Evaluation.Results;
using CoSod.Metrics;
using CoSod.Metrics.EvalCoSod;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// eval-co-sod (zzhanghub/eval-co-sod @ 7dd2383), what the GICD, GCoNet and GCoNet+ papers report: PIL
/// convert('L'), PIL BILINEAR resize, soft ground truth, float32 arithmetic, 255 thresholds, plus AP and AUC.
/// No adaptive F/E and no weighted F: the toolbox has none. Images pooled (the toolbox has no group mean).
/// </summary>
public sealed class EvalCoSodProfile : GreyMapProfile
{
    public const string ProfileName = "eval-co-sod";

    public static EvalCoSodProfile Instance { get; } = new();

    private static readonly double[] ThresholdFractions = EvalCoSodMetrics.Thresholds.ToArray().Select(t => (double)t).ToArray();

    public override string Name => ProfileName;

    public override string Description =>
        "eval-co-sod (7dd2383) as used by GICD, GCoNet and GCoNet+: float32, soft ground truth, 255 thresholds, AP and AUC";

    public override GreyConversion GreyRule => GreyConversion.Pil;

    public override string ResizeRule => "PIL Image.resize BILINEAR (antialiased when shrinking) to the ground-truth size";

    public override IReadOnlyList<Aggregation> Aggregations { get; } = [Aggregation.ImageMean];

    public override IEnumerable<KeyValuePair<string, string>> Options =>
    [
        new("grey", "pil-convert-L"),
        new("resize", "pil-bilinear"),
        new("gt_threshold", "soft (g/255); S-measure >= 128"),
        new("thresholds", "255 (torch.linspace(0, 1 - 1e-10, 255), float32)"),
    ];

    public override object PrepareGroundTruth(object groundTruth) => groundTruth;

    public override ImageOutcome Measure(object preparedGroundTruth, object groundTruthImage, object predictionImage)
    {
        var groundTruth = (GreyMap)groundTruthImage;
        var prediction = (GreyMap)predictionImage;
        var resized = !prediction.SameSizeAs(groundTruth);
        var map = resized ? PilBilinearResize.Resize(prediction, groundTruth.Width, groundTruth.Height) : prediction;
        return new ImageOutcome(EvalCoSodMetrics.Measure(map.Pixels, groundTruth.Pixels, groundTruth.Width), resized);
    }

    public override DatasetMetrics Reduce(
        IReadOnlyList<ImageOutcome> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts,
        Aggregation aggregation)
    {
        var scores = images.Select(i => (EvalCoSodImageScores)i.Scores).ToArray();
        var dataset = EvalCoSodMetrics.Reduce(scores);
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
                new("thresholds", ThresholdFractions),
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

    public override IReadOnlyList<KeyValuePair<string, double?>> PerImageValues(ImageOutcome image)
    {
        var s = (EvalCoSodImageScores)image.Scores;
        return
        [
            new("Sm", NullIfNaN(s.Sm)),
            new("MAE", NullIfNaN(s.Mae)),
            new("Fm.max", s.MaxF),
            new("Fm.mean", s.MeanF),
            new("Em.max", s.MaxE),
            new("Em.mean", s.MeanE),
        ];
    }

    public override byte[] SerializeScores(object scores)
    {
        var s = (EvalCoSodImageScores)scores;
        return ScoreSerialization.Write(w =>
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
        });
    }

    public override object DeserializeScores(ReadOnlySpan<byte> payload) =>
        ScoreSerialization.Read(payload, ProfileName, r =>
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
        });

    private static double[] Widen(System.Collections.Immutable.ImmutableArray<float> values) =>
        values.Select(v => (double)v).ToArray();

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
