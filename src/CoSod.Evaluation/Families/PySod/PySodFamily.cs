using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>What the pysodmetrics profile asks of each of its families, whatever their record type.</summary>
public interface IPySodFamily
{
    /// <summary>Work on the ground truth that this family reads from the pair (prepared only when a selected family asks).</summary>
    PySodGroundTruthWork Needs { get; }
}

/// <summary>A family of the pysodmetrics profile: it also declares what ground-truth work it needs.</summary>
/// <typeparam name="TRecord">What is kept of one image.</typeparam>
public abstract class PySodFamily<TRecord> : MetricFamily<PySodPair, TRecord>, IPySodFamily
{
    /// <inheritdoc/>
    public virtual PySodGroundTruthWork Needs => PySodGroundTruthWork.None;

    /// <summary>Whether the toolkit's grouped mode (group mean) reduces this input.</summary>
    protected static bool Grouped<T>(ReductionInput<T> input) => input.Aggregation == Aggregation.GroupMean;
}

/// <summary>A family that keeps one double per image and reports its mean under one name.</summary>
public abstract class PySodScalarFamily : PySodFamily<double>
{
    /// <summary>The one key, written as the dataset number and per image.</summary>
    protected abstract string Key { get; }

    public override IReadOnlyList<string> ScalarKeys => [Key];

    public override IReadOnlyList<string> PerImageKeys => [Key];

    public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(double record) =>
        [new(Key, double.IsNaN(record) ? null : record)];

    public override void Write(BinaryWriter writer, double record) => writer.Write(record);

    public override double Read(BinaryReader reader) => reader.ReadDouble();

    /// <summary>
    /// The mean over the images whose value is defined; the others (NaN) are listed under the key as undefined and,
    /// when there are any, <paramref name="note"/> of their count says why.
    /// </summary>
    protected DatasetMetrics MeanOfDefined(ReductionInput<double> input, Func<int, string> note)
    {
        var value = PySodMeans.Scalar(input.Images, input.GroupStarts, Grouped(input));
        var undefined = new List<string>();
        for (var i = 0; i < input.Images.Count; i++)
        {
            if (double.IsNaN(input.Images[i]))
            {
                undefined.Add(input.Keys[i]);
            }
        }

        return new DatasetMetrics(
            [new(Key, double.IsNaN(value) ? null : value)],
            [],
            undefined.Count == 0 ? new Dictionary<string, IReadOnlyList<string>>() : new() { [Key] = undefined },
            undefined.Count == 0 ? [] : [note(undefined.Count)]);
    }
}
