using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Evaluation.Results;
using CoSod.Metrics;
using CoSod.Metrics.PySod;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// PySODMetrics 1.6.2 (ac5b1fc) through PySODEvalToolkit (a52dbcc): cv2.imread grey, a prediction of another
/// size resized with cv2.resize INTER_LINEAR, GT &gt; 128, min-max normalised prediction, 256 thresholds,
/// double precision. The default profile: what most SOD and CoSOD papers after 2021 report.
/// </summary>
public sealed class PySodMetricsProfile : GreyMapProfile
{
    public const string ProfileName = "pysodmetrics";

    public static PySodMetricsProfile Instance { get; } = new();

    private static readonly double[] ThresholdFractions = Enumerable.Range(0, PySodConstants.Levels).Select(t => t / 255.0).ToArray();

    public override string Name => ProfileName;

    public override string Description =>
        "PySODMetrics 1.6.2 (ac5b1fc) metrics read and resized as PySODEvalToolkit (a52dbcc) does, double precision";

    public override GreyConversion GreyRule => GreyConversion.OpenCv;

    public override string ResizeRule => "OpenCV cv2.resize INTER_LINEAR (fixed point) to the ground-truth size";

    public override IReadOnlyList<Aggregation> Aggregations { get; } = [Aggregation.ImageMean, Aggregation.GroupMean];

    public override IEnumerable<KeyValuePair<string, string>> Options =>
    [
        new("grey", "opencv-imread-grayscale"),
        new("resize", "cv2-inter-linear"),
        new("gt_threshold", ">128"),
        new("thresholds", "256 (t/255)"),
    ];

    public override object PrepareGroundTruth(object groundTruth) =>
        PySodGroundTruth.Create(((GreyMap)groundTruth).Pixels, ((GreyMap)groundTruth).Width, ((GreyMap)groundTruth).Height);

    public override ImageOutcome Measure(object preparedGroundTruth, object groundTruthImage, object predictionImage)
    {
        var groundTruth = (GreyMap)groundTruthImage;
        var prediction = (GreyMap)predictionImage;
        var resized = !prediction.SameSizeAs(groundTruth);
        var map = resized ? OpenCvLinearResize.Resize(prediction, groundTruth.Width, groundTruth.Height) : prediction;
        return new ImageOutcome(PySodMetrics.Measure(map.Pixels, (PySodGroundTruth)preparedGroundTruth), resized);
    }

    public override DatasetMetrics Reduce(
        IReadOnlyList<ImageOutcome> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts,
        Aggregation aggregation)
    {
        var scores = images.Select(i => (PySodImageScores)i.Scores).ToList();
        var dataset = aggregation == Aggregation.GroupMean
            ? PySodReduction.GroupMean(scores, groupStarts)
            : PySodReduction.ImageMean(scores);

        var undefined = new Dictionary<string, IReadOnlyList<string>>();
        var notes = new List<string>();
        if (dataset.UndefinedSMeasure.Count > 0)
        {
            undefined["Sm"] = dataset.UndefinedSMeasure.Select(i => keys[i]).ToList();
            notes.Add(
                $"Sm is undefined (NaN in PySODMetrics 1.6.2: an S-measure block is empty) on {dataset.UndefinedSMeasure.Count} "
                + "image(s); the dataset Sm is the mean over the others");
        }

        return new DatasetMetrics(
            [
                new("Sm", NullIfNaN(dataset.SMeasure)),
                new("MAE", dataset.Mae),
                new("wFm", dataset.WeightedF),
                new("Fm.max", dataset.MaxF),
                new("Fm.mean", dataset.MeanF),
                new("Fm.adp", dataset.AdaptiveF),
                new("Em.max", dataset.MaxE),
                new("Em.mean", dataset.MeanE),
                new("Em.adp", dataset.AdaptiveE),
            ],
            [
                new("thresholds", ThresholdFractions),
                new("precision", dataset.Precision),
                new("recall", dataset.Recall),
                new("fm", dataset.FCurve),
                new("em", dataset.ECurve),
            ],
            undefined,
            notes);
    }

    public override IReadOnlyList<KeyValuePair<string, double?>> PerImageValues(ImageOutcome image)
    {
        var s = (PySodImageScores)image.Scores;
        double maxF = double.MinValue, sumF = 0, maxE = double.MinValue, sumE = 0;
        for (var t = 0; t < PySodConstants.Levels; t++)
        {
            var f = s.FMeasure(t);
            var e = s.EMeasure(t);
            maxF = Math.Max(maxF, f);
            maxE = Math.Max(maxE, e);
            sumF += f;
            sumE += e;
        }

        return
        [
            new("Sm", NullIfNaN(s.SMeasure)),
            new("MAE", s.Mae),
            new("wFm", s.WeightedF),
            new("Fm.max", maxF),
            new("Fm.mean", sumF / PySodConstants.Levels),
            new("Fm.adp", s.AdaptiveF),
            new("Em.max", maxE),
            new("Em.mean", sumE / PySodConstants.Levels),
            new("Em.adp", s.AdaptiveE),
        ];
    }

    public override byte[] SerializeScores(object scores)
    {
        var s = (PySodImageScores)scores;
        return ScoreSerialization.Write(w =>
        {
            w.Write(s.PixelCount);
            w.Write(s.ForegroundCount);
            ScoreSerialization.WriteInts(w, s.TruePositives);
            ScoreSerialization.WriteInts(w, s.FalsePositives);
            w.Write(s.SMeasure);
            w.Write(s.Mae);
            w.Write(s.WeightedF);
            w.Write(s.AdaptiveF);
            w.Write(s.AdaptiveE);
            w.Write(s.AdaptiveThreshold);
        });
    }

    public override object DeserializeScores(ReadOnlySpan<byte> payload) =>
        ScoreSerialization.Read(payload, ProfileName, r =>
        {
            var pixelCount = r.ReadInt32();
            var foregroundCount = r.ReadInt32();
            var truePositives = ScoreSerialization.ReadInts(r, PySodConstants.Levels);
            var falsePositives = ScoreSerialization.ReadInts(r, PySodConstants.Levels);
            var sMeasure = r.ReadDouble();
            var mae = r.ReadDouble();
            var weightedF = r.ReadDouble();
            var adaptiveF = r.ReadDouble();
            var adaptiveE = r.ReadDouble();
            var adaptiveThreshold = r.ReadDouble();
            return PySodImageScores.Restore(
                pixelCount, foregroundCount, truePositives, falsePositives, sMeasure, mae, weightedF, adaptiveF, adaptiveE,
                adaptiveThreshold);
        });

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;
}
