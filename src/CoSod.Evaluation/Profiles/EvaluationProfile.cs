using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Running;
using CoSod.Metrics;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// One reference toolbox reproduced end to end: how files become maps, how a prediction of another size is resized,
/// which metric families it offers, and how images become dataset numbers. Discovery and matching are ours and shared
/// by every profile; a profile never drops or adds images. The typed pipeline is
/// <see cref="EvaluationProfile{TImage, TTruth, TPair}"/>; this base holds what commands and the runner need to know
/// without the types.
/// </summary>
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

    /// <summary>
    /// <see cref="Options"/> as they hold under <paramref name="aggregation"/>: a toolbox may read or resize differently
    /// per mode (PySODEvalToolkit's grouped mode resizes with INTER_CUBIC). The result cache keys on these.
    /// </summary>
    public virtual IEnumerable<KeyValuePair<string, string>> OptionsFor(Aggregation aggregation) => Options;

    /// <summary>The metric families this profile offers, in the order their numbers are written.</summary>
    public abstract IReadOnlyList<FamilyInfo> Families { get; }

    /// <summary>Names the command line accepts for a metric this profile writes under another key (maxfm for Fm.max).</summary>
    public virtual IReadOnlyDictionary<string, string> MetricAliases { get; } = new Dictionary<string, string>();

    /// <summary>The families computed when <c>--metrics</c> is not given.</summary>
    public MetricSelection DefaultSelection => new(Families.Where(f => f.InDefaultSet).Select(f => f.Name).ToList());

    /// <summary>
    /// Why the toolbox would not score this prediction file by its own rule (the MATLAB toolbox reads only
    /// <c>*.png</c>), or null when it would. A skipped map is listed, not counted as missing.
    /// </summary>
    public virtual string? SkipReason(string predictionPath) => null;

    /// <summary>What this toolbox would do differently with these files (crash, drop, take a file for a group), in words.</summary>
    public virtual IEnumerable<string> InputNotes(DatasetGroundTruth groundTruth, PredictionSet predictions) => [];

    /// <summary>The resize rule in words under <paramref name="aggregation"/> (a toolbox may resize differently per mode).</summary>
    public virtual string ResizeRuleFor(Aggregation aggregation) => ResizeRule;

    /// <summary>The typed scoring of one dataset: its ground truth against each method's maps, the selected families only.</summary>
    internal abstract DatasetScoring CreateScoring(ScoringSettings settings, DatasetGroundTruth groundTruth, IReadOnlyList<PredictionSet> predictions);
}

/// <summary>What the command line and metrics.json know of a family without its types.</summary>
public sealed record FamilyInfo(
    string Name, IReadOnlyList<string> ScalarKeys, IReadOnlyList<string> CurveKeys, IReadOnlyList<string> PerImageKeys, bool InDefaultSet)
{
    /// <summary>Null when the family can always be computed; otherwise the option it needs, in words.</summary>
    public string? Requires { get; init; }
}

/// <summary>
/// A toolbox's typed pipeline: files become <typeparamref name="TImage"/>s, a ground truth is prepared once into a
/// <typeparamref name="TTruth"/> shared by every method, and each prediction against it becomes a
/// <typeparamref name="TPair"/> that the selected families measure.
/// </summary>
/// <typeparam name="TImage">A decoded file as the toolbox holds it.</typeparam>
/// <typeparam name="TTruth">Everything derived from a ground truth alone, for the selected families.</typeparam>
/// <typeparam name="TPair">A prediction (resized as the toolbox resizes) against a prepared ground truth.</typeparam>
public abstract class EvaluationProfile<TImage, TTruth, TPair> : EvaluationProfile
    where TImage : class
    where TTruth : class
    where TPair : class
{
    /// <summary>Every family this profile offers, typed; <see cref="EvaluationProfile.Families"/> describes the same list.</summary>
    public abstract IReadOnlyList<MetricFamily<TPair>> TypedFamilies { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<FamilyInfo> Families => TypedFamilies
        .Select(f => new FamilyInfo(f.Name, f.ScalarKeys, f.CurveKeys, f.PerImageKeys, IsDefault(f)) { Requires = Requirement(f) })
        .ToList();

    /// <summary>Reads a ground-truth or prediction file the way the toolbox does.</summary>
    public abstract TImage Read(string path, ImageLimits limits);

    /// <summary>
    /// What <see cref="Read"/> would return for an 8-bit grey PNG holding <paramref name="map"/>: how a model's map,
    /// scored live, enters the profile exactly as if it had been saved and read back.
    /// </summary>
    public abstract TImage FromMap(GreyMap map);

    /// <summary>Whatever depends on the ground truth alone and the selected families need; shared by every method.</summary>
    public abstract TTruth Prepare(TImage groundTruth, PreparationContext context);

    /// <summary>The prediction against the ground truth, resized by the toolbox's rule when the sizes differ.</summary>
    public abstract TPair Pair(TTruth truth, TImage prediction, Aggregation aggregation, out bool resized);

    /// <summary>Curves every selection writes first (the thresholds the curve points belong to).</summary>
    public virtual IReadOnlyList<KeyValuePair<string, double[]>> LeadingCurves(MetricSelection selection) => [];

    /// <summary>Whether a family is computed without <c>--metrics</c>.</summary>
    protected virtual bool IsDefault(MetricFamily<TPair> family) => true;

    /// <summary>The option a family needs (e.g. RGB images), or null.</summary>
    protected virtual string? Requirement(MetricFamily<TPair> family) => null;

    /// <summary>The typed families of a selection, in the profile's order.</summary>
    public IReadOnlyList<MetricFamily<TPair>> Selected(MetricSelection selection) =>
        TypedFamilies.Where(f => selection.Contains(f.Name)).ToList();

    internal override DatasetScoring CreateScoring(ScoringSettings settings, DatasetGroundTruth groundTruth, IReadOnlyList<PredictionSet> predictions) =>
        new DatasetScoring<TImage, TTruth, TPair>(this, settings, groundTruth, predictions);
}

/// <summary>What preparing a ground truth may use beyond the mask: the selection, and the RGB image of the pair when given.</summary>
/// <param name="Selection">The families that will be measured against this ground truth.</param>
/// <param name="ImagePath">The input image of this ground truth (<c>--images</c>), or null.</param>
/// <param name="Limits">The caps every file read obeys.</param>
public sealed record PreparationContext(MetricSelection Selection, string? ImagePath, ImageLimits Limits);
