using CoSod.Evaluation.Profiles;

namespace CoSod.Evaluation.Families;

/// <summary>
/// The names every command accepts for a metric that metrics.json writes under another key: PySODMetrics' own names
/// (<c>maxfm</c>, <c>adpEm</c>, <c>Smeasure</c>) for the numbers written as <c>Fm.max</c>, <c>Em.adp</c>, <c>Sm</c>.
/// The union of the profiles' aliases; a name that is not an alias is returned as given.
/// </summary>
public static class MetricNameAliases
{
    private static readonly Dictionary<string, string> Aliases = ProfileCatalog.All
        .SelectMany(p => p.MetricAliases)
        .GroupBy(a => a.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

    /// <summary>The key metrics.json writes for <paramref name="name"/>.</summary>
    public static string Canonical(string name) => Aliases.TryGetValue(name, out var key) ? key : name;
}
