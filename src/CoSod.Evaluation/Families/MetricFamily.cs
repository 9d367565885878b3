using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;

namespace CoSod.Evaluation.Families;

/// <summary>
/// A unit of metrics a profile computes together from one pair: its name, the numbers it writes, and how a pair
/// becomes one typed record per image (<see cref="MetricFamily{TPair, TRecord}"/>). A family is computed only when
/// the selection asks for it, and it reads shared per-image work from the pair (<typeparamref name="TPair"/>), which
/// computes each piece once, on first use.
/// </summary>
/// <typeparam name="TPair">The profile's per-pair context: the prediction as the toolbox reads it against its ground truth.</typeparam>
public abstract class MetricFamily<TPair>
{
    /// <summary>The family's name on the command line (<c>--metrics Sm</c>), also its cache identity.</summary>
    public abstract string Name { get; }

    /// <summary>The dataset numbers it writes under each result's <c>metrics</c>, in order.</summary>
    public abstract IReadOnlyList<string> ScalarKeys { get; }

    /// <summary>The curves it writes under each result's <c>curves</c>, in order.</summary>
    public virtual IReadOnlyList<string> CurveKeys => [];

    /// <summary>The values it writes per image with <c>--per-image</c>, in order.</summary>
    public abstract IReadOnlyList<string> PerImageKeys { get; }

    /// <summary>A column of <paramref name="imageCount"/> records for one method on one dataset.</summary>
    internal abstract IScoreColumn<TPair> CreateColumn(int imageCount);
}

/// <summary>A family whose per-image result is a <typeparamref name="TRecord"/>: measured once, reduced many times.</summary>
/// <typeparam name="TPair">The profile's per-pair context.</typeparam>
/// <typeparam name="TRecord">What is kept of one image: exactly what the reduction and the per-image values need, never pixels.</typeparam>
public abstract class MetricFamily<TPair, TRecord> : MetricFamily<TPair>
{
    /// <summary>The image's record. Called once per pair, possibly on several threads at once; keeps no state.</summary>
    public abstract TRecord Measure(TPair pair);

    /// <summary>The dataset numbers of the given images (in ordinal group/stem order, or a bootstrap resample).</summary>
    public abstract DatasetMetrics Reduce(ReductionInput<TRecord> input);

    /// <summary>The image's own values under <see cref="MetricFamily{TPair}.PerImageKeys"/>; null where undefined.</summary>
    public abstract IEnumerable<KeyValuePair<string, double?>> PerImageValues(TRecord record);

    /// <summary>The record as bytes for the result cache: every field the reduction reads, doubles bit for bit.</summary>
    public abstract void Write(BinaryWriter writer, TRecord record);

    /// <summary>The inverse of <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not what <see cref="Write"/> writes.</exception>
    public abstract TRecord Read(BinaryReader reader);

    internal override IScoreColumn<TPair> CreateColumn(int imageCount) => new ScoreColumn<TPair, TRecord>(this, imageCount);
}

/// <summary>
/// What a reduction sees: the records of the images it reduces, their "group/stem" keys, where each group starts
/// and how images become a dataset number.
/// </summary>
/// <typeparam name="TRecord">The family's per-image record.</typeparam>
public sealed record ReductionInput<TRecord>(
    IReadOnlyList<TRecord> Images, IReadOnlyList<string> Keys, IReadOnlyList<int> GroupStarts, Aggregation Aggregation)
{
    /// <summary>The index one past the last image of group <paramref name="group"/>.</summary>
    public int GroupEnd(int group) => group + 1 < GroupStarts.Count ? GroupStarts[group + 1] : Images.Count;
}

/// <summary>One family's records for one method on one dataset, seen through the pair type alone.</summary>
/// <typeparam name="TPair">The profile's per-pair context.</typeparam>
internal interface IScoreColumn<in TPair>
{
    void Measure(int image, TPair pair);

    DatasetMetrics Reduce(IReadOnlyList<int> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts, Aggregation aggregation);

    IEnumerable<KeyValuePair<string, double?>> PerImageValues(int image);

    void Write(int image, BinaryWriter writer);

    void Read(int image, BinaryReader reader);
}

/// <summary>The typed storage behind <see cref="IScoreColumn{TPair}"/>: one record slot per image, filled in any order.</summary>
internal sealed class ScoreColumn<TPair, TRecord>(MetricFamily<TPair, TRecord> family, int imageCount) : IScoreColumn<TPair>
{
    private readonly TRecord[] _records = new TRecord[imageCount];

    public void Measure(int image, TPair pair) => _records[image] = family.Measure(pair);

    public DatasetMetrics Reduce(IReadOnlyList<int> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts, Aggregation aggregation) =>
        family.Reduce(new ReductionInput<TRecord>(new Picked(_records, images), keys, groupStarts, aggregation));

    public IEnumerable<KeyValuePair<string, double?>> PerImageValues(int image) => family.PerImageValues(_records[image]);

    public void Write(int image, BinaryWriter writer) => family.Write(writer, _records[image]);

    public void Read(int image, BinaryReader reader) => _records[image] = family.Read(reader);

    /// <summary>The records at the given indices, in that order, without copying them.</summary>
    private sealed class Picked(TRecord[] records, IReadOnlyList<int> indices) : IReadOnlyList<TRecord>
    {
        public int Count => indices.Count;

        public TRecord this[int index] => records[indices[index]];

        public IEnumerator<TRecord> GetEnumerator()
        {
            for (var i = 0; i < indices.Count; i++)
            {
                yield return records[indices[i]];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
