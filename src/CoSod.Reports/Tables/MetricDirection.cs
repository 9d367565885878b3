namespace CoSod.Reports.Tables;

/// <summary>
/// Which way a metric is better, decided by its name alone so that names a newer metrics.json brings (PySODMetrics'
/// <c>maxfpr</c>, <c>adpber</c>, <c>HCE</c>, <c>si_mae</c>, ...) are ranked, sorted and gated the right way before
/// any code knows them. Errors and rates of wrong pixels are lower-is-better: MAE, HCE (human correction effort),
/// si_mae, and every false-positive rate (<c>fpr</c>) and balanced error rate (<c>ber</c>) in any reduction;
/// every other metric (S, E, F, IoU, Dice, AUC, ...) is higher-is-better. Leaderboard marks and sorting, the gate,
/// the gallery's picks and the arrows all ask here.
/// </summary>
public static class MetricDirection
{
    /// <summary>Whole names of error metrics (compared ignoring case: <c>mae</c> is MAE).</summary>
    private static readonly string[] LowerIsBetterNames = ["MAE", "HCE", "si_mae"];

    /// <summary>Parts of a name that make it an error rate wherever they occur: <c>maxfpr</c>, <c>sample_biber</c>, <c>si_overall_adpfpr</c>.</summary>
    private static readonly string[] LowerIsBetterParts = ["fpr", "ber"];

    /// <summary>True for error-like metrics; see the class summary for the rule.</summary>
    public static bool LowerIsBetter(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        foreach (var name in LowerIsBetterNames)
        {
            if (string.Equals(metric, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var part in LowerIsBetterParts)
        {
            if (metric.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"lower" or "higher": the word tables and JSON print.</summary>
    public static string Better(string metric) => LowerIsBetter(metric) ? "lower" : "higher";

    /// <summary>
    /// The value as a score where larger is always better (the value itself, or its negation for an error metric),
    /// for code that ranks or takes margins in one direction.
    /// </summary>
    public static double Oriented(string metric, double value) => LowerIsBetter(metric) ? -value : value;
}
