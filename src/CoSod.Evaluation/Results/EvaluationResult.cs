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

    /// <summary>
    /// Images whose prediction exists but which the profile's toolbox does not score by its own rule (the
    /// MATLAB toolbox reads only <c>*.png</c>): key and reason. Not missing: they do not make a run incomplete.
    /// </summary>
    public IReadOnlyList<IgnoredFile> SkippedByProfile { get; init; } = [];

    /// <summary>Keys of predictions whose size differed from the ground truth and were resized by the profile's rule.</summary>
    public required IReadOnlyList<string> ResizedPredictions { get; init; }

    /// <summary>Null when no image could be scored (every prediction missing).</summary>
    public required DatasetMetrics? Metrics { get; init; }

    public IReadOnlyList<ImageValues>? PerImage { get; init; }

    /// <summary>Bootstrap confidence interval [low, high] of each dataset number, when requested (eval --ci).</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>>? Intervals { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Every expected image was scored, or skipped by the profile's own rule; nothing is missing.</summary>
    public bool Complete => MissingPredictions.Count == 0 && ImagesScored + SkippedByProfile.Count == ImagesExpected;
}
