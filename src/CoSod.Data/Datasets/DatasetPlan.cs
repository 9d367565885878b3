namespace CoSod.Data.Datasets;

/// <summary>What one dataset's evaluation scores: its ground truth and, aligned with it, each method's predictions.</summary>
/// <param name="GroundTruth">The dataset's images, sorted by key.</param>
/// <param name="Predictions">One set per method, in the order the results are reported.</param>
public sealed record DatasetPlan(DatasetGroundTruth GroundTruth, IReadOnlyList<PredictionSet> Predictions);
