using CoSod.Data.Datasets;

namespace CoSod.Data.ToolkitConfigs;

/// <summary>
/// <c>--include-methods</c> / <c>--exclude-methods</c> (and the datasets' pair) as PySODEvalToolkit's
/// get_valid_elements applies them: include keeps the named entries in the order given, exclude drops them from the
/// file's order, both at once is an error, every name must exist, and something must be left.
/// </summary>
public static class ToolkitSelection
{
    /// <param name="source">The names in the JSON's order.</param>
    /// <param name="include">Names to keep (null or empty: all).</param>
    /// <param name="exclude">Names to drop (null or empty: none).</param>
    /// <param name="kind">"methods" or "datasets", as the options spell it.</param>
    /// <param name="files">The JSON file(s), for messages.</param>
    /// <exception cref="ToolkitConfigException">Both options, an unknown name, or nothing left.</exception>
    public static IReadOnlyList<string> Choose(
        IReadOnlyList<string> source, IReadOnlyList<string>? include, IReadOnlyList<string>? exclude, string kind, string files)
    {
        ArgumentNullException.ThrowIfNull(source);
        include ??= [];
        exclude ??= [];
        if (include.Count > 0 && exclude.Count > 0)
        {
            throw new ToolkitConfigException($"--include-{kind} and --exclude-{kind} cannot be used together (PySODEvalToolkit refuses "
                + "the pair too); give one of them.");
        }

        foreach (var name in include.Concat(exclude))
        {
            if (!source.Contains(name, StringComparer.Ordinal))
            {
                var nearest = Suggestions.Nearest(name, source);
                throw new ToolkitConfigException($"--{(include.Count > 0 ? "include" : "exclude")}-{kind} {name}: {files} has no such "
                    + kind[..^1] + (nearest.Count > 0 ? $"; did you mean {string.Join(" or ", nearest)}?" : ".")
                    + $" It has: {string.Join(", ", source)}.");
            }
        }

        var chosen = include.Count > 0
            ? include.Distinct(StringComparer.Ordinal).ToList()
            : source.Where(s => !exclude.Contains(s, StringComparer.Ordinal)).ToList();
        if (chosen.Count == 0)
        {
            throw new ToolkitConfigException($"--exclude-{kind} leaves no {kind[..^1]} of {files} to evaluate.");
        }

        return chosen;
    }
}
