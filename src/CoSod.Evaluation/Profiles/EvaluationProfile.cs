using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Results;
using CoSod.Metrics;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// One reference toolbox reproduced end to end: how files become grey maps, how a prediction of another size
/// is resized, how a pair is scored and how images become dataset numbers. Discovery and matching are ours
/// and shared by every profile; a profile never drops or adds images.
/// </summary>
/// <remarks>
/// The runner calls <see cref="PrepareGroundTruth"/> once per ground-truth image (whatever depends on the
/// mask alone is computed there and shared by every method), <see cref="Measure"/> once per pair, possibly
/// on several threads, and <see cref="Reduce"/> once per method and dataset on the scored images in
/// ordinal group/stem order. Implementations keep no mutable state.
/// </remarks>
public abstract class EvaluationProfile
{
    /// <summary>The name used on the command line and in metrics.json.</summary>
    public abstract string Name { get; }

    /// <summary>One line: which toolbox, at which commit.</summary>
    public abstract string Description { get; }

    /// <summary>The resampling rule applied to a prediction whose size differs from its ground truth, in words.</summary>
    public abstract string ResizeRule { get; }

    public abstract IReadOnlyList<Aggregation> Aggregations { get; }

    public Aggregation DefaultAggregation => Aggregations[0];

    /// <summary>Settings of this profile that change numbers, recorded in metrics.json's options.</summary>
    public virtual IEnumerable<KeyValuePair<string, string>> Options => [];

    /// <summary>Reads a ground-truth file the way the toolbox does.</summary>
    public abstract object ReadGroundTruth(string path, ImageLimits limits);

    /// <summary>Reads a prediction file the way the toolbox does.</summary>
    public abstract object ReadPrediction(string path, ImageLimits limits);

    /// <summary>
    /// What <see cref="ReadPrediction"/> would return for an 8-bit grey PNG holding <paramref name="map"/>: how a
    /// model's map, scored live, enters the profile exactly as if it had been saved and read back.
    /// </summary>
    public abstract object PredictionFromMap(GreyMap map);

    /// <summary>
    /// Why the toolbox would not score this prediction file by its own rule (the MATLAB toolbox reads only
    /// <c>*.png</c>), or null when it would. A skipped map is listed, not counted as missing.
    /// </summary>
    public virtual string? SkipReason(string predictionPath) => null;

    /// <summary>What this toolbox would do differently with these files (crash, drop, take a file for a group), in words.</summary>
    public virtual IEnumerable<string> InputNotes(DatasetGroundTruth groundTruth, PredictionSet predictions) => [];

    /// <param name="groundTruth">What <see cref="ReadGroundTruth"/> returned.</param>
    public abstract object PrepareGroundTruth(object groundTruth);

    /// <param name="preparedGroundTruth">What <see cref="PrepareGroundTruth"/> returned.</param>
    /// <param name="groundTruth">What <see cref="ReadGroundTruth"/> returned.</param>
    /// <param name="prediction">What <see cref="ReadPrediction"/> returned.</param>
    public abstract ImageOutcome Measure(object preparedGroundTruth, object groundTruth, object prediction);

    /// <param name="images">Scored images in ordinal group/stem order.</param>
    /// <param name="keys">The "group/stem" key of each image.</param>
    /// <param name="groupStarts">Index of the first image of each group.</param>
    /// <param name="aggregation">One of <see cref="Aggregations"/>.</param>
    public abstract DatasetMetrics Reduce(
        IReadOnlyList<ImageOutcome> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts,
        Aggregation aggregation);

    /// <summary>The image's own values under the flattened metric names, for --per-image.</summary>
    public abstract IReadOnlyList<KeyValuePair<string, double?>> PerImageValues(ImageOutcome image);

    /// <summary>
    /// The scores object of one pair (<see cref="ImageOutcome.Scores"/>) as bytes, for the result cache: exactly the
    /// fields <see cref="Reduce"/> and <see cref="PerImageValues"/> need, doubles bit for bit, so that scores read back
    /// by <see cref="DeserializeScores"/> give byte-identical numbers.
    /// </summary>
    /// <param name="scores">What <see cref="Measure"/> put in <see cref="ImageOutcome.Scores"/>.</param>
    public abstract byte[] SerializeScores(object scores);

    /// <summary>The inverse of <see cref="SerializeScores"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is not what <see cref="SerializeScores"/> writes for this profile.</exception>
    public abstract object DeserializeScores(ReadOnlySpan<byte> payload);
}

/// <summary>A profile whose toolbox reads every file as one 8-bit grey plane (<see cref="GreyMap"/>).</summary>
public abstract class GreyMapProfile : EvaluationProfile
{
    /// <summary>Whose grey conversion colour files follow.</summary>
    public abstract GreyConversion GreyRule { get; }

    public override object ReadGroundTruth(string path, ImageLimits limits) => GreyImageReader.Read(path, GreyRule, limits);

    public override object ReadPrediction(string path, ImageLimits limits) => GreyImageReader.Read(path, GreyRule, limits);

    /// <summary>Every grey rule reads an 8-bit grey PNG as its stored samples.</summary>
    public override object PredictionFromMap(GreyMap map) => map;
}

/// <summary>The profile-specific scores of one pair, and whether the prediction had to be resized.</summary>
public sealed record ImageOutcome(object Scores, bool Resized);
