using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CoSod.Data.Files;
using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Caching;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Models.Inference;
using CoSod.Reports.Tables;
using Spectre.Console;

namespace CoSod.Cli.Commands;

/// <summary><c>cosod eval</c>: score prediction folders against ground truth and write metrics.json, .csv and .md.</summary>
public static class EvalCommand
{
    private static readonly Option<string> GroundTruth = new("--gt")
    {
        Description = "Ground-truth root: <gt>/<Dataset>/[GroundTruth|binary/]<group>/<stem>.png",
        Required = true,
    };

    private static readonly Option<string?> Predictions = new("--pred")
    {
        Description = "Prediction root: <pred>/<Method>/<Dataset>/<group>/<stem>.<png|jpg|jpeg|bmp> (or --model to score a network live)",
    };

    private static readonly ModelOptions Model = new(required: false);

    private static readonly Option<string?> SaveMaps = new("--save-maps")
    {
        Description = "With --model: also keep the maps as <save-maps>/<Dataset>/<group>/<stem>.png",
    };

    private static readonly Option<string> Out = new("--out")
    {
        Description = "Folder for metrics.json, metrics.csv and metrics.md (created if needed)",
        Required = true,
    };

    private static readonly Option<string[]> Datasets = new("--datasets")
    {
        Description = "Datasets to score, comma-separated (default: every folder under --gt)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string[]> Methods = new("--methods")
    {
        Description = "Methods to score, comma-separated (default: every folder under --pred)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string> Profile = new("--profile")
    {
        Description = "Reference toolbox to reproduce: " + string.Join(", ", ProfileCatalog.Names),
        DefaultValueFactory = _ => PySodMetricsProfile.ProfileName,
    };

    private static readonly Option<string?> Aggregate = new("--aggregate")
    {
        Description = "image-mean (every image weighs 1) or group-mean (per group, then over groups); default: the profile's",
    };

    private static readonly Option<string?> GroundTruthFolder = new("--gt-folder")
    {
        Description = "Sub-folder of each dataset holding the groups (GroundTruth, binary, or . for none); default: detected",
    };

    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "Worker threads (results are bit-identical for any value)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<bool> AllowMissing = new("--allow-missing")
    {
        Description = "Exit 0 even when ground-truth images have no prediction (they are still listed)",
    };

    private static readonly Option<bool> PerImage = new("--per-image")
    {
        Description = "Also write every image's own numbers into metrics.json",
    };

    private static readonly Option<long> MaxPixels = new("--max-pixels")
    {
        Description = "Refuse images whose header declares more pixels than this (decompression bombs)",
        DefaultValueFactory = _ => ImageLimits.Default.MaxPixels,
    };

    private static readonly Option<bool> AcceptCorrupt = new("--accept-corrupt")
    {
        Description = "Score files whose data is corrupt (libjpeg's \"Corrupt JPEG data\", a zlib stream failing its Adler-32 or "
            + "ending early, a palette index past the PLTE) exactly as the profile's reference reader decodes them, with a note "
            + "per file, instead of refusing them",
    };

    private static readonly Option<bool> ConfidenceIntervals = new("--ci")
    {
        Description = "Add 95% percentile-bootstrap confidence intervals of every dataset number (images resampled; groups under group-mean)",
    };

    private static readonly Option<int> Resamples = new("--resamples")
    {
        Description = "Bootstrap resamples for --ci",
        DefaultValueFactory = _ => CoSod.Evaluation.Statistics.BootstrapSettings.DefaultResamples,
    };

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Bootstrap seed for --ci (recorded in metrics.json)",
        DefaultValueFactory = _ => CoSod.Evaluation.Statistics.BootstrapSettings.DefaultSeed,
    };

    private static readonly Option<bool> MatlabThresholds = new("--matlab-thresholds")
    {
        Description = "cosod-matlab only: MATLAB's doubles for 1:-1/255:0 instead of Octave's (the oracle's)",
    };

    private static readonly Option<string?> Cache = new("--cache")
    {
        Description = "Folder of per-image results keyed by the files' SHA-256: a re-run scores only new or changed pairs (numbers unchanged)",
    };

    private static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces with errors",
    };

