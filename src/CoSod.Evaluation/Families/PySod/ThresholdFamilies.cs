using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>
/// The F-measure over 256 thresholds (PySODMetrics <c>Fmeasure</c>, beta^2 = 0.3): max and mean of the dataset F
/// curve, the mean adaptive F, and the precision, recall and F curves. Keeps the image's threshold counts, shared
/// with the E-measure family.
/// </summary>
public sealed class FMeasureFamily : PySodFamily<PySodThresholdCounts>
{
    public override string Name => "Fm";

    public override IReadOnlyList<string> ScalarKeys { get; } = ["Fm.max", "Fm.mean", "Fm.adp"];

    public override IReadOnlyList<string> CurveKeys { get; } = ["precision", "recall", "fm"];

    public override IReadOnlyList<string> PerImageKeys { get; } = ["Fm.max", "Fm.mean", "Fm.adp"];

    public override PySodThresholdCounts Measure(PySodPair pair) => pair.Counts;

    public override DatasetMetrics Reduce(ReductionInput<PySodThresholdCounts> input)
    {
        const int Points = PySodConstants.Levels;
        var grouped = Grouped(input);
        var images = input.Images;
        var all = PySodMeans.Curve(images.Count, 3 * Points, input.GroupStarts, grouped, (i, values) =>
        {
            var c = images[i];
            for (var t = 0; t < Points; t++)
            {
                var precision = c.Precision(t);
                var recall = c.Recall(t);
                values[t] = precision;
                values[Points + t] = recall;
                values[(2 * Points) + t] = PySodFormulas.FMeasure(precision, recall);
            }
        });
        var f = all[(2 * Points)..];
        var adaptive = PySodMeans.Scalar(images.Select(c => c.AdaptiveF).ToList(), input.GroupStarts, grouped);
        return new DatasetMetrics(
            [new("Fm.max", PySodMeans.Max(f)), new("Fm.mean", PySodMeans.CurveMean(f, grouped)), new("Fm.adp", adaptive)],
            [new("precision", all[..Points]), new("recall", all[Points..(2 * Points)]), new("fm", f)],
            new Dictionary<string, IReadOnlyList<string>>(),
            []);
    }

    public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(PySodThresholdCounts record)
    {
        var (max, mean) = MaxAndMean(record.FMeasure);
        return [new("Fm.max", max), new("Fm.mean", mean), new("Fm.adp", record.AdaptiveF)];
    }

    public override void Write(BinaryWriter writer, PySodThresholdCounts record) => ThresholdCountsCodec.Write(writer, record);

    public override PySodThresholdCounts Read(BinaryReader reader) => ThresholdCountsCodec.Read(reader);

    /// <summary>An image's own curve maximum and mean (a sequential sum over thresholds 0..255).</summary>
    internal static (double Max, double Mean) MaxAndMean(Func<int, double> curve)
    {
        double max = double.MinValue, sum = 0;
        for (var t = 0; t < PySodConstants.Levels; t++)
        {
            var v = curve(t);
            max = Math.Max(max, v);
            sum += v;
        }

        return (max, sum / PySodConstants.Levels);
    }
}

/// <summary>
/// The E-measure over 256 thresholds (PySODMetrics <c>Emeasure</c>): max and mean of the dataset E curve, the mean
/// adaptive E, and the E curve.
/// </summary>
public sealed class EMeasureFamily : PySodFamily<PySodThresholdCounts>
{
    public override string Name => "Em";

    public override IReadOnlyList<string> ScalarKeys { get; } = ["Em.max", "Em.mean", "Em.adp"];

    public override IReadOnlyList<string> CurveKeys { get; } = ["em"];

    public override IReadOnlyList<string> PerImageKeys { get; } = ["Em.max", "Em.mean", "Em.adp"];

    public override PySodThresholdCounts Measure(PySodPair pair) => pair.Counts;

    public override DatasetMetrics Reduce(ReductionInput<PySodThresholdCounts> input)
    {
        var grouped = input.Aggregation == Aggregation.GroupMean;
        var images = input.Images;
        var e = PySodMeans.Curve(images.Count, PySodConstants.Levels, input.GroupStarts, grouped, (i, values) =>
        {
            for (var t = 0; t < values.Length; t++)
            {
                values[t] = images[i].EMeasure(t);
            }
        });
        var adaptive = PySodMeans.Scalar(images.Select(c => c.AdaptiveE).ToList(), input.GroupStarts, grouped);
        return new DatasetMetrics(
            [new("Em.max", PySodMeans.Max(e)), new("Em.mean", PySodMeans.CurveMean(e, grouped)), new("Em.adp", adaptive)],
            [new("em", e)],
            new Dictionary<string, IReadOnlyList<string>>(),
            []);
    }

    public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(PySodThresholdCounts record)
    {
        var (max, mean) = FMeasureFamily.MaxAndMean(record.EMeasure);
        return [new("Em.max", max), new("Em.mean", mean), new("Em.adp", record.AdaptiveE)];
    }

    public override void Write(BinaryWriter writer, PySodThresholdCounts record) => ThresholdCountsCodec.Write(writer, record);

    public override PySodThresholdCounts Read(BinaryReader reader) => ThresholdCountsCodec.Read(reader);
}

/// <summary>Threshold counts as cache bytes: every field, counts as int32, the threshold bit for bit.</summary>
internal static class ThresholdCountsCodec
{
    public static void Write(BinaryWriter writer, PySodThresholdCounts counts)
    {
        writer.Write(counts.PixelCount);
        writer.Write(counts.ForegroundCount);
        ScoreSerialization.WriteInts(writer, counts.TruePositives);
        ScoreSerialization.WriteInts(writer, counts.FalsePositives);
        writer.Write(counts.AdaptiveTruePositives);
        writer.Write(counts.AdaptiveFalsePositives);
        writer.Write(counts.AdaptiveThreshold);
    }

    public static PySodThresholdCounts Read(BinaryReader reader)
    {
        var pixelCount = reader.ReadInt32();
        var foregroundCount = reader.ReadInt32();
        var truePositives = ScoreSerialization.ReadInts(reader, PySodConstants.Levels);
        var falsePositives = ScoreSerialization.ReadInts(reader, PySodConstants.Levels);
        return PySodThresholdCounts.Restore(
            pixelCount, foregroundCount, truePositives, falsePositives, reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble());
    }
}
