using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CoSod.Cli;
using CoSod.Cli.Commands;
using CoSod.Data.Datasets;
using CoSod.Data.Files;
using CoSod.Data.Imaging;
using CoSod.Models.Inference;

namespace CoSod.Cli.Models.Commands;

/// <summary><c>cosod predict</c>: run a network over image folders and write its maps where <c>cosod eval</c> reads them.</summary>
public static class PredictCommand
{
    private static readonly ModelOptions Model = new(required: true);

    private static readonly Option<string> Out = new("--out")
    {
        Description = "Method folder for the maps: <out>/<Dataset>/<group>/<stem>.png (e.g. <pred-root>/GCoNet+)",
        Required = true,
    };

    private static readonly Option<string[]> Datasets = new("--datasets")
    {
        Description = "Datasets to predict, comma-separated (default: every folder under --images)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "libtorch threads (the same count gives identical maps) and image decoding threads",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<long> MaxPixels = new("--max-pixels")
    {
        Description = "Refuse images whose header declares more pixels than this (decompression bombs)",
        DefaultValueFactory = _ => ImageLimits.Default.MaxPixels,
    };

    private static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces with errors",
    };

    static PredictCommand()
    {
        Threads.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--threads must be at least 1.");
            }
        });
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("predict", "Run GCoNet+, GCoNet or GICD on image folders and write one PNG map per image")
        {
            Out, Datasets, Threads, MaxPixels, Verbose,
        };
        foreach (var option in Model.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var threads = parse.GetValue(Threads);
        var verbose = parse.GetValue(Verbose);
        var imagesRoot = parse.GetValue(Model.Images)!;
        var outRoot = parse.GetValue(Out)!;
        IReadOnlyList<string> datasets;
        try
        {
            // Before the network is loaded: a wrong --out fails in milliseconds, not after the first group.
            OutputLocation.CheckFolder(outRoot, "--out", [new InputRoot(imagesRoot, "--images", "a dataset of input images")]);
        }
        catch (OutputException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        try
        {
            datasets = CommandLists.Split(parse.GetValue(Datasets)) ?? DatasetDiscovery.DiscoverDatasets(imagesRoot);
        }
        catch (DatasetException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        using var model = Model.Load(parse, threads, context, verbose);
        if (model is null)
        {
            return ExitCodes.UnusableInput;
        }

        var predictor = new GroupPredictor(model, ImageLimits.Default with { MaxPixels = parse.GetValue(MaxPixels) }, threads);
        var clock = Stopwatch.StartNew();
        var results = new List<DatasetPrediction>();
        foreach (var dataset in datasets)
        {
            try
            {
                var progress = context.Interactive
                    ? new GroupProgress(p => context.Error.Write($"\r{dataset}: group {p.Done}/{p.Total} ({p.Group})    "))
                    : null;
                results.Add(FolderPrediction.Run(predictor, imagesRoot, dataset, outRoot, progress));
                if (context.Interactive)
                {
                    context.Error.WriteLine();
                }
            }
            catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine("cosod: " + e.Message);
                return ExitCodes.UnusableInput;
            }
        }

        var found = results.Sum(r => r.ImagesFound);
        var written = results.Sum(r => r.MapsWritten);
        foreach (var result in results)
        {
            context.Output.WriteLine($"{result.Dataset}: wrote {result.MapsWritten} of {result.ImagesFound} maps to {Path.Combine(outRoot, result.Dataset)}");
            foreach (var failure in result.Failures)
            {
                context.Error.WriteLine("cosod: " + failure.Message);
            }

            if (result.GroupsFailed.Count > 0)
            {
                context.Output.WriteLine($"  {result.GroupsFailed.Count} group(s) not predicted because an image could not be read: {string.Join(", ", result.GroupsFailed)}");
            }

            if (result.Ignored.Count > 0)
            {
                var shown = string.Join(", ", result.Ignored.Take(3).Select(f => $"{f.RelativePath} ({f.Reason})"));
                var more = result.Ignored.Count > 3 ? $", ... ({result.Ignored.Count - 3} more)" : string.Empty;
                context.Output.WriteLine($"  ignored {result.Ignored.Count} file(s): {shown}{more}");
            }
        }

        context.Output.WriteLine($"Model {model.Description.DisplayName} on {model.Provenance.First(p => p.Key == "model_device").Value}, "
            + $"{threads} thread(s); weights " + string.Join(", ", model.Weights.Select(w => $"{Path.GetFileName(w.Path)} (sha256 {w.Sha256[..12]}…)")));
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cosod: {written} of {found} maps in {clock.Elapsed.TotalSeconds:F1} s"));
        if (written < found)
        {
            context.Error.WriteLine($"cosod: {found - written} image(s) have no map (see above): the prediction is incomplete. Fix or remove the unreadable images and run again.");
            return ExitCodes.UnusableInput;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool and could print late).</summary>
    private sealed class GroupProgress(Action<(string Group, int Done, int Total)> report) : IProgress<(string Group, int Done, int Total)>
    {
        public void Report((string Group, int Done, int Total) value) => report(value);
    }
}
