using CoSod.Reports.Tables;

namespace CoSod.Reports.Gallery;

/// <summary>
/// Chooses the rows of a qualitative figure from per-image scores, as a pure function. A method's margin on an image
/// is its score minus the best score of the other listed methods, both read in the metric's direction
/// (<see cref="MetricDirection"/>: for MAE a lower value is the better one), so a positive margin means it wins.
/// Only images where the method and at least one other method have a value take part. Ties go to the smaller
/// <c>group/stem</c> (ordinal), so the choice never depends on input order.
/// </summary>
public static class GalleryRows
{
    /// <param name="scores">Per method, the per-image value of <paramref name="metric"/> by "group/stem".</param>
    /// <param name="methods">The listed methods, in column order.</param>
    /// <param name="metric">The per-image metric; its direction decides which value is better.</param>
    /// <param name="pick">The rule (for <see cref="GalleryPickKind.Spread"/> without a method: the first listed).</param>
    /// <param name="rows">The most rows returned.</param>
    public static IReadOnlyList<GalleryRow> Pick(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> scores,
        IReadOnlyList<string> methods,
        string metric,
        GalleryPick pick,
        int rows)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(pick);
        if (rows < 1)
        {
            throw new GalleryException("--rows must be at least 1.");
        }

        if (pick.Kind == GalleryPickKind.Explicit)
        {
            return pick.Keys.Take(rows).Select(k => new GalleryRow(k, null)).ToList();
        }

        var method = pick.Method ?? methods[0];
        if (!methods.Contains(method, StringComparer.Ordinal))
        {
            throw new GalleryException($"--pick: method {method} is not among --methods ({string.Join(", ", methods)}).");
        }

        if (methods.Count < 2)
        {
            throw new GalleryException("--pick by margin needs at least two methods: a margin is taken over the best other method.");
        }

        var margins = Margins(scores, methods, method, metric);
        IEnumerable<(string Key, double Margin)> chosen = pick.Kind switch
        {
            GalleryPickKind.BestFor => margins.OrderByDescending(m => m.Margin).ThenBy(m => m.Key, StringComparer.Ordinal),
            GalleryPickKind.WorstFor => margins.OrderBy(m => m.Margin).ThenBy(m => m.Key, StringComparer.Ordinal),
            _ => margins
                .GroupBy(m => Group(m.Key), StringComparer.Ordinal)
                .Select(g => g.OrderByDescending(m => m.Margin).ThenBy(m => m.Key, StringComparer.Ordinal).First())
                .OrderByDescending(m => m.Margin).ThenBy(m => m.Key, StringComparer.Ordinal)
                .Take(rows)
                .OrderBy(m => m.Key, StringComparer.Ordinal),
        };
        var picked = chosen.Take(rows).Select(m => new GalleryRow(m.Key, m.Margin)).ToList();
        if (picked.Count == 0)
        {
            throw new GalleryException($"no image has a per-image {metric} for {method} and another listed method; nothing to pick.");
        }

        return picked;
    }

    /// <summary>The group of a key: everything before its last '/'.</summary>
    public static string Group(string key) => key[..key.LastIndexOf('/')];

    /// <summary>Every image's margin for <paramref name="method"/>, in ordinal key order.</summary>
    public static List<(string Key, double Margin)> Margins(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> scores, IReadOnlyList<string> methods, string method, string metric)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(methods);
        var mine = scores.TryGetValue(method, out var own) ? own : new Dictionary<string, double>();
        var margins = new List<(string, double)>();
        foreach (var (key, value) in mine.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            double? bestOther = null;
            foreach (var other in methods.Where(m => m != method))
            {
                if (scores.TryGetValue(other, out var theirs) && theirs.TryGetValue(key, out var v))
                {
                    var oriented = MetricDirection.Oriented(metric, v);
                    bestOther = bestOther is { } b ? Math.Max(b, oriented) : oriented;
                }
            }

            if (bestOther is { } best)
            {
                margins.Add((key, MetricDirection.Oriented(metric, value) - best));
            }
        }

        return margins;
    }
}
