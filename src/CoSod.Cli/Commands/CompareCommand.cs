using System.CommandLine;
using CoSod.Data.Datasets;
using System.Globalization;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Statistics;
using CoSod.Reports.Statistics;

namespace CoSod.Cli.Commands;

/// <summary><c>cosod compare</c>: is method A better than method B on a dataset, image by image?</summary>
public static class CompareCommand
{
    private static readonly Argument<string> Input = new("metrics.json")
    {
        Description = "A metrics.json written by 'cosod eval --per-image'",
    };

    private static readonly Option<string[]> Methods = new("--method")
    {
        Description = "The two methods to compare (A then B; differences are A - B)",
        Required = true,
    };

    private static readonly Option<string> Dataset = new("--dataset")
    {
        Description = "The dataset both methods were scored on",
        Required = true,
    };

    private static readonly Option<string[]> Metrics = new("--metric")
    {
        Description = "Per-image metrics to compare (JSON names, e.g. Sm, MAE); default: every one both have",
    };

    private static readonly Option<int> Resamples = new("--resamples")
    {
        Description = "Bootstrap resamples",
        DefaultValueFactory = _ => BootstrapSettings.DefaultResamples,
    };

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Bootstrap seed",
        DefaultValueFactory = _ => BootstrapSettings.DefaultSeed,
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("compare", "Paired bootstrap and Wilcoxon signed-rank test of two methods on one dataset")
        {
            Input, Methods, Dataset, Metrics, Resamples, Seed,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var methods = parse.GetValue(Methods)!;
        if (methods.Length != 2)
        {
            context.Error.WriteLine("cosod: compare needs exactly two --method options (A and B).");
            return ExitCodes.UnusableInput;
        }

        if (parse.GetValue(Resamples) is < BootstrapSettings.MinResamples or > BootstrapSettings.MaxResamples)
        {
            context.Error.WriteLine($"cosod: --resamples must be between {BootstrapSettings.MinResamples} and {BootstrapSettings.MaxResamples}.");
            return ExitCodes.UnusableInput;
        }

        var path = parse.GetValue(Input)!;
        EvaluationReport report;
        try
        {
            report = MetricsJsonReader.Read(path);
        }
        catch (MetricsFileException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        var dataset = parse.GetValue(Dataset)!;
        var results = new EvaluationResult[2];
        for (var k = 0; k < 2; k++)
        {
            var found = report.Results.FirstOrDefault(r => r.Method == methods[k] && r.Dataset == dataset);
            if (found is null)
            {
                var knownMethods = report.Results.Select(r => r.Method).Distinct(StringComparer.Ordinal).ToList();
                var knownDatasets = report.Results.Select(r => r.Dataset).Distinct(StringComparer.Ordinal).ToList();
                var hint = !knownMethods.Contains(methods[k], StringComparer.Ordinal)
                    ? $"; it has no method {methods[k]} (its methods: {string.Join(", ", knownMethods)})."
                        + Suggestions.DidYouMeanSentence(methods[k], knownMethods)
                    : !knownDatasets.Contains(dataset, StringComparer.Ordinal)
                        ? $"; it has no dataset {dataset} (its datasets: {string.Join(", ", knownDatasets)})."
                            + Suggestions.DidYouMeanSentence(dataset, knownDatasets)
                        : ".";
                context.Error.WriteLine($"cosod: {path}: no result for method {methods[k]} on dataset {dataset}{hint}");
                return ExitCodes.UnusableInput;
            }

            if (found.PerImage is null)
            {
                context.Error.WriteLine($"cosod: {path}: no per-image values; re-run 'cosod eval' with --per-image.");
                return ExitCodes.UnusableInput;
            }

            results[k] = found;
        }

        var available = results[0].PerImage!.SelectMany(i => i.Values.Select(v => v.Key)).Distinct(StringComparer.Ordinal)
            .Intersect(results[1].PerImage!.SelectMany(i => i.Values.Select(v => v.Key)), StringComparer.Ordinal).ToList();
        var metrics = CommandLists.Metrics(parse.GetValue(Metrics)) ?? available;
        var unknown = metrics.Where(m => !available.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            context.Error.WriteLine($"cosod: {path}: no per-image {string.Join(", ", unknown)}; available: {string.Join(", ", available)}."
                + Suggestions.DidYouMeanSentence(unknown[0], available));
            return ExitCodes.UnusableInput;
        }

        var bootstrap = new BootstrapSettings(parse.GetValue(Resamples), parse.GetValue(Seed));
        var output = context.Output;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{methods[0]} (A) vs {methods[1]} (B) on {dataset}, profile {report.Profile}; difference = A - B; {bootstrap.Describe("paired images")}."));
        output.WriteLine("metric      pairs     mean A     mean B    A - B   95% CI                  Wilcoxon W   p          p from");
        foreach (var metric in metrics)
        {
            PairedComparisonResult c;
            try
            {
                c = PairedComparison.Compare(results[0], results[1], metric, bootstrap);
            }
            catch (ArgumentException e)
            {
                output.WriteLine($"{metric,-10}  {e.Message}");
                continue;
            }

            var test = c.Wilcoxon is { } w
                ? string.Create(CultureInfo.InvariantCulture, $"{w.Statistic,10:0.#}   {(w.PValue < 1e-4 ? w.PValue.ToString("0.00e+0", CultureInfo.InvariantCulture) : w.PValue.ToString("F4", CultureInfo.InvariantCulture)),-9}  {(w.Exact ? "exact" : "normal approx.")}")
                : $"undefined ({c.WilcoxonProblem})";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{metric,-10}  {c.Pairs,5}  {c.MeanA,9:F4}  {c.MeanB,9:F4}  {c.MeanDifference,7:+0.0000;-0.0000}   [{c.IntervalLow:+0.0000;-0.0000}, {c.IntervalHigh:+0.0000;-0.0000}]   {test}"));
        }

        output.WriteLine("Lower is better for MAE; higher for every other metric. Per-image Fm.max/mean and Em.max/mean are each "
            + "image's own curve statistics, not the dataset's max/mean F and E (those come from the mean curve).");
        return ExitCodes.Ok;
    }
}
