using System.Globalization;
using CoSod.Data.Datasets;
using CoSod.Evaluation.Results;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Gate;

/// <summary>
/// The CI regression gate as a pure function: two evaluation reports in, every compared value with its verdict
/// out. Throws <see cref="GateInputException"/> when the reports cannot be compared meaningfully (different
/// profiles or number-changing options, incomplete runs, other images, a method or dataset gone, an unknown
/// metric), so a broken comparison is never mistaken for a regression or a pass.
/// </summary>
public static class RegressionGate
{
    /// <summary>
    /// Options recorded in metrics.json that cannot change a checked number: max_pixels only refuses files, bootstrap adds
    /// intervals around the same point values, and where a libtorch was loaded from says nothing of its version.
    /// </summary>
    private static readonly HashSet<string> NonNumericOptions = new(StringComparer.Ordinal) { "max_pixels", "bootstrap", "model_libtorch_dir" };

    public static GateResult Compare(EvaluationReport baseline, EvaluationReport current, GateOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        var baseName = options.BaselineName;
        var currentName = options.CurrentName;

        if (baseline.Results.Count == 0)
        {
            throw new GateInputException($"{baseName}: the baseline has no results to compare against.");
        }

        if (!options.AllowIncomplete)
        {
            RequireComplete(baseline, baseName);
            RequireComplete(current, currentName);
        }

        if (!string.Equals(baseline.Profile, current.Profile, StringComparison.Ordinal))
        {
            throw new GateInputException(
                $"{currentName}: evaluated with profile {current.Profile}, but the baseline {baseName} with profile {baseline.Profile}; "
                + "numbers of different profiles are not comparable. Re-run cosod eval with --profile " + baseline.Profile + ".");
        }

        RequireSameOptions(baseline, current, baseName, currentName);
        var baseResults = Index(baseline, baseName);
        var currentResults = Index(current, currentName);

        var pairs = new List<(EvaluationResult Base, EvaluationResult Current)>();
        foreach (var ((method, dataset), result) in baseResults)
        {
            if (!currentResults.TryGetValue((method, dataset), out var now))
            {
                throw new GateInputException(
                    $"{currentName}: has no result for method {method} on dataset {dataset}, which the baseline {baseName} has; "
                    + "evaluate every method and dataset of the baseline.");
            }

            if (options.AllowIncomplete)
            {
                RequireSameLeftOut(result, now, baseName, currentName);
            }

            RequireSameImages(result, now, baseName, currentName);

            pairs.Add((result, now));
        }

        var baseMetrics = MetricKeys(baseline);
        var currentMetrics = MetricKeys(current);
        var known = new HashSet<string>(baseMetrics.Concat(currentMetrics), StringComparer.Ordinal);
        var knownList = MetricNames.Columns([baseMetrics, currentMetrics]);
        IReadOnlyList<string> metrics;
        if (options.Metrics is { } wanted)
        {
            foreach (var metric in wanted)
            {
                if (!known.Contains(metric))
                {
                    throw new GateInputException(
                        $"--metric {metric}: neither {baseName} nor {currentName} has this metric; they have {string.Join(", ", knownList)}."
                        + Suggestions.DidYouMeanSentence(metric, knownList));
                }
            }

            metrics = MetricNames.Columns([wanted]);
        }
        else
        {
            metrics = MetricNames.Columns([baseMetrics.Where(currentMetrics.Contains)]);
            if (metrics.Count == 0)
            {
                throw new GateInputException($"{currentName}: has no scalar metric in common with the baseline {baseName}; nothing to check.");
            }
        }

        foreach (var key in options.MetricTolerances.Keys.Order(StringComparer.Ordinal))
        {
            if (!known.Contains(key))
            {
                throw new GateInputException(
                    $"--tolerance {key}=...: neither {baseName} nor {currentName} has a metric {key}; they have {string.Join(", ", knownList)}."
                    + Suggestions.DidYouMeanSentence(key, knownList));
            }

            // A tolerance that is never applied would read as a check that does not happen.
            if (!metrics.Contains(key, StringComparer.Ordinal))
            {
                throw new GateInputException(
                    $"--tolerance {key}=...: {key} is not checked (the checked metrics are {string.Join(", ", metrics)}); "
                    + $"add --metric {key}, or drop its tolerance.");
            }
        }

        var comparisons = new List<GateComparison>();
        var notes = new List<string>();
        foreach (var (before, after) in pairs)
        {
            foreach (var metric in metrics)
            {
                var comparison = CompareValue(before, after, metric, options.ToleranceOf(metric));
                if (comparison.Verdict == GateVerdict.Skipped)
                {
                    notes.Add($"{before.Dataset} / {before.Method}  {metric}: undefined in both files, skipped.");
                }
                else if (comparison.Baseline is null)
                {
                    notes.Add($"{before.Dataset} / {before.Method}  {metric}: undefined in the baseline, now defined; not compared.");
                }

                comparisons.Add(comparison);
            }
        }

        foreach (var ((method, dataset), _) in currentResults.Where(r => !baseResults.ContainsKey(r.Key)))
        {
            notes.Add($"{dataset} / {method}: only in {currentName}, not in the baseline; not checked.");
        }

        return new GateResult
        {
            Options = options,
            Profile = baseline.Profile,
            Aggregation = baseline.Aggregation,
            Metrics = metrics,
            Comparisons = comparisons,
            Notes = notes,
        };
    }

