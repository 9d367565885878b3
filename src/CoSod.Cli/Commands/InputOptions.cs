using System.CommandLine;

namespace CoSod.Cli.Commands;

/// <summary>
/// How <c>cosod eval</c> and <c>cosod check</c> are told what to score: folders (<c>--gt</c>, <c>--pred</c>) or
/// PySODEvalToolkit's dataset and method JSON files (<c>--dataset-json</c>, <c>--method-json</c>, with its four
/// include/exclude options). Shared instances, so both commands take exactly the same arguments.
/// </summary>
internal static class InputOptions
{
    public static readonly Option<string?> GroundTruth = new("--gt")
    {
        Description = "Ground-truth root: <gt>/<Dataset>/[GroundTruth|binary/]<group>/<stem>.png (or --dataset-json)",
    };

    public static readonly Option<string?> Predictions = new("--pred")
    {
        Description = "Prediction root: <pred>/<Method>/<Dataset>/<group>/<stem>.<png|jpg|jpeg|bmp> (or --method-json, or --model to score a network live)",
    };

    public static readonly Option<string[]> Datasets = new("--datasets")
    {
        Description = "Datasets to score, comma-separated (default: every folder under --gt)",
        AllowMultipleArgumentsPerToken = true,
    };

    public static readonly Option<string[]> Methods = new("--methods")
    {
        Description = "Methods to score, comma-separated (default: every folder under --pred)",
        AllowMultipleArgumentsPerToken = true,
    };

    public static readonly Option<string?> GroundTruthFolder = new("--gt-folder")
    {
        Description = "Sub-folder of each dataset holding the groups (GroundTruth, binary, or . for none); default: detected",
    };

    public static readonly Option<string?> DatasetJson = new("--dataset-json")
    {
        Description = "PySODEvalToolkit dataset JSON ({name: {mask: {path, prefix, suffix}, index_file}}), read as the toolkit reads it; "
            + "paths are taken from the working folder",
    };

    public static readonly Option<string[]> MethodJson = new("--method-json")
    {
        Description = "PySODEvalToolkit method JSON file(s) ({method: {dataset: {path, prefix, suffix}}}); several are merged in order",
        AllowMultipleArgumentsPerToken = true,
    };

    public static readonly Option<string[]> IncludeMethods = ListOption("--include-methods", "With --method-json: only these methods, in this order");

    public static readonly Option<string[]> ExcludeMethods = ListOption("--exclude-methods", "With --method-json: every method but these");

    public static readonly Option<string[]> IncludeDatasets = ListOption("--include-datasets", "With --dataset-json: only these datasets, in this order");

    public static readonly Option<string[]> ExcludeDatasets = ListOption("--exclude-datasets", "With --dataset-json: every dataset but these");

    public static IEnumerable<Option> All =>
    [
        GroundTruth, Predictions, Datasets, Methods, GroundTruthFolder,
        DatasetJson, MethodJson, IncludeMethods, ExcludeMethods, IncludeDatasets, ExcludeDatasets,
    ];

    /// <summary>The inputs as typed values; on a usage error writes one line and returns null.</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="context">Where errors go.</param>
    /// <param name="live">Whether a model supplies the maps (no --pred, no --method-json).</param>
    public static EvaluationInputs? Read(ParseResult parse, CliContext context, bool live)
    {
        string? Problem()
        {
            var toolkit = parse.GetValue(DatasetJson) is not null || parse.GetValue(MethodJson) is { Length: > 0 };
            var selections = new[] { IncludeMethods, ExcludeMethods, IncludeDatasets, ExcludeDatasets }
                .Where(o => parse.GetValue(o) is { Length: > 0 }).Select(o => o.Name).ToList();
            if (toolkit)
            {
                var folderOptions = new Option[] { GroundTruth, Predictions, Datasets, Methods, GroundTruthFolder }
                    .Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
                if (folderOptions.Count > 0)
                {
                    return $"{string.Join(", ", folderOptions)} and --dataset-json/--method-json describe the inputs two ways; give one "
                        + "(with the JSON files, choose with --include-datasets, --include-methods and their --exclude-* twins).";
                }

                if (live)
                {
                    return "--model scores a network live and takes --gt and --images, not --dataset-json/--method-json.";
                }

                if (parse.GetValue(DatasetJson) is null || parse.GetValue(MethodJson) is not { Length: > 0 })
                {
                    return "--dataset-json and --method-json go together, as in PySODEvalToolkit's eval.py: pass both.";
                }

                return null;
            }

            if (selections.Count > 0)
            {
                return $"{string.Join(", ", selections)} choose entries of --dataset-json/--method-json; with folders, use --datasets and --methods.";
            }

            if (parse.GetValue(GroundTruth) is null)
            {
                return "no ground truth given: pass --gt <root> (<gt>/<Dataset>/[GroundTruth|binary/]<group>/<stem>.png), "
                    + "or PySODEvalToolkit configs with --dataset-json and --method-json.";
            }

            var datasets = CommandLists.Split(parse.GetValue(Datasets));
            var methods = CommandLists.Split(parse.GetValue(Methods));
            return CommandLists.FirstPath(datasets, "--datasets") ?? CommandLists.FirstPath(methods, "--methods");
        }

        if (Problem() is { } problem)
        {
            context.Error.WriteLine("cosod: " + problem);
            return null;
        }

        return new EvaluationInputs
        {
            GroundTruthRoot = parse.GetValue(GroundTruth),
            PredictionRoot = parse.GetValue(Predictions),
            Datasets = CommandLists.Split(parse.GetValue(Datasets)),
            Methods = CommandLists.Split(parse.GetValue(Methods)),
            GroundTruthFolder = parse.GetValue(GroundTruthFolder),
            DatasetJson = parse.GetValue(DatasetJson),
            MethodJsons = parse.GetValue(MethodJson) is { Length: > 0 } files ? files : [],
            IncludeMethods = CommandLists.Split(parse.GetValue(IncludeMethods)),
            ExcludeMethods = CommandLists.Split(parse.GetValue(ExcludeMethods)),
            IncludeDatasets = CommandLists.Split(parse.GetValue(IncludeDatasets)),
            ExcludeDatasets = CommandLists.Split(parse.GetValue(ExcludeDatasets)),
        };
    }

    private static Option<string[]> ListOption(string name, string description) => new(name)
    {
        Description = description + " (space- or comma-separated)",
        AllowMultipleArgumentsPerToken = true,
    };
}
