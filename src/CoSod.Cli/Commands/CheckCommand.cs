using System.CommandLine;
using System.Globalization;
using CoSod.Data.Datasets;
using CoSod.Data.ToolkitConfigs;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Running;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod check</c>: eval's dry run. Takes eval's arguments (folders or PySODEvalToolkit configs) and shows, per
/// dataset and method, how many ground-truth images have a prediction, which lack one, which files are ignored and
/// why, and how a dataset named after a benchmark differs from its release; nothing is decoded or scored. Its exit code
/// is the one eval would return for the inputs: 0, 3 for missing predictions (unless --allow-missing), 2 for unusable
/// input.
/// </summary>
public static class CheckCommand
{
    private const int Shown = 5;

    // Accepted so that an eval command line can be checked as it is; check writes nothing.
    private static readonly Option<string?> Out = new("--out") { Hidden = true };

    public static Command Create(CliContext context)
    {
        var command = new Command("check", "Dry run of eval: list what each method and dataset would score, what is missing or ignored and why; scores nothing");
        foreach (var option in InputOptions.All.Concat(EvalCommand.SharedWithCheck).Append(Out).Concat(context.Models.EvalOptions))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        if (!EvalCommand.TryReadProfile(parse, context, out var profile, out var aggregation))
        {
            return ExitCodes.UnusableInput;
        }

        if (context.Models.RequestedModel(parse) is not null)
        {
            context.Error.WriteLine("cosod: check lists saved maps; with --model the maps are made live. Check the ground truth with --gt and --pred, or run eval.");
            return ExitCodes.UnusableInput;
        }

        var inputs = InputOptions.Read(parse, context, live: false);
        if (inputs is null)
        {
            return ExitCodes.UnusableInput;
        }

        if (!inputs.FromToolkitConfigs && inputs.PredictionRoot is null)
        {
            context.Error.WriteLine("cosod: check needs the predictions: pass --pred <prediction root> (or --dataset-json and --method-json).");
            return ExitCodes.UnusableInput;
        }

        if (parse.GetValue(Out) is { } outFolder)
        {
            context.Error.WriteLine($"cosod: note: check writes nothing; --out {outFolder} is not used.");
        }

        var verbose = parse.GetValue(EvalCommand.VerboseOption);
        var grouped = (aggregation ?? profile.DefaultAggregation) == Aggregation.GroupMean;
        IReadOnlyList<DatasetPlan> plans;
        var output = context.Output;
        try
        {
            if (inputs.FromToolkitConfigs)
            {
                var toolkit = inputs.ReadToolkitConfigs(grouped);
                output.WriteLine($"PySODEvalToolkit configs {inputs.DatasetJson} and {string.Join(", ", inputs.MethodJsons)}, "
                    + (grouped ? "grouped mode (group sub-folders; the toolkit's --data-type video)" : "image mode (one folder per dataset)") + ".");
                foreach (var note in toolkit.Notes)
                {
                    output.WriteLine("note: " + note);
                }

                plans = toolkit.Plans;
            }
            else
            {
                plans = EvaluationPlanner.Plan(new EvaluationRequest
                {
                    GroundTruthRoot = inputs.GroundTruthRoot!,
                    PredictionRoot = inputs.PredictionRoot,
                    Datasets = inputs.Datasets,
                    Methods = inputs.Methods,
                    GroundTruthFolder = inputs.GroundTruthFolder,
                    Profile = profile,
                });
            }
        }
        catch (Exception e) when (e is DatasetException or ToolkitConfigException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        var missing = 0;
        foreach (var plan in plans)
        {
            missing += Describe(plan, profile, verbose, output);
        }

        var problems = InputReview.Problems(plans, inputs.PredictionRoot, profile);
        foreach (var problem in problems)
        {
            context.Error.WriteLine("cosod: " + problem);
        }

        var (skips, reason) = InputReview.ProfileSkips(plans, profile);
        if (skips.Count > 0)
        {
            output.WriteLine($"--profile {profile.Name} leaves out {skips.Sum(s => s.Count)} map(s) by its toolbox's own rule: {reason}.");
        }

        var pairs = plans.Sum(p => p.Predictions.Count);
        var images = plans.Sum(p => p.GroundTruth.Images.Count * p.Predictions.Count);
        var matched = plans.Sum(p => p.Predictions.Sum(s => s.Available));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pairs} method x dataset pair(s): {matched:N0} of {images:N0} ground-truth images have a prediction; nothing was scored."));
        if (problems.Count > 0)
        {
            context.Error.WriteLine("cosod: eval would refuse these inputs (exit code 2); see above.");
            return ExitCodes.UnusableInput;
        }

        if (missing > 0 && !parse.GetValue(EvalCommand.AllowMissingOption))
        {
            context.Error.WriteLine($"cosod: {missing} ground-truth image(s) have no prediction: eval would exit 3 unless --allow-missing.");
            return ExitCodes.MissingPredictions;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Prints one dataset's pairing; returns how many ground-truth images lack a prediction over its methods.</summary>
    private static int Describe(DatasetPlan plan, EvaluationProfile profile, bool verbose, TextWriter output)
    {
        var truth = plan.GroundTruth;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dataset {truth.Name}: {truth.Images.Count:N0} ground-truth image(s)")
            + (truth.Groups.Count > 1 || truth.Groups.Any(g => g.Length > 0) ? $" in {truth.Groups.Count} group(s)" : string.Empty)
            + $" ({truth.GroupRoot})");
        if (KnownBenchmarks.Compare(truth) is { } benchmark)
        {
            output.WriteLine(benchmark.Matches
                ? $"  matches the official {benchmark.Benchmark} release ({benchmark.Groups} groups, {benchmark.Images:N0} images)"
                : $"  note: {benchmark.Note}");
        }

        if (truth.Ignored.Count > 0)
        {
            output.WriteLine($"  ground truth: {truth.Ignored.Count} file(s) ignored: {List(truth.Ignored.Select(f => $"{f.RelativePath} ({f.Reason})").ToList(), verbose)}");
        }

        var missing = 0;
        foreach (var set in plan.Predictions)
        {
            missing += set.Missing.Count;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {set.Method}: {set.Available:N0} of {truth.Images.Count:N0} matched ({set.Folder})"));
            if (set.Missing.Count > 0)
            {
                output.WriteLine($"    {set.Missing.Count} without a prediction: {List(set.Missing, verbose)}");
            }

            var skipped = set.Paths.Where(p => p is not null && profile.SkipReason(p) is not null).Select(p => Path.GetFileName(p!)).ToList();
            if (skipped.Count > 0)
            {
                output.WriteLine($"    {skipped.Count} not read by the {profile.Name} toolbox: {List(skipped, verbose)}");
            }

            if (set.Ignored.Count > 0)
            {
                output.WriteLine($"    {set.Ignored.Count} file(s) ignored: {List(set.Ignored.Select(f => $"{f.RelativePath} ({f.Reason})").ToList(), verbose)}");
            }

            foreach (var note in set.Notes.Where(n => !n.StartsWith(truth.Name + ": not the official", StringComparison.Ordinal)))
            {
                output.WriteLine("    note: " + note);
            }
        }

        return missing;
    }

    private static string List(IReadOnlyList<string> items, bool verbose) =>
        verbose || items.Count <= Shown
            ? string.Join(", ", items)
            : string.Join(", ", items.Take(Shown)) + $", ... ({items.Count - Shown} more; --verbose lists all)";
}
