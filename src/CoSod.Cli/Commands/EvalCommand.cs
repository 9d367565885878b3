using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CoSod.Cli.Extension;
using CoSod.Data.Files;
using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Data.ToolkitConfigs;
using CoSod.Evaluation.Caching;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Reports.Tables;
using Spectre.Console;

namespace CoSod.Cli.Commands;

/// <summary><c>cosod eval</c>: score prediction folders against ground truth and write metrics.json, .csv and .md.</summary>
public static class EvalCommand
{
    private static readonly Option<string?> Images = new("--images")
    {
        Description = "Input images: <images>/<Dataset>/[Image/]<group>/<stem>.<jpg|png|...> (with --model the network's input; with --pred read only by metrics that need the image, such as ccm)",
    };

    private static readonly Option<string> Out = new("--out")
    {
        Description = "Folder for metrics.json, metrics.csv and metrics.md (created if needed)",
        Required = true,
    };

    /// <summary>What a family that reads the RGB images says it needs (<see cref="FamilyInfo.Requires"/>).</summary>
    private const string ImagesRequirement = "--images";

    private static readonly Option<string[]> MetricNames = new("--metrics")
    {
        Description = "Metrics to compute, comma-separated: family names (Sm, MAE, wFm, Fm, Em, ...), any metric key "
            + "(Fm.max, maxiou, HCE, ...) or 'all'; the family that computes a name writes all of its numbers "
            + "(default: the profile's standard set)",
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
        var command = new Command("eval", "Score every method on every dataset and write metrics.json, metrics.csv and metrics.md");
        Option[] own =
        [
            Out, MetricNames, Profile, Aggregate, Threads,
            AllowMissing, PerImage, MaxPixels, AcceptCorrupt, MatlabThresholds, ConfidenceIntervals, Resamples, Seed, Cache, Verbose, Images,
        ];

        // The inputs first, as the usage line reads.
        foreach (var option in InputOptions.All.Concat(own).Concat(context.Models.EvalOptions))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    /// <summary>
    /// The options <c>cosod check</c> shares with eval (besides the inputs), so an eval command line checks as it is;
    /// check reads only the profile, the aggregation and <c>--allow-missing</c> from them.
    /// </summary>
    internal static IEnumerable<Option> SharedWithCheck =>
    [
        MetricNames, Profile, Aggregate, Threads, AllowMissing, PerImage, MaxPixels, MatlabThresholds,
        ConfidenceIntervals, Resamples, Seed, Cache, Verbose, Images,
    ];

    internal static Option<bool> AllowMissingOption => AllowMissing;

    internal static Option<bool> VerboseOption => Verbose;

    /// <summary>The profile (with --matlab-thresholds) and the --aggregate asked for; on a usage error writes it and returns false.</summary>
    internal static bool TryReadProfile(ParseResult parse, CliContext context, out EvaluationProfile profile, out Aggregation? aggregation)
    {
        profile = ProfileCatalog.Find(parse.GetValue(Profile)!)!;
        aggregation = null;
        if (parse.GetValue(MatlabThresholds))
        {
            if (profile is not CosodMatlabProfile)
            {
                context.Error.WriteLine($"cosod: --matlab-thresholds applies to --profile {CosodMatlabProfile.ProfileName} only.");
                return false;
            }

            profile = new CosodMatlabProfile(CoSod.Metrics.Matlab.MatlabColon.Matlab);
        }

        if (parse.GetValue(Aggregate) is { } aggregateText)
        {
            AggregationNames.TryParse(aggregateText, out var parsed);
            if (!profile.Aggregations.Contains(parsed))
            {
                context.Error.WriteLine(
                    $"cosod: profile {profile.Name} does not support --aggregate {aggregateText}; it supports "
                    + string.Join(", ", profile.Aggregations.Select(a => a.ToName())) + ".");
                return false;
            }

            aggregation = parsed;
        }

        return true;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        if (!TryReadProfile(parse, context, out var profile, out var aggregation))
        {
            return ExitCodes.UnusableInput;
        }

        var models = context.Models;
        var live = models.RequestedModel(parse) is not null;
        if (live && models.MissingPackageMessage is { } missingModels)
        {
            context.Error.WriteLine("cosod: eval --model: " + missingModels);
            return ExitCodes.UnusableInput;
        }

        var inputs = InputOptions.Read(parse, context, live);
        if (inputs is null)
        {
            return ExitCodes.UnusableInput;
        }

        if (!inputs.FromToolkitConfigs && live == (inputs.PredictionRoot is not null))
        {
            context.Error.WriteLine("cosod: pass either --pred <prediction root> or --model with --weights and --images, not both.");
            return ExitCodes.UnusableInput;
        }

        if (live && (parse.GetValue(Images) is null || inputs.Methods is not null || parse.GetValue(Cache) is not null))
        {
            context.Error.WriteLine("cosod: --model needs --images, and takes neither --methods (the model is the method) nor --cache (live maps have no file to key on).");
            return ExitCodes.UnusableInput;
        }

        if (!live && models.ModelOnlyOptionsGiven(parse) is { Count: > 0 } modelOnly)
        {
            context.Error.WriteLine($"cosod: {string.Join(", ", modelOnly)} apply with --model only.");
            return ExitCodes.UnusableInput;
        }

        var imagesRoot = parse.GetValue(Images);
        MetricSelection selection;
        IReadOnlyList<string> selectionNotes;
        try
        {
            (selection, selectionNotes) = MetricSelector.Resolve(
                profile, CommandLists.Split(parse.GetValue(MetricNames)), requirement => requirement != ImagesRequirement || imagesRoot is not null);
        }
        catch (MetricSelectionException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        foreach (var note in selectionNotes)
        {
            context.Error.WriteLine("cosod: note: " + note);
        }

        // Images are read only for the families that need them, so they key the cache only then.
        var needsImages = profile.Families.Any(f => selection.Contains(f.Name) && f.Requires == ImagesRequirement);

        var roots = inputs.Roots(imagesRoot);
        string outFolder;
        try
        {
            outFolder = OutputLocation.CheckFolder(parse.GetValue(Out)!, "--out", roots);
            if (parse.GetValue(Cache) is { } cachePath)
            {
                OutputLocation.CheckFolder(cachePath, "--cache", roots);
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
        IReadOnlyList<DatasetPlan>? toolkitPlans = null;
        if (inputs.FromToolkitConfigs)
        {
            try
            {
                var toolkit = inputs.ReadToolkitConfigs(grouped: (aggregation ?? profile.DefaultAggregation) == Aggregation.GroupMean);
                toolkitPlans = toolkit.Plans;
                foreach (var note in toolkit.Notes)
                {
                    context.Error.WriteLine("cosod: note: " + note);
                }
            }
            catch (Exception e) when (e is ToolkitConfigException or DatasetException)
            {
                context.Error.WriteLine("cosod: " + e.Message);
                return ExitCodes.UnusableInput;
            }
        }

        using var model = live ? models.OpenLive(parse, new LiveModelSettings(imagesRoot!, limits, parse.GetValue(Threads), verbose), context) : null;
        if (live && model is null)
        {
            return ExitCodes.UnusableInput;
        }

        var request = new EvaluationRequest
        {
            GroundTruthRoot = inputs.GroundTruthName,
            PredictionRoot = inputs.PredictionRoot,
            LiveSource = model,
            Plans = toolkitPlans,
            Datasets = inputs.Datasets,
            Methods = inputs.Methods,
            Profile = profile,
            Aggregation = aggregation,
            GroundTruthFolder = inputs.GroundTruthFolder,
            Threads = parse.GetValue(Threads),
            PerImage = parse.GetValue(PerImage),
            Limits = limits,
            Metrics = selection,
            ImagesRoot = needsImages ? imagesRoot : null,
            Notes = selectionNotes,
            Bootstrap = parse.GetValue(ConfidenceIntervals)
                ? new CoSod.Evaluation.Statistics.BootstrapSettings(parse.GetValue(Resamples), parse.GetValue(Seed))
                : null,
            Cache = cache,
        };
        EvaluationReport report;
        var clock = Stopwatch.StartNew();
        try
        {
            // Everything is listed and paired first, so a layout one level off or maps the profile cannot read are
            // reported before a single image is decoded.
            request = request with { Plans = EvaluationPlanner.Plan(request) };
            if (InputReview.Problems(request.Plans, request.PredictionRoot, profile) is { Count: > 0 } problems)
            {
                foreach (var problem in problems)
                {
                    context.Error.WriteLine("cosod: " + problem);
                }

                context.Error.WriteLine("cosod: nothing was scored.");
                return ExitCodes.UnusableInput;
            }

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
                ? $"cosod: no image was scored: no input image under {imagesRoot} matches the ground truth "
                    + "(expected <images>/<Dataset>/[Image/]<group>/<stem>.jpg). Check --images and --datasets."
                : inputs.FromToolkitConfigs
                    ? $"cosod: no image was scored: no file of {string.Join(", ", inputs.MethodJsons)} matches a ground-truth name of "
                        + $"{inputs.DatasetJson} (see the notes above; cosod check lists what each folder holds)."
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
                var more = result.SkippedByProfile.Count > 3 ? ", ..." : string.Empty;
                output.WriteLine($"  {result.Method}/{result.Dataset}: {result.SkippedByProfile.Count} map(s) not scored by the toolbox's own rule: "
                    + string.Join(", ", result.SkippedByProfile.Take(3).Select(s => s.RelativePath)) + more);
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
        if (report.Results.FirstOrDefault(r => r.SkippedByProfile.Count > 0) is { } withSkips)
        {
            // The reason once, not on every line: it is the toolbox's rule, the same for every map it leaves out.
            var skipped = report.Results.Sum(r => r.SkippedByProfile.Count);
            var methods = report.Results.Where(r => r.SkippedByProfile.Count > 0).Select(r => r.Method).Distinct(StringComparer.Ordinal).Count();
            context.Error.WriteLine($"cosod: warning: {skipped} map(s) of {methods} method(s) are not scored under --profile {report.Profile}: "
                + $"{withSkips.SkippedByProfile[0].Reason}. The numbers cover the maps the toolbox reads, as it would report them "
                + "(listed in skipped_by_profile).");
        }

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
