namespace CoSod.Evaluation.Running;

/// <summary>Progress of a run: images (ground truths) done out of the total, and the dataset being scored.</summary>
public readonly record struct EvaluationProgress(string Dataset, int ImagesDone, int ImagesTotal);