    static EvalCommand()
    {
        Profile.AcceptOnlyFromAmong([.. ProfileCatalog.Names]);
        Aggregate.AcceptOnlyFromAmong("image-mean", "group-mean");
        Threads.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--threads must be at least 1.");
            }
        });
        Resamples.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < CoSod.Evaluation.Statistics.BootstrapSettings.MinResamples or > CoSod.Evaluation.Statistics.BootstrapSettings.MaxResamples)
            {
                r.AddError($"--resamples must be between {CoSod.Evaluation.Statistics.BootstrapSettings.MinResamples} and {CoSod.Evaluation.Statistics.BootstrapSettings.MaxResamples}.");
            }
        });
        MaxPixels.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<long>();
            if (value < 1 || value > Array.MaxLength)
            {
                r.AddError($"--max-pixels must be between 1 and {Array.MaxLength} (the largest array .NET can hold).");
            }
        });
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("eval", "Score every method on every dataset and write metrics.json, metrics.csv and metrics.md")
        {
            GroundTruth, Predictions, Out, Datasets, Methods, Profile, Aggregate, GroundTruthFolder, Threads,
            AllowMissing, PerImage, MaxPixels, AcceptCorrupt, MatlabThresholds, ConfidenceIntervals, Resamples, Seed, Cache, Verbose, SaveMaps,
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
        var profile = ProfileCatalog.Find(parse.GetValue(Profile)!)!;
        if (parse.GetValue(MatlabThresholds))
        {
            if (profile is not CosodMatlabProfile)
            {
                context.Error.WriteLine($"cosod: --matlab-thresholds applies to --profile {CosodMatlabProfile.ProfileName} only.");
                return ExitCodes.UnusableInput;
            }

            profile = new CosodMatlabProfile(CoSod.Metrics.Matlab.MatlabColon.Matlab);
        }

        Aggregation? aggregation = null;
        if (parse.GetValue(Aggregate) is { } aggregateText)
        {
            AggregationNames.TryParse(aggregateText, out var parsed);
            if (!profile.Aggregations.Contains(parsed))
            {
                context.Error.WriteLine(
                    $"cosod: profile {profile.Name} does not support --aggregate {aggregateText}; it supports "
                    + string.Join(", ", profile.Aggregations.Select(a => a.ToName())) + ".");
                return ExitCodes.UnusableInput;
            }

            aggregation = parsed;
        }

        var live = parse.GetValue(Model.Model) is not null;
        if (live == (parse.GetValue(Predictions) is not null))
        {
            context.Error.WriteLine("cosod: pass either --pred <prediction root> or --model with --weights and --images, not both.");
            return ExitCodes.UnusableInput;
        }

        if (live && (parse.GetValue(Model.Images) is null || parse.GetValue(Methods) is { Length: > 0 } || parse.GetValue(Cache) is not null))
        {
            context.Error.WriteLine("cosod: --model needs --images, and takes neither --methods (the model is the method) nor --cache (live maps have no file to key on).");
            return ExitCodes.UnusableInput;
        }

        if (!live && (parse.GetValue(SaveMaps) is not null || parse.GetValue(Model.Images) is not null || parse.GetValue(Model.Weights) is not null
            || parse.GetValue(Model.Vgg) is not null))
        {
            context.Error.WriteLine("cosod: --images, --weights, --vgg and --save-maps apply with --model only.");
            return ExitCodes.UnusableInput;
        }

        var datasets = CommandLists.Split(parse.GetValue(Datasets));
        var methods = CommandLists.Split(parse.GetValue(Methods));
        if ((CommandLists.FirstPath(datasets, "--datasets") ?? CommandLists.FirstPath(methods, "--methods")) is { } pathProblem)
        {
            context.Error.WriteLine("cosod: " + pathProblem);
            return ExitCodes.UnusableInput;
        }

        var inputs = InputRoots(parse);
        string outFolder;
        try
        {
            outFolder = OutputLocation.CheckFolder(parse.GetValue(Out)!, "--out", inputs);
            if (parse.GetValue(Cache) is { } cachePath)
            {
                OutputLocation.CheckFolder(cachePath, "--cache", inputs);
            }
        }
        catch (OutputException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        ScoreCache? cache = null;
        if (parse.GetValue(Cache) is { } cacheFolder)
        {
            try
            {
                cache = ScoreCache.Open(cacheFolder);
            }
            catch (ScoreCacheException e)
            {
                context.Error.WriteLine($"cosod: --cache {e.Message}. Choose another --cache folder.");
                return ExitCodes.UnusableInput;
            }
        }

        var limits = ImageLimits.Default with { MaxPixels = parse.GetValue(MaxPixels), AcceptCorrupt = parse.GetValue(AcceptCorrupt) };
        var verbose = parse.GetValue(Verbose);
        using var model = live ? Model.Load(parse, parse.GetValue(Threads), context, verbose) : null;
        if (live && model is null)
        {
            return ExitCodes.UnusableInput;
        }

        var request = new EvaluationRequest
        {
            GroundTruthRoot = parse.GetValue(GroundTruth)!,
            PredictionRoot = parse.GetValue(Predictions),
            LiveSource = model is null
                ? null
                : new ModelMapSource(model, new GroupPredictor(model, limits, parse.GetValue(Threads)), parse.GetValue(Model.Images)!, parse.GetValue(SaveMaps)),
            Datasets = datasets,
            Methods = methods,
            Profile = profile,
            Aggregation = aggregation,
            GroundTruthFolder = parse.GetValue(GroundTruthFolder),
            Threads = parse.GetValue(Threads),
            PerImage = parse.GetValue(PerImage),
            Limits = limits,
            Bootstrap = parse.GetValue(ConfidenceIntervals)
                ? new CoSod.Evaluation.Statistics.BootstrapSettings(parse.GetValue(Resamples), parse.GetValue(Seed))
                : null,
            Cache = cache,
        };
        EvaluationReport report;
        var clock = Stopwatch.StartNew();
        try
        {
            report = RunWithProgress(request, context);
        }
        catch (Exception e) when (e is DatasetException or UnreadableInputException or ImageReadException or ArgumentException
            or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            if (e is UnreadableInputException)
            {
                context.Error.WriteLine("cosod: nothing was scored; fix or remove the files above and run again.");
            }

            if (verbose)
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.UnusableInput;
        }

        if (cache is not null)
        {
            ReportCache(cache, context);
        }

        if (report.ImagesScored == 0)
        {
            context.Error.WriteLine(live
                ? $"cosod: no image was scored: no input image under {parse.GetValue(Model.Images)} matches the ground truth "
                    + "(expected <images>/<Dataset>/[Image/]<group>/<stem>.jpg). Check --images and --datasets."
                : $"cosod: no image was scored: no prediction under {request.PredictionRoot} matches the ground truth "
                    + "(expected <pred>/<Method>/<Dataset>/<group>/<stem>.png). Check --pred, --methods and --datasets.");
            return ExitCodes.UnusableInput;
        }

        try
        {
            using var batch = new OutputBatch();
            batch.Add(Path.Combine(outFolder, "metrics.json"), stream => MetricsJson.Write(report, stream));
            batch.Add(Path.Combine(outFolder, "metrics.csv"), Encoding.UTF8.GetBytes(MetricsTables.Csv(report)));
            batch.Add(Path.Combine(outFolder, "metrics.md"), Encoding.UTF8.GetBytes(MetricsTables.Markdown(report)));

            // metrics.json goes last (and its previous version first), so it always belongs with the csv and md beside it.
            batch.Commit(anchor: Path.Combine(outFolder, "metrics.json"));
        }
        catch (OutputException e)
        {
            context.Error.WriteLine($"cosod: {e.Message}");
            return ExitCodes.UnusableInput;
        }

        WriteSummary(report, request, context, clock.Elapsed, outFolder);
        var missing = report.Results.Sum(r => r.MissingPredictions.Count);
        if (missing > 0 && !parse.GetValue(AllowMissing))
        {
            context.Error.WriteLine(live
                ? $"cosod: {missing} ground-truth image(s) have no input image under --images, so the result is incomplete (exit code 3). "
                    + "Add the missing images, or pass --allow-missing to accept a partial evaluation."
                : $"cosod: {missing} ground-truth image(s) have no prediction, so the result is incomplete (exit code 3). "
                    + "Add the missing maps, or pass --allow-missing to accept a partial evaluation.");
            return ExitCodes.MissingPredictions;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The input trees an output folder must stay out of.</summary>
    private static List<InputRoot> InputRoots(ParseResult parse)
    {
        var roots = new List<InputRoot> { new(parse.GetValue(GroundTruth)!, "--gt", "a dataset") };
        if (parse.GetValue(Predictions) is { } predictions)
        {
            roots.Add(new InputRoot(predictions, "--pred", "a method"));
        }

        if (parse.GetValue(Model.Images) is { } images)
        {
            roots.Add(new InputRoot(images, "--images", "a dataset of input images"));
        }

        return roots;
    }

    private static EvaluationReport RunWithProgress(EvaluationRequest request, CliContext context)
    {
        if (!context.Interactive)
        {
            return EvaluationRunner.Run(request);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        EvaluationReport? report = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new CallbackProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Dataset, out var task))
                    {
                        task = ctx.AddTask(Markup.Escape(p.Dataset), maxValue: p.ImagesTotal);
                        tasks[p.Dataset] = task;
                    }

                    task.Value = Math.Max(task.Value, p.ImagesDone);
                });
                report = EvaluationRunner.Run(request, progress);
            });
        return report!;
    }

    private static void WriteSummary(
        EvaluationReport report, EvaluationRequest request, CliContext context, TimeSpan elapsed, string outFolder)
    {
        var output = context.Output;
        output.WriteLine(
            $"Profile {report.Profile} ({request.Profile.Description}), aggregation {report.Aggregation}.");
        output.Write(MetricsTables.Compact(report));
        output.WriteLine(
            $"Scored {report.ImagesScored} of {report.ImagesExpected} expected images"
            + (report.Complete ? "." : " (incomplete)."));
        foreach (var result in report.Results)
        {
            if (result.MissingPredictions.Count > 0)
            {
                var shown = string.Join(", ", result.MissingPredictions.Take(5));
                var more = result.MissingPredictions.Count > 5 ? $", ... ({result.MissingPredictions.Count - 5} more)" : string.Empty;
                output.WriteLine($"  {result.Method}/{result.Dataset}: missing {result.MissingPredictions.Count} prediction(s): {shown}{more}");
            }

            if (result.SkippedByProfile.Count > 0)
            {
                output.WriteLine($"  {result.Method}/{result.Dataset}: {result.SkippedByProfile.Count} map(s) not scored by the toolbox's own rule: "
                    + string.Join(", ", result.SkippedByProfile.Take(3).Select(s => $"{s.RelativePath} ({s.Reason})")));
            }

            if (result.IgnoredFiles.Count > 0)
            {
                var shown = string.Join(", ", result.IgnoredFiles.Take(3).Select(f => $"{f.RelativePath} ({f.Reason})"));
                var more = result.IgnoredFiles.Count > 3 ? $", ... ({result.IgnoredFiles.Count - 3} more)" : string.Empty;
                output.WriteLine($"  {result.Method}/{result.Dataset}: ignored {result.IgnoredFiles.Count} file(s): {shown}{more}");
            }

            if (result.Metrics is { Undefined.Count: > 0 } metrics)
            {
                foreach (var (metric, keys) in metrics.Undefined)
                {
                    output.WriteLine($"  {result.Method}/{result.Dataset}: {metric} undefined on {keys.Count} image(s), left out of its mean: {string.Join(", ", keys.Take(5))}");
                }
            }
        }

        output.WriteLine($"Wrote {Path.Combine(outFolder, "metrics.json")}, metrics.csv and metrics.md.");
        context.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"cosod: {report.ImagesScored} image pairs in {elapsed.TotalSeconds:F2} s with {request.Threads} thread(s)"));
    }

    /// <summary>Stderr only: what came from the cache and every entry that was not trusted. Never in the files.</summary>
    private static void ReportCache(ScoreCache cache, CliContext context)
    {
        foreach (var entry in cache.CorruptEntries)
        {
            context.Error.WriteLine(entry.Rebuilt
                ? $"cosod: corrupt cache entry {entry.Path} ({entry.Problem}): not trusted; the pair was scored again and the entry rebuilt."
                : $"cosod: corrupt cache entry {entry.Path} ({entry.Problem}): not trusted; the pair was scored again but the entry could not be rebuilt.");
        }

        var failures = cache.WriteFailures;
        foreach (var (path, problem) in failures.Take(3))
        {
            context.Error.WriteLine($"cosod: cannot write cache entry {path} ({problem}); the results are unaffected.");
        }

        if (failures.Count > 3)
        {
            context.Error.WriteLine($"cosod: ... and {failures.Count - 3} more cache entries could not be written.");
        }

        context.Error.WriteLine($"cosod: {cache.Scored} scored, {cache.Hits} from the cache ({cache.Folder})");
    }

    /// <summary>
    /// Reports on the worker thread, serialised; Progress&lt;T&gt; would post to the thread pool and could
    /// update the bar after it closed.
    /// </summary>
    private sealed class CallbackProgress(Action<EvaluationProgress> callback) : IProgress<EvaluationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(EvaluationProgress value)
        {
            lock (_gate)
            {
                callback(value);
            }
        }
    }
}
