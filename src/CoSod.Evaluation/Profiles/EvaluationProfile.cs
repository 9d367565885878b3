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

    public abstract GreyConversion GreyRule { get; }

    /// <summary>The resampling rule applied to a prediction whose size differs from its ground truth, in words.</summary>
    public abstract string ResizeRule { get; }

    public abstract IReadOnlyList<Aggregation> Aggregations { get; }

    public Aggregation DefaultAggregation => Aggregations[0];

    /// <summary>Settings of this profile that change numbers, recorded in metrics.json's options.</summary>
    public virtual IEnumerable<KeyValuePair<string, string>> Options => [];

    public abstract object PrepareGroundTruth(GreyMap groundTruth);

    public abstract ImageOutcome Measure(object preparedGroundTruth, GreyMap groundTruth, GreyMap prediction);

    /// <param name="images">Scored images in ordinal group/stem order.</param>
    /// <param name="keys">The "group/stem" key of each image.</param>
    /// <param name="groupStarts">Index of the first image of each group.</param>
    /// <param name="aggregation">One of <see cref="Aggregations"/>.</param>
    public abstract DatasetMetrics Reduce(
        IReadOnlyList<ImageOutcome> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts,
        Aggregation aggregation);

    /// <summary>The image's own values under the flattened metric names, for --per-image.</summary>
    public abstract IReadOnlyList<KeyValuePair<string, double?>> PerImageValues(ImageOutcome image);
}

/// <summary>The profile-specific scores of one pair, and whether the prediction had to be resized.</summary>
public sealed record ImageOutcome(object Scores, bool Resized);
