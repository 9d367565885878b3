using CoSod.Evaluation.Results;
using CoSod.Evaluation.Statistics;

namespace CoSod.Reports.Statistics;

/// <summary>Method A minus method B on one per-image metric, over the images both scored.</summary>
public sealed record PairedComparisonResult(
    string Metric,
    int Pairs,
    double MeanA,
    double MeanB,
    double MeanDifference,
    double IntervalLow,
    double IntervalHigh,
    WilcoxonResult? Wilcoxon,
    string? WilcoxonProblem);

/// <summary>
/// Compares two methods image by image: the mean difference with a paired percentile-bootstrap interval
/// (images resampled, the same draw for both methods) and the Wilcoxon signed-rank test. Needs per-image values
/// (<c>cosod eval --per-image</c>); images either method lacks, or on which the metric is undefined for either,
/// are left out and counted.
/// </summary>
public static class PairedComparison
{
    public static PairedComparisonResult Compare(
        EvaluationResult a, EvaluationResult b, string metric, BootstrapSettings bootstrap)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(bootstrap);
        var valuesB = (b.PerImage ?? []).ToDictionary(i => i.Key, i => Value(i, metric), StringComparer.Ordinal);
        var x = new List<double>();
        var y = new List<double>();
        foreach (var image in (a.PerImage ?? []).OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            if (Value(image, metric) is { } va && valuesB.TryGetValue(image.Key, out var vbOrNull) && vbOrNull is { } vb)
            {
                x.Add(va);
                y.Add(vb);
            }
        }

        if (x.Count == 0)
        {
            throw new ArgumentException($"No image has {metric} for both {a.Method} and {b.Method} on {a.Dataset}.");
        }

        var differences = x.Zip(y, (p, q) => p - q).ToArray();
        var replicates = new double[bootstrap.Resamples];
        for (var r = 0; r < replicates.Length; r++)
        {
            var sum = 0.0;
            foreach (var i in bootstrap.Draw(differences.Length, r))
            {
                sum += differences[i];
            }

            replicates[r] = sum / differences.Length;
        }

        var (low, high) = bootstrap.Interval(replicates)!.Value;
        WilcoxonResult? wilcoxon = null;
        string? problem = null;
        try
        {
            wilcoxon = WilcoxonSignedRank.Test(x, y);
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
        }

        return new PairedComparisonResult(
            metric, x.Count, x.Average(), y.Average(), differences.Average(), low, high, wilcoxon, problem);
    }

    private static double? Value(ImageValues image, string metric) =>
        image.Values.FirstOrDefault(v => v.Key == metric).Value;
}
