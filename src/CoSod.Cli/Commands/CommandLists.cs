namespace CoSod.Cli.Commands;

/// <summary>Options that take a list accept it comma-separated, repeated, or both.</summary>
internal static class CommandLists
{
    /// <summary>The distinct items in order of first appearance; null when the option was not given.</summary>
    public static IReadOnlyList<string>? Split(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        return values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// <see cref="Split"/> for metric names: PySODMetrics' names for numbers written under ours (maxfm for Fm.max) are
    /// taken as those keys.
    /// </summary>
    public static IReadOnlyList<string>? Metrics(string[]? values) =>
        Split(values)?.Select(CoSod.Evaluation.Families.MetricNameAliases.Canonical).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The problem with the first item that is a path rather than a folder name (a name with a slash, '.', '..' or an
    /// absolute path would reach folders outside the root the option names), or null when every item is a name.
    /// </summary>
    public static string? FirstPath(IReadOnlyList<string>? names, string option)
    {
        foreach (var name in names ?? [])
        {
            if (name is "." or ".." || name.Contains('/') || name.Contains('\\') || name.Contains('\0') || Path.IsPathRooted(name))
            {
                return $"{option} {name}: a name of a folder under the root is expected, not a path. "
                    + "Give the folder's name alone, and point the root option at its parent.";
            }
        }

        return null;
    }
}
