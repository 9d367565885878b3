using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>What FmeasureV2 keeps of one image: its threshold counts (shared with Fm and Em) and the binary map's counts.</summary>
/// <param name="Counts">TP and FP at the 256 thresholds and at the adaptive one.</param>
/// <param name="Binary">The counts of the binary map p &gt; 0.5.</param>
public sealed record FmeasureV2Record(PySodThresholdCounts Counts, ConfusionCounts Binary);

/// <summary>
/// PySODMetrics 1.6.2 <c>FmeasureV2</c> with the eleven handlers of its test suite (fm, f1, pre, rec, fpr, iou, dice,
/// spec, ber, oa, kappa), each as <c>adp*</c> (mean adaptive value), <c>mean*</c> and <c>max*</c> (of the dataset
/// curve), <c>sample_bi*</c> (mean over images of the binary map p &gt; 0.5) and <c>overall_bi*</c> (the binary
/// counts summed over the dataset); <c>auc_pr</c> and <c>auc_roc</c> from the dataset curves (examples/test_metrics.py);
/// the curves iou, dice and fpr. <c>maxfm</c>, <c>meanfm</c> and <c>adpfm</c> are <c>Fm.max</c>, <c>Fm.mean</c> and
/// <c>Fm.adp</c> bit for bit and are not written again (they are aliases of the Fm family's numbers).
/// </summary>
public sealed class FmeasureV2Family : PySodFamily<FmeasureV2Record>
{
    private const int Points = PySodConstants.Levels;

    private static readonly string[] Scalars = ScalarNames();
    private static readonly string[] PerImage = ConfusionHandlers.All.Where(h => h != ConfusionHandler.FMeasure)
        .Select(h => "adp" + ConfusionHandlers.Key(h))
        .Concat(ConfusionHandlers.All.Select(h => "sample_bi" + ConfusionHandlers.Key(h)))
        .ToArray();

    public override string Name => "FmeasureV2";

    public override IReadOnlyList<string> ScalarKeys => Scalars;

    public override IReadOnlyList<string> CurveKeys { get; } = ["iou", "dice", "fpr"];

    public override IReadOnlyList<string> PerImageKeys => PerImage;

    public override FmeasureV2Record Measure(PySodPair pair) => new(pair.Counts, pair.BinaryCounts);

    public override DatasetMetrics Reduce(ReductionInput<FmeasureV2Record> input)
    {
        var grouped = Grouped(input);
        var images = input.Images;
        var handlers = ConfusionHandlers.Count;
        var curves = PySodMeans.Curve(images.Count, handlers * Points, input.GroupStarts, grouped, (i, values) => images[i].Counts.HandlerCurves(values));
        var adaptive = HandlerValues(images, r => r.Counts.Adaptive);
        var binary = HandlerValues(images, r => r.Binary);
        var overall = OverallCounts.Values(images.Count, input.GroupStarts, grouped, i => images[i].Binary, out var kappaOverflows);

        var scalars = new List<KeyValuePair<string, double?>>(Scalars.Length);
        void Add(string name, double value) => scalars.Add(new(name, double.IsNaN(value) ? null : value));
        foreach (var h in ConfusionHandlers.All)
        {
            var key = ConfusionHandlers.Key(h);
            var curve = Curve(curves, h);
            if (h != ConfusionHandler.FMeasure)
            {
                Add("adp" + key, PySodMeans.Scalar(adaptive[(int)h], input.GroupStarts, grouped));
                Add("mean" + key, PySodMeans.CurveMean(curve, grouped));
                Add("max" + key, PySodMeans.Max(curve));
            }

            Add("sample_bi" + key, PySodMeans.Scalar(binary[(int)h], input.GroupStarts, grouped));
            Add("overall_bi" + key, overall[(int)h]);
        }

        var precision = Curve(curves, ConfusionHandler.Precision);
        var recall = Curve(curves, ConfusionHandler.Recall);
        var falsePositiveRate = Curve(curves, ConfusionHandler.FalsePositiveRate);
        Add("auc_pr", TrapezoidAuc.Of(precision, recall));
        Add("auc_roc", TrapezoidAuc.Of(recall, falsePositiveRate));

        var notes = kappaOverflows
            ? new[]
            {
                "overall_bikappa: PySODMetrics 1.6.2 raises here (its kappa numerator, summed over this many pixels, "
                + "no longer fits numpy's uint64); the value written is the exact one",
            }
            : [];
        return new DatasetMetrics(
            scalars,
            [
                new("iou", Curve(curves, ConfusionHandler.IoU).ToArray()),
                new("dice", Curve(curves, ConfusionHandler.Dice).ToArray()),
                new("fpr", falsePositiveRate.ToArray()),
            ],
            new Dictionary<string, IReadOnlyList<string>>(),
            notes);
    }

    public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(FmeasureV2Record record)
    {
        var adaptive = record.Counts.Adaptive;
        foreach (var h in ConfusionHandlers.All.Where(h => h != ConfusionHandler.FMeasure))
        {
            yield return new("adp" + ConfusionHandlers.Key(h), ConfusionHandlers.Value(h, adaptive));
        }

        foreach (var h in ConfusionHandlers.All)
        {
            yield return new("sample_bi" + ConfusionHandlers.Key(h), ConfusionHandlers.Value(h, record.Binary));
        }
    }

    public override void Write(BinaryWriter writer, FmeasureV2Record record)
    {
        ThresholdCountsCodec.Write(writer, record.Counts);
        ConfusionCountsCodec.Write(writer, record.Binary);
    }

    public override FmeasureV2Record Read(BinaryReader reader) =>
        new(ThresholdCountsCodec.Read(reader), ConfusionCountsCodec.Read(reader));

    private static ReadOnlySpan<double> Curve(double[] curves, ConfusionHandler handler) => curves.AsSpan((int)handler * Points, Points);

    /// <summary>Per handler, each image's value of the counts <paramref name="select"/> picks.</summary>
    private static double[][] HandlerValues(IReadOnlyList<FmeasureV2Record> images, Func<FmeasureV2Record, ConfusionCounts> select)
    {
        var values = new double[ConfusionHandlers.Count][];
        for (var h = 0; h < values.Length; h++)
        {
            values[h] = new double[images.Count];
        }

        Span<double> image = stackalloc double[ConfusionHandlers.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var c = select(images[i]);
            ConfusionHandlers.Values(c.TruePositives, c.FalsePositives, c.TrueNegatives, c.FalseNegatives, image);
            for (var h = 0; h < values.Length; h++)
            {
                values[h][i] = image[h];
            }
        }

        return values;
    }

    private static string[] ScalarNames()
    {
        var names = new List<string>();
        foreach (var h in ConfusionHandlers.All)
        {
            var key = ConfusionHandlers.Key(h);
            if (h != ConfusionHandler.FMeasure)
            {
                names.AddRange(["adp" + key, "mean" + key, "max" + key]);
            }

            names.AddRange(["sample_bi" + key, "overall_bi" + key]);
        }

        names.AddRange(["auc_pr", "auc_roc"]);
        return names.ToArray();
    }
}

/// <summary>Confusion counts as cache bytes: four int64.</summary>
internal static class ConfusionCountsCodec
{
    public static void Write(BinaryWriter writer, ConfusionCounts counts)
    {
        writer.Write(counts.TruePositives);
        writer.Write(counts.FalsePositives);
        writer.Write(counts.TrueNegatives);
        writer.Write(counts.FalseNegatives);
    }

    public static ConfusionCounts Read(BinaryReader reader) =>
        new(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
}
