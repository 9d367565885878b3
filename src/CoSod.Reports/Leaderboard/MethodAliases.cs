using CoSod.Data.Files;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// The names methods are printed under (a folder called <c>GCoNet_plus</c> shown as <c>GCoNet+</c>), shared by the
/// leaderboard, the figures and the gallery. Parsed from <c>A=B</c> pairs (the command line's <c>--alias</c>) or
/// from a small file with one pair per line (<c>#</c> starts a comment).
/// </summary>
public sealed class MethodAliases
{
    /// <summary>A file of aliases is a few lines; anything far larger is not one.</summary>
    public const long MaxFileBytes = 1 << 20;

    private readonly Dictionary<string, string> _names;

    private MethodAliases(Dictionary<string, string> names) => _names = names;

    public static MethodAliases None { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Method to printed name, in the order given.</summary>
    public IReadOnlyDictionary<string, string> Names => _names;

    /// <summary>The printed name of a method: its alias, or the name itself.</summary>
    public string Of(string method) => _names.TryGetValue(method, out var alias) ? alias : method;

    /// <summary>
    /// Aliases from <c>Method=Printed</c> pairs; <paramref name="where"/> names the source in messages. Throws
    /// <see cref="LeaderboardException"/> for a pair without '=', an empty side, or a method given two names.
    /// </summary>
    public static MethodAliases Parse(IEnumerable<string> pairs, string where)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var method = equals < 0 ? string.Empty : pair[..equals].Trim();
            var printed = equals < 0 ? string.Empty : pair[(equals + 1)..].Trim();
            if (method.Length == 0 || printed.Length == 0)
            {
                throw new LeaderboardException($"{where}: '{pair}' is not an alias; write Method=Printed name, e.g. GCoNet_plus=GCoNet+.");
            }

            if (names.TryGetValue(method, out var earlier) && earlier != printed)
            {
                throw new LeaderboardException($"{where}: method {method} is given two names ({earlier} and {printed}); give it one.");
            }

            names[method] = printed;
        }

        return new MethodAliases(names);
    }

    /// <summary>Aliases from a file: one <c>Method=Printed</c> per line; blank lines and lines starting with # are skipped.</summary>
    public static MethodAliases ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, MaxFileBytes, "An alias file holds one Method=Name line per method");
        }
        catch (InputFileException e)
        {
            throw new LeaderboardException(e.Message);
        }

        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n')
            .Select(l => l.TrimEnd('\r').Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'));
        return Parse(lines, path);
    }

    /// <summary>These aliases and then <paramref name="later"/>'s (a method in both takes the later name).</summary>
    public MethodAliases With(MethodAliases later)
    {
        ArgumentNullException.ThrowIfNull(later);
        var names = new Dictionary<string, string>(_names, StringComparer.Ordinal);
        foreach (var (method, printed) in later._names)
        {
            names[method] = printed;
        }

        return new MethodAliases(names);
    }

    /// <summary>
    /// Throws <see cref="LeaderboardException"/> when two of <paramref name="methods"/> would print under one name
    /// (a reader could not tell their rows or lines apart).
    /// </summary>
    public void RequireDistinct(IEnumerable<string> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var method in methods.Distinct(StringComparer.Ordinal))
        {
            var printed = Of(method);
            if (seen.TryGetValue(printed, out var other))
            {
                throw new LeaderboardException(
                    $"methods {other} and {method} would both be printed as {printed}; give them different aliases.");
            }

            seen[printed] = method;
        }
    }
}
