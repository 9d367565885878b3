using System.CommandLine;
using CoSod.Data.Datasets;
using CoSod.Data.Imaging;

namespace CoSod.Cli.Extension;

/// <summary>
/// What the model package adds to the base command line, which knows nothing of TorchSharp: <c>cosod predict</c> and
/// the live source of <c>cosod eval --model</c>. The base <c>cosod</c> plugs in <see cref="ModelPackageMissing"/>,
/// whose commands name the install command of the model package; <c>cosod-models</c> plugs in the real one.
/// </summary>
public interface IModelSupport
{
    /// <summary>Null when the models are here; otherwise the one line that says how to get them.</summary>
    string? MissingPackageMessage { get; }

    /// <summary>The options <c>cosod eval</c> takes for a live model (<c>--model</c>, <c>--weights</c>, ...), shared instances.</summary>
    IReadOnlyList<Option> EvalOptions { get; }

    /// <summary>The network <c>--model</c> names, or null when eval scores saved maps.</summary>
    string? RequestedModel(ParseResult parse);

    /// <summary>The model-only options given on the command line (they are an error without <c>--model</c>).</summary>
    IReadOnlyList<string> ModelOnlyOptionsGiven(ParseResult parse);

    /// <summary>Loads the network for live evaluation; on failure writes one clear line and returns null.</summary>
    ILiveModelSource? OpenLive(ParseResult parse, LiveModelSettings settings, CliContext context);

    /// <summary><c>cosod predict</c>.</summary>
    Command CreatePredictCommand(CliContext context);
}

/// <summary>What a live model needs from <c>cosod eval</c>'s own options.</summary>
/// <param name="ImagesRoot">The network's input images (<c>--images</c>).</param>
/// <param name="Limits">Decoding limits (<c>--max-pixels</c>).</param>
/// <param name="Threads">libtorch and decoding threads (<c>--threads</c>).</param>
/// <param name="Verbose">Whether errors carry their stack trace.</param>
public sealed record LiveModelSettings(string ImagesRoot, ImageLimits Limits, int Threads, bool Verbose);

/// <summary>A loaded network as the evaluation's map source; disposing it frees the network.</summary>
public interface ILiveModelSource : ILiveMapSource, IDisposable
{
}
