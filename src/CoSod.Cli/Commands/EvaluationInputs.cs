using CoSod.Data.Files;
using CoSod.Data.ToolkitConfigs;
using CoSod.Evaluation.Running;

namespace CoSod.Cli.Commands;

/// <summary>What <c>cosod eval</c> or <c>cosod check</c> was told to score, before anything is listed.</summary>
internal sealed record EvaluationInputs
{
    public string? GroundTruthRoot { get; init; }

    public string? PredictionRoot { get; init; }

    public IReadOnlyList<string>? Datasets { get; init; }

    public IReadOnlyList<string>? Methods { get; init; }

    public string? GroundTruthFolder { get; init; }

    public string? DatasetJson { get; init; }

    public IReadOnlyList<string> MethodJsons { get; init; } = [];

    public IReadOnlyList<string>? IncludeMethods { get; init; }

    public IReadOnlyList<string>? ExcludeMethods { get; init; }

    public IReadOnlyList<string>? IncludeDatasets { get; init; }

    public IReadOnlyList<string>? ExcludeDatasets { get; init; }

    /// <summary>Whether the inputs are PySODEvalToolkit configs rather than folders.</summary>
    public bool FromToolkitConfigs => DatasetJson is not null;

    /// <summary>How messages name the ground truth (the root, or the dataset JSON).</summary>
    public string GroundTruthName => DatasetJson ?? GroundTruthRoot!;

    /// <summary>The input trees an output folder must stay out of.</summary>
    public IReadOnlyList<InputRoot> Roots(string? imagesRoot)
    {
        var roots = new List<InputRoot>();
        if (GroundTruthRoot is { } gt)
        {
            roots.Add(new InputRoot(gt, "--gt", "a dataset"));
        }

        if (PredictionRoot is { } predictions)
        {
            roots.Add(new InputRoot(predictions, "--pred", "a method"));
        }

        if (imagesRoot is not null)
        {
            roots.Add(new InputRoot(imagesRoot, "--images", "a dataset of input images"));
        }

        return roots;
    }

    /// <summary>
    /// Reads the PySODEvalToolkit configs and pairs their files (flat, or grouped for group-mean); a dataset named
    /// after a benchmark carries the note on how it differs from the release.
    /// </summary>
    /// <exception cref="ToolkitConfigException">A file or an entry is unusable.</exception>
    public ToolkitEvaluation ReadToolkitConfigs(bool grouped)
    {
        var methodFiles = string.Join(", ", MethodJsons);
        var datasets = ToolkitConfigFiles.ReadDatasets(DatasetJson!);
        var methods = ToolkitConfigFiles.ReadMethods(MethodJsons);
        var datasetNames = ToolkitSelection.Choose(datasets.Select(d => d.Name).ToList(), IncludeDatasets, ExcludeDatasets, "datasets", DatasetJson!);
        var methodNames = ToolkitSelection.Choose(methods.Select(m => m.Name).ToList(), IncludeMethods, ExcludeMethods, "methods", methodFiles);
        var evaluation = ToolkitPlans.Build(
            datasetNames.Select(n => datasets.First(d => d.Name == n)).ToList(),
            methodNames.Select(n => methods.First(m => m.Name == n)).ToList(),
            grouped, DatasetJson!, methodFiles);

        // A dataset named after a benchmark is compared with its release here too, as the folder discovery does.
        return evaluation with
        {
            Plans = evaluation.Plans
                .Select(p => p with { Predictions = EvaluationPlanner.WithBenchmarkNote(p.GroundTruth, p.Predictions) })
                .ToList(),
        };
    }
}
