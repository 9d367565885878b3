using CoSod.Data.Datasets;

namespace CoSod.Evaluation.Running;

/// <summary>
/// Resolves what an evaluation scores before anything is decoded, so a wrong name fails in milliseconds and a dry
/// run (<c>cosod check</c>) can show the pairing without scoring: each dataset's ground truth and every method's
/// matching predictions, with a note on every result of a dataset that carries a benchmark's name but differs from
/// its official release.
/// </summary>
public static class EvaluationPlanner
{
    /// <exception cref="DatasetException">A root, dataset or method folder is unusable.</exception>
    public static IReadOnlyList<DatasetPlan> Plan(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Plans is { } given)
        {
            return given;
        }

        var live = request.LiveSource;
        var datasets = request.Datasets ?? DatasetDiscovery.DiscoverDatasets(request.GroundTruthRoot);
        var methods = live is not null ? [] : request.Methods ?? DatasetDiscovery.DiscoverMethods(request.PredictionRoot!);
        var plans = new List<DatasetPlan>();
        foreach (var dataset in datasets)
        {
            var groundTruth = DatasetDiscovery.LoadGroundTruth(request.GroundTruthRoot, dataset, request.GroundTruthFolder);
            var predictions = live is not null
                ? [live.Match(groundTruth)]
                : methods.Select(m => DatasetDiscovery.MatchPredictions(groundTruth, request.PredictionRoot!, m)).ToList();
            plans.Add(new DatasetPlan(groundTruth, WithBenchmarkNote(groundTruth, predictions)));
        }

        return plans;
    }

    /// <summary>The predictions, each carrying the dataset's difference from its official release when there is one.</summary>
    public static IReadOnlyList<PredictionSet> WithBenchmarkNote(DatasetGroundTruth groundTruth, IReadOnlyList<PredictionSet> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (KnownBenchmarks.Compare(groundTruth)?.Note is not { } note)
        {
            return predictions;
        }

        return predictions
            .Select(p => new PredictionSet(p.Method, p.Folder, p.FolderExists, p.Paths, p.Missing, p.Ignored, [.. p.Notes, $"{groundTruth.Name}: {note}"]))
            .ToList();
    }
}
