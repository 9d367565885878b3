using System.CommandLine;

namespace CoSod.Cli.Extension;

/// <summary>
/// The base package's stand-in for the models: <c>predict</c> and <c>eval --model</c> parse as they do in the model
/// package (so a command line meant for it is not misread as a typo) and then exit 2 naming the install command.
/// </summary>
public sealed class ModelPackageMissing : IModelSupport
{
    private static readonly Option<string?> Model = new("--model")
    {
        Description = $"Score a network live (GCoNet+, GCoNet, GICD): needs the model package {ToolPackages.WithModels} (README, Install)",
    };

    // Accepted so that a model command line gets the install hint, not "unknown option"; hidden because they do nothing here.
    private static readonly Option<string?> Weights = new("--weights") { Hidden = true };
    private static readonly Option<string?> Vgg = new("--vgg") { Hidden = true };
    private static readonly Option<string?> Device = new("--device") { Hidden = true };
    private static readonly Option<bool> OfficialForward = new("--official-forward") { Hidden = true };
    private static readonly Option<string?> SaveMaps = new("--save-maps") { Hidden = true };

    // After the options: static fields are initialised in order, and the instance reads them.
    public static ModelPackageMissing Instance { get; } = new();

    private ModelPackageMissing()
    {
    }

    public string? MissingPackageMessage =>
        $"the models (predict, eval --model) are in the package {ToolPackages.WithModels}, not in this {ToolPackages.Base} "
        + $"(which holds no TorchSharp or libtorch). Install it in place of this one: {ToolPackages.SwitchToModelsCommand}";

    public IReadOnlyList<Option> EvalOptions { get; } = [Model, Weights, Vgg, Device, OfficialForward, SaveMaps];

    public string? RequestedModel(ParseResult parse) => parse.GetValue(Model);

    public IReadOnlyList<string> ModelOnlyOptionsGiven(ParseResult parse) =>
        EvalOptions.Where(o => o != Model && parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    public ILiveModelSource? OpenLive(ParseResult parse, LiveModelSettings settings, CliContext context)
    {
        context.Error.WriteLine("cosod: eval --model: " + MissingPackageMessage);
        return null;
    }

    public Command CreatePredictCommand(CliContext context)
    {
        var command = new Command("predict", $"Run GCoNet+, GCoNet or GICD on image folders (needs the model package {ToolPackages.WithModels})")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(_ =>
        {
            context.Error.WriteLine("cosod: predict: " + MissingPackageMessage);
            return ExitCodes.UnusableInput;
        });
        return command;
    }
}
