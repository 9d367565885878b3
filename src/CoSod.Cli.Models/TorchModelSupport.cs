using System.CommandLine;
using CoSod.Cli.Extension;
using CoSod.Cli.Models.Commands;
using CoSod.Data.Datasets;
using CoSod.Data.Files;
using CoSod.Metrics;
using CoSod.Models.Inference;

namespace CoSod.Cli.Models;

/// <summary>The model package's half of the command line: <c>cosod predict</c> and the live source of <c>cosod eval --model</c>.</summary>
public sealed class TorchModelSupport : IModelSupport
{
    // Shared instances, as every option of the command line is: each run builds its commands from them.
    private static readonly ModelOptions Model = new(required: false);

    private static readonly Option<string?> SaveMaps = new("--save-maps")
    {
        Description = "With --model: also keep the maps as <save-maps>/<Dataset>/<group>/<stem>.png",
    };

    // After the options: static fields are initialised in order, and the instance reads them.
    public static TorchModelSupport Instance { get; } = new();

    private TorchModelSupport()
    {
    }

    public string? MissingPackageMessage => null;

    public IReadOnlyList<Option> EvalOptions { get; } = [.. Model.ForEval, SaveMaps];

    public string? RequestedModel(ParseResult parse) => parse.GetValue(Model.Model);

    public IReadOnlyList<string> ModelOnlyOptionsGiven(ParseResult parse) =>
        EvalOptions.Where(o => o != Model.Model && parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    public ILiveModelSource? OpenLive(ParseResult parse, LiveModelSettings settings, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        if (parse.GetValue(SaveMaps) is { } saveMaps)
        {
            try
            {
                OutputLocation.CheckFolder(saveMaps, "--save-maps", [new InputRoot(settings.ImagesRoot, "--images", "a dataset of input images")]);
            }
            catch (OutputException e)
            {
                context.Error.WriteLine("cosod: " + e.Message);
                return null;
            }
        }

        var model = Model.Load(parse, settings.Threads, context, settings.Verbose);
        if (model is null)
        {
            return null;
        }

        var source = new ModelMapSource(model, new GroupPredictor(model, settings.Limits, settings.Threads), settings.ImagesRoot, parse.GetValue(SaveMaps));
        return new LiveModel(model, source);
    }

    public Command CreatePredictCommand(CliContext context) => PredictCommand.Create(context);

    /// <summary>The map source of a loaded network; disposing it frees the network.</summary>
    private sealed class LiveModel(LoadedModel model, ModelMapSource source) : ILiveModelSource
    {
        public string Method => source.Method;

        public IReadOnlyList<KeyValuePair<string, string>> Provenance => source.Provenance;

        public PredictionSet Match(DatasetGroundTruth groundTruth) => source.Match(groundTruth);

        public IReadOnlyDictionary<string, GreyMap> PredictGroup(string dataset, string group) => source.PredictGroup(dataset, group);

        public void Dispose() => model.Dispose();
    }
}
