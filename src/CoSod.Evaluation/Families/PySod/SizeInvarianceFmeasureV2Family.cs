using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.SizeInvariance;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>
/// PySODMetrics 1.6.2 <c>SizeInvarianceFmeasureV2</c> (ICML 2024) with the eleven handlers, reduced as its test
/// suite does: per handler <c>si_sample_max*</c>, <c>si_sample_mean*</c> (per target max / mean over thresholds,
/// mean over the image's targets, mean over images), <c>si_sample_adp*</c>, <c>si_sample_bi*</c>,
/// <c>si_overall_max*</c>, <c>si_overall_mean*</c> (of the curve averaged over every target of every image) and
/// <c>si_overall_bi*</c> (binary counts summed over all targets); the AUCs <c>si_overall_auc_pr/roc</c> (of the
/// overall curves) and <c>si_sample_auc_pr/roc</c> (per target, then as the sample numbers). Images PySODMetrics
/// cannot score (no background pixel, 64 or more targets) are listed under this family's name and left out.
/// </summary>
/// <remarks>
/// The overall curves are summed per image, then over images: with several targets in an image the sum's rounding
/// differs from PySODMetrics' single pass over all targets in the last bits (far below 1e-12).
/// </remarks>
public sealed class SizeInvarianceFmeasureV2Family : PySodFamily<SizeInvariantScores>
{
    private const int Points = PySodConstants.Levels;

    private static readonly string[] Scalars = ScalarNames();
    private static readonly string[] PerImage = ConfusionHandlers.All.Select(h => "si_sample_adp" + ConfusionHandlers.Key(h))
        .Concat(ConfusionHandlers.All.Select(h => "si_sample_bi" + ConfusionHandlers.Key(h)))
        .ToArray();

    public override string Name => "SizeInvarianceFmeasureV2";

    public override IReadOnlyList<string> ScalarKeys => Scalars;

    public override IReadOnlyList<string> PerImageKeys => PerImage;

    public override PySodGroundTruthWork Needs => PySodGroundTruthWork.SizeInvariantTargets;

    public override SizeInvariantScores Measure(PySodPair pair) => SizeInvariantFMeasure.Measure(pair);

