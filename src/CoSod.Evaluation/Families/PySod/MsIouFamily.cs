using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Metrics.Numerics;
using CoSod.Metrics.PySod;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>
/// PySODMetrics 1.6.2 <c>MSIoU(with_dynamic, with_adaptive, with_binary)</c>, multi-scale IoU of edge maps (ICIP
/// 2021): <c>adpmsiou</c>, <c>meanmsiou</c> and <c>maxmsiou</c> of the 257-point dataset curve (thresholds 0..256 on
/// the quantised map, ascending, as MSIoU itself orders them), <c>sample_bimsiou</c>; the curve <c>msiou</c> with its
/// own thresholds <c>msiou_thresholds</c> (t / 255; t = 256 selects no pixel).
/// </summary>
public sealed class MsIouFamily : PySodFamily<MultiScaleIoUScores>
{
    private static readonly double[] Thresholds =
        Enumerable.Range(0, MultiScaleIoU.Thresholds).Select(t => t / 255.0).ToArray();

    public override string Name => "MSIoU";

    public override IReadOnlyList<string> ScalarKeys { get; } = ["adpmsiou", "meanmsiou", "maxmsiou", "sample_bimsiou"];

    public override IReadOnlyList<string> CurveKeys { get; } = ["msiou_thresholds", "msiou"];

    public override IReadOnlyList<string> PerImageKeys { get; } = ["adpmsiou", "sample_bimsiou"];

    public override PySodGroundTruthWork Needs => PySodGroundTruthWork.MultiScaleEdges;

    public override MultiScaleIoUScores Measure(PySodPair pair) => MultiScaleIoU.Measure(pair);

    public override DatasetMetrics Reduce(ReductionInput<MultiScaleIoUScores> input)
    {
        var grouped = Grouped(input);
        var images = input.Images;
        var curve = PySodMeans.Curve(images.Count, MultiScaleIoU.Thresholds, input.GroupStarts, grouped, (i, values) => images[i].Curve.CopyTo(values));
        var adaptive = PySodMeans.Scalar(images.Select(s => s.Adaptive).ToArray(), input.GroupStarts, grouped);
        var binary = PySodMeans.Scalar(images.Select(s => s.Binary).ToArray(), input.GroupStarts, grouped);

        // MSIoU's curve is ascending in both modes, so its mean is numpy's over the curve as it stands.
        return new DatasetMetrics(
            [
                new("adpmsiou", adaptive),
                new("meanmsiou", NumpySum.Pairwise(curve) / curve.Length),
                new("maxmsiou", PySodMeans.Max(curve)),
                new("sample_bimsiou", binary),
            ],
            [new("msiou_thresholds", Thresholds.ToArray()), new("msiou", curve)],
            new Dictionary<string, IReadOnlyList<string>>(),
            []);
    }

    public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(MultiScaleIoUScores record) =>
        [new("adpmsiou", record.Adaptive), new("sample_bimsiou", record.Binary)];

    public override void Write(BinaryWriter writer, MultiScaleIoUScores record)
    {
        ScoreSerialization.WriteDoubles(writer, record.Curve);
        writer.Write(record.Adaptive);
        writer.Write(record.Binary);
    }

    public override MultiScaleIoUScores Read(BinaryReader reader) =>
        new(ScoreSerialization.ReadDoubles(reader, MultiScaleIoU.Thresholds), reader.ReadDouble(), reader.ReadDouble());
}
