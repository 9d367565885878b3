using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Profiles;

namespace CoSod.Evaluation.Running;

/// <summary>What to score and how: the arguments of <c>cosod eval</c> as typed values.</summary>
public sealed record EvaluationRequest
{
    public required string GroundTruthRoot { get; init; }

    /// <summary>The folder of saved maps, <c>&lt;pred&gt;/&lt;Method&gt;/&lt;Dataset&gt;/…</c>; null when <see cref="LiveSource"/> is set.</summary>
    public string? PredictionRoot { get; init; }

    /// <summary>
    /// A model scored live, group by group, instead of saved maps: exactly one of this and
    /// <see cref="PredictionRoot"/> is set. The score cache is not used for live maps.
    /// </summary>
    public ILiveMapSource? LiveSource { get; init; }

    /// <summary>
    /// What to score, already resolved (<see cref="EvaluationPlanner.Plan"/>, or a PySODEvalToolkit config); null: resolve
    /// it from the roots, <see cref="Datasets"/> and <see cref="Methods"/>.
    /// </summary>
    public IReadOnlyList<DatasetPlan>? Plans { get; init; }

    /// <summary>Null: every dataset found under the ground-truth root.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }

    /// <summary>Null: every method found under the prediction root.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    public required EvaluationProfile Profile { get; init; }

    /// <summary>Null: the profile's default.</summary>
    public Aggregation? Aggregation { get; init; }

    /// <summary>Sub-folder of each dataset that holds the group folders (GroundTruth, binary, "."); null: detect.</summary>
    public string? GroundTruthFolder { get; init; }

    public int Threads { get; init; } = 1;

    public bool PerImage { get; init; }

    public ImageLimits Limits { get; init; } = ImageLimits.Default;

    /// <summary>
    /// Null: no cache. Otherwise per-image scores are looked up by content hash before anything is decoded and
    /// stored after scoring; the numbers are the same either way, so the cache is recorded nowhere in the report.
    /// </summary>
    public Caching.ScoreCache? Cache { get; init; }

    /// <summary>Null: the profile's default families; otherwise exactly these (<c>--metrics</c>).</summary>
    public Families.MetricSelection? Metrics { get; init; }

    /// <summary>
    /// The input images (<c>&lt;images&gt;/&lt;Dataset&gt;/[Image/]&lt;group&gt;/&lt;stem&gt;.jpg</c>) for families that read
    /// them (ccm), with saved maps; null when none are given.
    /// </summary>
    public string? ImagesRoot { get; init; }

    /// <summary>Notes every result carries (what <c>--metrics all</c> left out, and why).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Null: no confidence intervals; otherwise a percentile bootstrap of every dataset number.</summary>
    public Statistics.BootstrapSettings? Bootstrap { get; init; }
}
