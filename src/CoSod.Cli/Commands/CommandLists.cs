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
}
