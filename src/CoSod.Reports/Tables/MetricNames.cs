namespace CoSod.Reports.Tables;

/// <summary>Display conventions of the metrics: which way is better, and the column order papers use.</summary>
public static class MetricNames
{
    private static readonly string[] PreferredOrder =
        ["Sm", "MAE", "wFm", "Fm.max", "Fm.mean", "Fm.adp", "Em.max", "Em.mean", "Em.adp", "AP", "AUC"];

    /// <summary>True for error-like metrics (lower is better); every other metric is higher-is-better.</summary>
    public static bool LowerIsBetter(string metric) => metric is "MAE" or "HCE";

    public static string Arrow(string metric) => LowerIsBetter(metric) ? "↓" : "↑";

    /// <summary>The metric names present in any of the given lists, in the conventional order, then any others.</summary>
    public static IReadOnlyList<string> Columns(IEnumerable<IEnumerable<string>> present)
    {
        var all = present.SelectMany(p => p).Distinct(StringComparer.Ordinal).ToList();
        return PreferredOrder.Where(all.Contains)
            .Concat(all.Where(n => !PreferredOrder.Contains(n)))
            .ToList();
    }
}
