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

    /// <summary>The table in a text format; <see cref="LeaderboardFormat.Xlsx"/> is bytes: use <see cref="RenderXlsx"/>.</summary>
    public static string Render(LeaderboardTable table, LeaderboardFormat format)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Transpose && format is not (LeaderboardFormat.Markdown or LeaderboardFormat.Latex))
        {
            throw new LeaderboardException(
                $"--transpose applies to md, latex and xlsx; {format.ToString().ToLowerInvariant()} keeps one row per method (its columns already name dataset and metric).");
        }

        return format switch
        {
            LeaderboardFormat.Markdown => LeaderboardMarkdown.Render(table),
            LeaderboardFormat.Latex => LeaderboardLatex.Render(table),
            LeaderboardFormat.Csv => LeaderboardCsv.Render(table),
            LeaderboardFormat.Json => LeaderboardJson.Render(table),
            LeaderboardFormat.Html => LeaderboardHtml.Render(table),
            LeaderboardFormat.Xlsx => throw new ArgumentException("xlsx is a binary format: call RenderXlsx", nameof(format)),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown leaderboard format"),
        };
    }

    /// <summary>The table as an Excel workbook (see <see cref="LeaderboardXlsx"/>).</summary>
    public static byte[] RenderXlsx(LeaderboardTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return LeaderboardXlsx.Render(table);
    }
}
