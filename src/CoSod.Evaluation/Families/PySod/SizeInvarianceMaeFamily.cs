using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.SizeInvariance;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>
/// PySODMetrics 1.6.2 <c>SizeInvarianceMAE</c> (<c>si_mae</c>, lower is better). Undefined where PySODMetrics raises (a
/// ground truth without background, 64 targets or more) or returns NaN (the target boxes cover the image): such
/// images are listed, left out of the mean, and a note says what PySODMetrics does.
/// </summary>
public sealed class SizeInvarianceMaeFamily : PySodFamily<SizeInvariantMaeScore>
{
    private const string Key = "si_mae";

    public override string Name => "SizeInvarianceMAE";

    public override IReadOnlyList<string> ScalarKeys { get; } = [Key];

    public override IReadOnlyList<string> PerImageKeys { get; } = [Key];

    public override PySodGroundTruthWork Needs => PySodGroundTruthWork.SizeInvariantTargets;

    public override SizeInvariantMaeScore Measure(PySodPair pair) => SizeInvariantMae.Measure(pair);

    public override DatasetMetrics Reduce(ReductionInput<SizeInvariantMaeScore> input)
    {
        var values = input.Images.Select(s => s.Value).ToArray();
        var value = PySodMeans.Scalar(values, input.GroupStarts, Grouped(input));
        var undefined = new List<string>();
        for (var i = 0; i < input.Images.Count; i++)
        {
            if (input.Images[i].Status != SizeInvariantStatus.Defined || input.Images[i].IsNaN)
            {
                undefined.Add(input.Keys[i]);
            }
        }

        var notes = SizeInvarianceNotes.For(Key, input.Images.Select(s => s.Status).ToList());
        var nan = input.Images.Count(s => s.IsNaN);
        if (nan > 0)
        {
            notes.Add($"{Key} is undefined on {nan} image(s) where PySODMetrics 1.6.2 returns NaN (target boxes that cover "
                + "the whole image, or past 53 targets a target its bit fields leave empty: 0 / 0) and so reports a NaN "
                + "dataset si_mae; the value written is the mean over the others");
        }

        return new DatasetMetrics(
            [new(Key, double.IsNaN(value) ? null : value)],
            [],
            undefined.Count == 0 ? new Dictionary<string, IReadOnlyList<string>>() : new() { [Key] = undefined },
            notes);
    }

    public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(SizeInvariantMaeScore record) =>
        [new(Key, double.IsNaN(record.Value) ? null : record.Value)];

    public override void Write(BinaryWriter writer, SizeInvariantMaeScore record)
    {
        writer.Write(record.Value);
        writer.Write((byte)record.Status);
    }

    public override SizeInvariantMaeScore Read(BinaryReader reader) =>
        new(reader.ReadDouble(), SizeInvarianceNotes.ReadStatus(reader));
}
