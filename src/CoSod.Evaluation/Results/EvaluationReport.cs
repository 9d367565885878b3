namespace CoSod.Evaluation.Results;

/// <summary>Everything one <c>cosod eval</c> run produced; serialised as metrics.json.</summary>
public sealed class EvaluationReport
{
    public required string ToolVersion { get; init; }

    public required string Profile { get; init; }

    public required string Aggregation { get; init; }

    public required IReadOnlyList<EvaluationResult> Results { get; init; }

    /// <summary>Every setting that changes numbers, sorted by name (so two runs can be told apart).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Options { get; init; }

    /// <summary>True when every expected image of every method and dataset was scored (or skipped by the profile's rule).</summary>
    public bool Complete => DeclaredComplete ?? Results.All(r => r.Complete);

    /// <summary>The "complete" flag as read from a metrics.json; null for a report made in this process.</summary>
    public bool? DeclaredComplete { get; init; }

    public int ImagesExpected => Results.Sum(r => r.ImagesExpected);

    public int ImagesScored => Results.Sum(r => r.ImagesScored);
}
