using CoSod.Data.Datasets;

namespace CoSod.Evaluation.Results;

/// <summary>One method on one dataset: what was expected, what was scored, what was left out and why, and the numbers.</summary>
public sealed class EvaluationResult
{
    public required string Method { get; init; }

    public required string Dataset { get; init; }

    public required int ImagesExpected { get; init; }

    public required int ImagesScored { get; init; }

    public required IReadOnlyList<string> MissingPredictions { get; init; }

    public required IReadOnlyList<IgnoredFile> IgnoredFiles { get; init; }

    /// <summary>Keys of predictions whose size differed from the ground truth and were resized by the profile's rule.</summary>
    public required IReadOnlyList<string> ResizedPredictions { get; init; }

    /// <summary>Null when no image could be scored (every prediction missing).</summary>
    public required DatasetMetrics? Metrics { get; init; }

    public IReadOnlyList<ImageValues>? PerImage { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public bool Complete => ImagesScored == ImagesExpected;
}
