using CoSod.Data.Datasets;
using CoSod.Evaluation.Profiles;

namespace CoSod.Cli.Commands;

/// <summary>
/// Looks at what an evaluation would score before anything is decoded, for the cases where scoring would waste the
/// user's time on a result that is wrong: a prediction root laid out one level off or swapped (recognised by
/// <see cref="LayoutHints"/>), and a method none of whose maps the profile's toolbox reads (the MATLAB toolbox reads
/// <c>*.png</c> only). Each problem is one line that says what was found and what to pass.
/// </summary>
internal static partial class InputReview
{
    /// <summary>The problems that make the evaluation unusable (exit 2); empty when there are none.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<DatasetPlan> plans, string? predictionRoot, EvaluationProfile profile)
    {
        var problems = new List<string>();
        var groupsByDataset = plans.ToDictionary(p => p.GroundTruth.Name, p => p.GroundTruth.Groups, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (predictionRoot is not null)
        {
            foreach (var plan in plans)
            {
                foreach (var set in plan.Predictions.Where(s => s.Available == 0 && plan.GroundTruth.Images.Count > 0))
                {
                    // A hint about the root itself comes once, not once per folder it misreads.
                    if (LayoutHints.ForPredictions(predictionRoot, set.Method, plan.GroundTruth, groupsByDataset) is { } hint
                        && seen.Add(Evidence().Replace(hint, string.Empty)))
                    {
                        problems.Add($"no prediction of dataset {plan.GroundTruth.Name} found under {Path.Combine(predictionRoot, set.Method)}." + hint);
                    }
                }
            }
        }

        // Every map of a method on a dataset skipped by the toolbox's own rule: nothing of it would be scored.
        var unread = plans
            .SelectMany(p => p.Predictions.Select(s => (Plan: p, Set: s)))
            .Where(x => x.Set.Available > 0 && x.Set.Paths.All(path => path is null || profile.SkipReason(path) is not null))
            .GroupBy(x => x.Set.Method, StringComparer.Ordinal)
            .ToList();
        foreach (var method in unread)
        {
            var first = method.First();
            var reason = profile.SkipReason(first.Set.Paths.First(p => p is not null)!);
            var where = string.Join(", ", method.Select(x => $"{x.Plan.GroundTruth.Name} ({x.Set.Available} map(s))"));
            problems.Add($"--profile {profile.Name} scores no map of method {method.Key} on {where}: {reason}. "
                + $"Convert its maps, leave it out with --methods, or choose another --profile.");
        }

        return problems;
    }

    /// <summary>Maps the toolbox's own rule leaves out, by method and dataset, and the rule's reason, said once.</summary>
    public static (IReadOnlyList<(string Method, string Dataset, int Count)> Skipped, string? Reason) ProfileSkips(
        IReadOnlyList<DatasetPlan> plans, EvaluationProfile profile)
    {
        var skipped = new List<(string, string, int)>();
        string? reason = null;
        foreach (var plan in plans)
        {
            foreach (var set in plan.Predictions)
            {
                var reasons = set.Paths.Where(p => p is not null).Select(p => profile.SkipReason(p!)).Where(r => r is not null).ToList();
                if (reasons.Count > 0)
                {
                    skipped.Add((set.Method, plan.GroundTruth.Name, reasons.Count));
                    reason ??= reasons[0];
                }
            }
        }

        return (skipped, reason);
    }

    /// <summary>The parenthesised evidence of a hint (which folder showed it), left out when hints are compared.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\([^()]*\)")]
    private static partial System.Text.RegularExpressions.Regex Evidence();
}
