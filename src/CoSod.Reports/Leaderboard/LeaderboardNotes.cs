using System.Globalization;
using System.Text;

namespace CoSod.Reports.Leaderboard;

/// <summary>How one format writes text, marks and the symbols the notes use.</summary>
internal abstract class LeaderboardMarkup
{
    /// <summary>Plain text escaped for the format.</summary>
    public abstract string Text(string plain);

    public abstract string Code(string plain);

    public abstract string Bold(string markup);

    public abstract string Underline(string markup);

    /// <summary>The third-best mark (<c>--marks 3</c>).</summary>
    public abstract string Italic(string markup);

    public abstract string Superscript(string plain);

    public abstract string EmDash { get; }

    public abstract string Up { get; }

    public abstract string Down { get; }

    public string Arrow(string metric) => Tables.MetricNames.LowerIsBetter(metric) ? Down : Up;

    /// <summary>
    /// A cell: its number with the best/second (and, with <paramref name="marks"/> 3, third) mark, or an em dash;
    /// the group's n/m superscript on its first cell.
    /// </summary>
    public string Cell(LeaderboardGroup group, int index, int marks)
    {
        var cell = group.Cells[index];
        var text = cell.Text is { } t ? Text(t) : EmDash;
        if (cell.IsBest)
        {
            text = Bold(text);
        }
        else if (cell.IsSecond)
        {
            text = Underline(text);
        }
        else if (cell.IsThird && marks >= 3)
        {
            text = Italic(text);
        }

        if (index == 0 && group.ScoredOfExpected is { } scored)
        {
            text += Superscript(scored);
        }

        return text;
    }
}

/// <summary>
/// The sentences printed under a table (Markdown, LaTeX, HTML): the setting the numbers come from, the marks,
/// the order, what an em dash means, and every method and dataset with fewer images scored than expected.
/// </summary>
internal static class LeaderboardNotes
{
    public static List<string> Build(LeaderboardTable table, LeaderboardMarkup markup)
    {
        var notes = new List<string>();
        if (!table.Mixed)
        {
            var setting = table.Settings[0];
            notes.Add(markup.Text("Profile ") + markup.Code(setting.Profile) + markup.Text(", aggregation ")
                + markup.Code(setting.Aggregation) + markup.Text("."));
        }

        else
        {
            notes.Add(markup.Text("Mixed settings: each method carries in brackets the setting its numbers come from (")
                + string.Join(markup.Text("; "), table.Settings.Select(s =>
                    markup.Code(s.Label) + markup.Text(": " + s.Describe())))
                + markup.Text("). Numbers of different profiles are not directly comparable; the marks rank all rows together."));
        }

        notes.Add(markup.Text("Best per column in ") + markup.Bold(markup.Text("bold")) + markup.Text(", second best ")
            + markup.Underline(markup.Text("underlined"))
            + (table.Marks >= 3 ? markup.Text(", third ") + markup.Italic(markup.Text("in italics")) : string.Empty)
            + markup.Text(string.Create(CultureInfo.InvariantCulture,
                $", compared at the printed {table.Decimals} decimals (ties share a mark); "))
            + markup.Up + markup.Text(" higher is better, ") + markup.Down + markup.Text(" lower is better."));
        if (table.Sort is { } sort)
        {
            notes.Add(markup.Text($"Rows sorted by {sort.Dataset} {sort.Metric}, best first."));
        }

        if (table.HasEmptyCells)
        {
            notes.Add(markup.EmDash + markup.Text(": no value (the metric is not computed under that profile, or the method has no result on that dataset)."));
        }

        foreach (var (row, group) in table.IncompleteGroups)
        {
            var result = group.Result!;
            var reasons = new List<string>();
            if (result.MissingPredictions.Count > 0)
            {
                reasons.Add(Count(result.MissingPredictions.Count, "prediction", "predictions") + " missing");
            }

            if (result.SkippedByProfile.Count > 0)
            {
                reasons.Add(Count(result.SkippedByProfile.Count, "map", "maps") + " not read by the profile's toolbox");
            }

            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture,
                $"{row.Label} on {group.Dataset}: {result.ImagesScored} of {result.ImagesExpected} images scored");
            if (reasons.Count > 0)
            {
                text.Append(" (").Append(string.Join(", ", reasons)).Append(')');
            }

            text.Append(result.ImagesScored == 0 ? "; no numbers." : "; its numbers cover the scored images only.");
            notes.Add(markup.Superscript(group.ScoredOfExpected!) + " " + markup.Text(text.ToString()));
        }

        return notes;
    }

    private static string Count(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);
}