    /// <summary>The verdict on one value; "worse" is read in the metric's own direction (MAE: lower is better).</summary>
    public static GateVerdict Judge(double? baseline, double? current, double tolerance, bool lowerIsBetter)
    {
        if (baseline is not { } b)
        {
            return current is null ? GateVerdict.Skipped : GateVerdict.Pass;
        }

        if (current is not { } c)
        {
            return GateVerdict.Regressed;
        }

        var worse = lowerIsBetter ? c - b : b - c;
        if (worse > tolerance + GateOptions.Noise)
        {
            return GateVerdict.Regressed;
        }

        return -worse > tolerance + GateOptions.Noise ? GateVerdict.Improved : GateVerdict.Pass;
    }

    private static GateComparison CompareValue(EvaluationResult before, EvaluationResult after, string metric, double tolerance)
    {
        var b = Finite(before.Metrics?[metric]);
        var c = Finite(after.Metrics?[metric]);
        var lower = MetricDirection.LowerIsBetter(metric);
        return new GateComparison(before.Method, before.Dataset, metric, b, c, tolerance, lower, Judge(b, c, tolerance, lower));
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static void RequireComplete(EvaluationReport report, string name)
    {
        if (!report.Complete)
        {
            var incomplete = report.Results.FirstOrDefault(r => !r.Complete);
            var where = incomplete is null
                ? string.Empty
                : string.Create(CultureInfo.InvariantCulture, $" ({incomplete.Dataset} / {incomplete.Method}: {incomplete.ImagesScored} of {incomplete.ImagesExpected} images scored)");
            throw new GateInputException(
                $"{name}: the evaluation is incomplete (\"complete\": false){where}; the gate compares complete evaluations unless "
                + "--allow-incomplete is given (then both must have scored exactly the same images). Add the missing predictions "
                + "and re-run cosod eval, or pass --allow-incomplete.");
        }
    }

    private static void RequireSameOptions(EvaluationReport baseline, EvaluationReport current, string baseName, string currentName)
    {
        var before = NumberChanging(baseline);
        var after = NumberChanging(current);
        var differing = new List<string>();
        var aggregationDiffers = !string.Equals(baseline.Aggregation, current.Aggregation, StringComparison.Ordinal);
        if (aggregationDiffers)
        {
            differing.Add($"aggregation (baseline {baseline.Aggregation}, current {current.Aggregation})");
        }

        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var b = before.GetValueOrDefault(key);
            var c = after.GetValueOrDefault(key);
            if (!string.Equals(b, c, StringComparison.Ordinal) && !(key == "aggregation" && aggregationDiffers))
            {
                differing.Add($"options.{key} (baseline {b ?? "not set"}, current {c ?? "not set"})");
            }
        }

        if (differing.Count > 0)
        {
            throw new GateInputException(
                $"{currentName}: number-changing options differ from the baseline {baseName}: {string.Join("; ", differing)}. "
                + "Re-run cosod eval with the baseline's options.");
        }
    }

