using CoSod.Evaluation.Results;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Breakdown;

/// <summary>How groups are ranked, worst first.</summary>
public enum GroupOrder
{
    /// <summary>By the mean over methods of the group means.</summary>
    MeanOverMethods,

    /// <summary>By the first method's group mean.</summary>
    FirstMethod,
}

/// <summary>One method's per-image values on one dataset, under its legend label.</summary>
public sealed record MethodImages(string Label, int StyleIndex, IReadOnlyList<ImageValues> Images);

/// <summary>
/// One group's row: per method, the mean of the metric over the group's images where it is defined (null when no
/// image of the group defines it for that method) and how many images that mean is over.
/// </summary>
public sealed record GroupScore(string Group, IReadOnlyList<double?> Means, IReadOnlyList<int> Images, double? MeanOverMethods)
{
    /// <summary>The value the ranking uses.</summary>
    public double? RankValue(GroupOrder order) => order == GroupOrder.FirstMethod ? Means[0] : MeanOverMethods;
}

/// <summary>A dataset's groups, worst first, with the mean of one metric per method.</summary>
public sealed record GroupBreakdown(
    string Dataset,
    string Metric,
    string Sources,
    GroupOrder Order,
    IReadOnlyList<string> Methods,
    IReadOnlyList<int> StyleIndices,
    IReadOnlyList<GroupScore> Groups)
{
    public bool LowerIsBetter => MetricNames.LowerIsBetter(Metric);
}

/// <summary>Per-group means of per-image values, as a pure function.</summary>
public static class GroupBreakdowns
{
    /// <summary>The group of a per-image key "group/stem" (everything before the last '/'; empty if none).</summary>
    public static string GroupOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        return slash < 0 ? string.Empty : key[..slash];
    }

    /// <summary>The stem of a per-image key "group/stem".</summary>
    public static string StemOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[(key.LastIndexOf('/') + 1)..];
    }

    /// <summary>
    /// Per group and method, the mean of <paramref name="metric"/> over the group's images (undefined values left
    /// out); groups ranked worst first by <paramref name="order"/> (lowest first for higher-is-better metrics,
    /// highest first for MAE), groups without a value last, ties by group name (ordinal).
    /// </summary>
    public static GroupBreakdown Compute(
        string dataset, string metric, string sources, IReadOnlyList<MethodImages> methods, GroupOrder order)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0)
        {
            throw new ArgumentException("A group breakdown needs at least one method.", nameof(methods));
        }

        var groups = methods.SelectMany(m => m.Images.Select(i => GroupOf(i.Key)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var rows = new List<GroupScore>(groups.Count);
        foreach (var group in groups)
        {
            var means = new List<double?>(methods.Count);
            var counts = new List<int>(methods.Count);
            foreach (var method in methods)
            {
                var sum = 0.0;
                var n = 0;
                foreach (var image in method.Images.Where(i => GroupOf(i.Key) == group).OrderBy(i => i.Key, StringComparer.Ordinal))
                {
                    if (Value(image, metric) is { } v)
                    {
                        sum += v;
                        n++;
                    }
                }

                means.Add(n > 0 ? sum / n : null);
                counts.Add(n);
            }

            var defined = means.Where(m => m.HasValue).Select(m => m!.Value).ToList();
            rows.Add(new GroupScore(group, means, counts, defined.Count > 0 ? defined.Sum() / defined.Count : null));
        }

        var lowerIsBetter = MetricNames.LowerIsBetter(metric);
        var ranked = rows
            .OrderBy(r => r.RankValue(order) is null ? 1 : 0)
            .ThenBy(r => r.RankValue(order) is { } v ? (lowerIsBetter ? -v : v) : 0)
            .ThenBy(r => r.Group, StringComparer.Ordinal)
            .ToList();
        return new GroupBreakdown(
            dataset, metric, sources, order, methods.Select(m => m.Label).ToList(), methods.Select(m => m.StyleIndex).ToList(), ranked);
    }

    /// <summary>The value of a metric on one image: null when absent or undefined (NaN is treated as undefined).</summary>
    public static double? Value(ImageValues image, string metric)
    {
        ArgumentNullException.ThrowIfNull(image);
        foreach (var (name, value) in image.Values)
        {
            if (name == metric)
            {
                return value is { } v && double.IsFinite(v) ? v : null;
            }
        }

        return null;
    }
}
