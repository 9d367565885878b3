namespace CoSod.Reports.Leaderboard;

/// <summary>
/// Leaderboards as pure functions: metrics.json reports and options in, the text of one format out.
/// Methods are rows, datasets x metrics column groups; see <see cref="LeaderboardBuilder"/> for the rules
/// (what is refused, how ranks and marks are decided) and README.md beside this file for every format.
/// </summary>
public static class Leaderboards
{
    /// <summary>Builds the table and renders it; throws <see cref="LeaderboardException"/> for inputs that cannot make one.</summary>
    public static string Render(IReadOnlyList<LeaderboardInput> inputs, LeaderboardOptions options, LeaderboardFormat format) =>
        Render(LeaderboardBuilder.Build(inputs, options), format);

    public static string Render(LeaderboardTable table, LeaderboardFormat format)
    {
        ArgumentNullException.ThrowIfNull(table);
        return format switch
        {
            LeaderboardFormat.Markdown => LeaderboardMarkdown.Render(table),
            LeaderboardFormat.Latex => LeaderboardLatex.Render(table),
            LeaderboardFormat.Csv => LeaderboardCsv.Render(table),
            LeaderboardFormat.Json => LeaderboardJson.Render(table),
            LeaderboardFormat.Html => LeaderboardHtml.Render(table),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown leaderboard format"),
        };
    }
}