    private static Dictionary<string, string> NumberChanging(EvaluationReport report) =>
        report.Options
            .Where(o => !NonNumericOptions.Contains(o.Key))
            .GroupBy(o => o.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    private static Dictionary<(string Method, string Dataset), EvaluationResult> Index(EvaluationReport report, string name)
    {
        // Insertion order is the file's order, which fixes the order of the comparisons.
        var index = new Dictionary<(string, string), EvaluationResult>();
        foreach (var result in report.Results)
        {
            if (!index.TryAdd((result.Method, result.Dataset), result))
            {
                throw new GateInputException($"{name}: method {result.Method} on dataset {result.Dataset} appears twice; pass a metrics.json written by 'cosod eval'.");
            }
        }

        return index;
    }

    private static void RequireSameImages(EvaluationResult before, EvaluationResult after, string baseName, string currentName)
    {
        var what = $"{after.Dataset} / {after.Method}";
        if (after.ImagesScored != before.ImagesScored)
        {
            var relation = after.ImagesScored < before.ImagesScored ? "fewer" : "more";
            throw new GateInputException(
                $"{currentName}: {what} scored {after.ImagesScored} images, {relation} than the {before.ImagesScored} of the baseline {baseName}; "
                + "both runs must score the same images.");
        }

        if (before.PerImage is { } beforeImages && after.PerImage is { } afterImages)
        {
            var beforeKeys = beforeImages.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            var afterKeys = afterImages.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            var gone = beforeKeys.Where(k => !afterKeys.Contains(k)).Order(StringComparer.Ordinal).ToList();
            var added = afterKeys.Where(k => !beforeKeys.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (gone.Count > 0 || added.Count > 0)
            {
                throw new GateInputException(
                    $"{currentName}: {what} scored other images than the baseline {baseName} (same count, {after.ImagesScored}): "
                    + $"{gone.Count} of the baseline's images are not scored ({Sample(gone)}), {added.Count} others are ({Sample(added)}); "
                    + "both runs must score the same images.");
            }
        }
    }

    /// <summary>
    /// With incomplete evaluations allowed, both must have left out exactly the same images (missing, or skipped by the
    /// profile's rule) of the same ground truth; otherwise their numbers cover different images.
    /// </summary>
    private static void RequireSameLeftOut(EvaluationResult before, EvaluationResult after, string baseName, string currentName)
    {
        var what = $"{after.Dataset} / {after.Method}";
        if (before.ImagesExpected != after.ImagesExpected)
        {
            throw new GateInputException(string.Create(CultureInfo.InvariantCulture,
                $"{currentName}: {what} expects {after.ImagesExpected} ground-truth images, the baseline {baseName} {before.ImagesExpected}; ")
                + "the ground truth differs, so the numbers are not comparable.");
        }

        var beforeOut = LeftOut(before);
        var afterOut = LeftOut(after);
        var gone = beforeOut.Where(k => !afterOut.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var added = afterOut.Where(k => !beforeOut.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (gone.Count > 0 || added.Count > 0)
        {
            throw new GateInputException(
                $"{currentName}: {what} scored other images than the baseline {baseName}: {added.Count} image(s) left out now and scored "
                + $"in the baseline ({Sample(added)}), {gone.Count} scored now and left out in the baseline ({Sample(gone)}); "
                + "--allow-incomplete compares incomplete evaluations only when both scored exactly the same images.");
        }
    }

    private static HashSet<string> LeftOut(EvaluationResult result) =>
        result.MissingPredictions.Concat(result.SkippedByProfile.Select(s => s.RelativePath)).ToHashSet(StringComparer.Ordinal);

    private static string Sample(List<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Take(3)) + (keys.Count > 3 ? ", ..." : string.Empty);

    /// <summary>Every scalar metric name a report has (a null value still counts: the metric exists but is undefined).</summary>
    private static List<string> MetricKeys(EvaluationReport report) =>
        report.Results
            .Where(r => r.Metrics is not null)
            .SelectMany(r => r.Metrics!.Scalars.Select(s => s.Key))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
