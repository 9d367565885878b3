using System.CommandLine;
using CoSod.Reports.Leaderboard;

namespace CoSod.Cli.Commands;

/// <summary>The method-naming options leaderboard, plot and gallery share: <c>--alias A=B</c> (repeatable) and <c>--alias-file</c>.</summary>
internal static class MethodOptions
{
    public static Option<string[]> Alias() => new("--alias")
    {
        HelpName = "Method=Name",
        Description = "Print a method under another name, e.g. GCoNet_plus=GCoNet+ (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> AliasFile() => new("--alias-file")
    {
        HelpName = "file",
        Description = "A file of aliases, one Method=Name per line (# starts a comment); --alias wins over it",
    };

    /// <summary>The file's aliases, then the command line's; throws <see cref="LeaderboardException"/> on a bad pair or file.</summary>
    public static MethodAliases ReadAliases(ParseResult parse, Option<string[]> alias, Option<string?> aliasFile)
    {
        var fromFile = parse.GetValue(aliasFile) is { } path ? MethodAliases.ReadFile(path) : MethodAliases.None;
        return fromFile.With(MethodAliases.Parse(parse.GetValue(alias) ?? [], "--alias"));
    }
}