    public override DatasetMetrics Reduce(ReductionInput<SizeInvariantScores> input)
    {
        var grouped = Grouped(input);
        var images = input.Images;
        var undefined = new List<string>();
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Status != SizeInvariantStatus.Defined)
            {
                undefined.Add(input.Keys[i]);
            }
        }

        var scalars = new List<KeyValuePair<string, double?>>(Scalars.Length);
        void Add(string name, double value) => scalars.Add(new(name, double.IsNaN(value) ? null : value));
        double Sample(Func<SizeInvariantScores, double> value) =>
            PySodMeans.Scalar(images.Select(s => s.Status == SizeInvariantStatus.Defined ? value(s) : double.NaN).ToArray(), input.GroupStarts, grouped);

        var anyDefined = undefined.Count < images.Count;
        var curves = anyDefined
            ? PySodMeans.PooledCurve(images.Count, ConfusionHandlers.Count * Points, input.GroupStarts, grouped, i => images[i].Targets, i => images[i].OverallCurves)
            : null;
        var overall = OverallCounts.Values(
            images.Count, input.GroupStarts, grouped,
            i => images[i].Status == SizeInvariantStatus.Defined ? images[i].OverallBinary : null,
            out var kappaOverflows);
        foreach (var h in ConfusionHandlers.All)
        {
            var key = ConfusionHandlers.Key(h);
            var index = (int)h;
            Add("si_overall_mean" + key, curves is null ? double.NaN : PySodMeans.CurveMean(Curve(curves, h), grouped));
            Add("si_overall_max" + key, curves is null ? double.NaN : PySodMeans.Max(Curve(curves, h)));
            Add("si_overall_bi" + key, anyDefined ? overall[index] : double.NaN);
            Add("si_sample_mean" + key, Sample(s => s.SampleMean[index]));
            Add("si_sample_max" + key, Sample(s => s.SampleMax[index]));
            Add("si_sample_adp" + key, Sample(s => s.SampleAdaptive[index]));
            Add("si_sample_bi" + key, Sample(s => s.SampleBinary[index]));
        }

        Add("si_overall_auc_pr", curves is null ? double.NaN
            : TrapezoidAuc.Of(Curve(curves, ConfusionHandler.Precision), Curve(curves, ConfusionHandler.Recall)));
        Add("si_overall_auc_roc", curves is null ? double.NaN
            : TrapezoidAuc.Of(Curve(curves, ConfusionHandler.Recall), Curve(curves, ConfusionHandler.FalsePositiveRate)));
        Add("si_sample_auc_pr", Sample(s => s.SampleAucPr));
        Add("si_sample_auc_roc", Sample(s => s.SampleAucRoc));

        var notes = SizeInvarianceNotes.For("The size-invariant FmeasureV2 (si_*)", images.Select(s => s.Status).ToList());
        if (kappaOverflows && anyDefined)
        {
            notes.Add("si_overall_bikappa: PySODMetrics 1.6.2 raises here (its kappa numerator, summed over every target's "
                + "whole image, no longer fits numpy's uint64); the value written is the exact one");
        }

        return new DatasetMetrics(
            scalars,
            [],
            undefined.Count == 0 ? new Dictionary<string, IReadOnlyList<string>>() : new() { [Name] = undefined },
            notes);
    }

    public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(SizeInvariantScores record)
    {
        var defined = record.Status == SizeInvariantStatus.Defined;
        foreach (var h in ConfusionHandlers.All)
        {
            yield return new("si_sample_adp" + ConfusionHandlers.Key(h), defined ? record.SampleAdaptive[(int)h] : null);
        }

        foreach (var h in ConfusionHandlers.All)
        {
            yield return new("si_sample_bi" + ConfusionHandlers.Key(h), defined ? record.SampleBinary[(int)h] : null);
        }
    }

    public override void Write(BinaryWriter writer, SizeInvariantScores record)
    {
        writer.Write((byte)record.Status);
        if (record.Status != SizeInvariantStatus.Defined)
        {
            return;
        }

        writer.Write(record.Targets);
        ScoreSerialization.WriteDoubles(writer, record.SampleMax);
        ScoreSerialization.WriteDoubles(writer, record.SampleMean);
        ScoreSerialization.WriteDoubles(writer, record.SampleAdaptive);
        ScoreSerialization.WriteDoubles(writer, record.SampleBinary);
        writer.Write(record.SampleAucPr);
        writer.Write(record.SampleAucRoc);
        ScoreSerialization.WriteDoubles(writer, record.OverallCurves);
        ConfusionCountsCodec.Write(writer, record.OverallBinary);
    }

    public override SizeInvariantScores Read(BinaryReader reader)
    {
        var status = SizeInvarianceNotes.ReadStatus(reader);
        if (status != SizeInvariantStatus.Defined)
        {
            return SizeInvariantScores.Undefined(status);
        }

        var targets = reader.ReadInt32();
        if (targets < 1)
        {
            throw new InvalidDataException($"a size-invariant record with {targets} targets");
        }

        var handlers = ConfusionHandlers.Count;
        return new SizeInvariantScores(
            status, targets, ScoreSerialization.ReadDoubles(reader, handlers), ScoreSerialization.ReadDoubles(reader, handlers),
            ScoreSerialization.ReadDoubles(reader, handlers), ScoreSerialization.ReadDoubles(reader, handlers),
            reader.ReadDouble(), reader.ReadDouble(), ScoreSerialization.ReadDoubles(reader, handlers * Points),
            ConfusionCountsCodec.Read(reader));
    }

    private static ReadOnlySpan<double> Curve(double[] curves, ConfusionHandler handler) => curves.AsSpan((int)handler * Points, Points);

    private static string[] ScalarNames()
    {
        var names = new List<string>();
        foreach (var h in ConfusionHandlers.All)
        {
            var key = ConfusionHandlers.Key(h);
            names.AddRange([
                "si_overall_mean" + key, "si_overall_max" + key, "si_overall_bi" + key,
                "si_sample_mean" + key, "si_sample_max" + key, "si_sample_adp" + key, "si_sample_bi" + key,
            ]);
        }

        names.AddRange(["si_overall_auc_pr", "si_overall_auc_roc", "si_sample_auc_pr", "si_sample_auc_roc"]);
        return names.ToArray();
    }
}
