using System.Globalization;
using System.Net;
using System.Text;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// A self-contained HTML document: one <c>&lt;style&gt;</c> block, no scripts, fonts, images or links. The table
/// (two header rows: datasets spanning their metrics, then the metrics) and its notes sit in one
/// <c>&lt;div class="cosod-leaderboard"&gt;</c> that can be pasted into another page with the style block.
/// Best in <c>&lt;strong&gt;</c>, second best in <c>&lt;u&gt;</c>, <c>&lt;sup&gt;9/10&lt;/sup&gt;</c> where images were not scored.
/// </summary>
internal static class LeaderboardHtml
{
    private static readonly Markup Html = new();

    private const string Style =
        """
        .cosod-leaderboard { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 14px; color: #111; }
        .cosod-leaderboard table { border-collapse: collapse; border-top: 2px solid #111; border-bottom: 2px solid #111; }
        .cosod-leaderboard caption { caption-side: top; text-align: left; padding-bottom: 6px; }
        .cosod-leaderboard th, .cosod-leaderboard td { padding: 3px 8px; white-space: nowrap; }
        .cosod-leaderboard thead tr:first-child th { border-bottom: 1px solid #999; }
        .cosod-leaderboard thead tr:last-child th { border-bottom: 1px solid #111; }
        .cosod-leaderboard th.group { text-align: center; }
        .cosod-leaderboard th.method { text-align: left; font-weight: normal; }
        .cosod-leaderboard td { text-align: right; font-variant-numeric: tabular-nums; }
        .cosod-leaderboard td.first, .cosod-leaderboard th.first { border-left: 1px solid #ddd; }
        .cosod-leaderboard sup { font-size: 70%; color: #a33; }
        .cosod-leaderboard ul.notes { font-size: 12px; color: #444; padding-left: 18px; max-width: 60em; }
        """;

    public static string Render(LeaderboardTable table)
    {
        var invariant = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(Html.Text(table.Caption is { Length: > 0 } c ? c : "CoSOD leaderboard")).Append("</title>\n");
        html.Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<div class=\"cosod-leaderboard\">\n<table>\n");
        if (table.Caption is { Length: > 0 } caption)
        {
            html.Append("<caption>").Append(Html.Text(caption)).Append("</caption>\n");
        }

        html.Append("<thead>\n<tr><th rowspan=\"2\" class=\"method\">Method</th>");
        foreach (var dataset in table.Datasets)
        {
            html.Append(invariant, $"<th colspan=\"{table.Metrics.Count}\" class=\"group first\">{Html.Text(dataset)}</th>");
        }

        html.Append("</tr>\n<tr>");
        foreach (var _ in table.Datasets)
        {
            for (var m = 0; m < table.Metrics.Count; m++)
            {
                html.Append(m == 0 ? "<th class=\"first\">" : "<th>")
                    .Append(Html.Text(table.Metrics[m])).Append(' ').Append(Html.Arrow(table.Metrics[m])).Append("</th>");
            }
        }

        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr><th scope=\"row\" class=\"method\">").Append(Html.Text(row.Label)).Append("</th>");
            foreach (var group in row.Groups)
            {
                for (var m = 0; m < group.Cells.Count; m++)
                {
                    html.Append(m == 0 ? "<td class=\"first\">" : "<td>").Append(Html.Cell(group, m, table.Marks)).Append("</td>");
                }
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        if (table.Notes != NotesPlacement.None)
        {
            html.Append("<ul class=\"notes\">\n");
            foreach (var note in LeaderboardNotes.Build(table, Html))
            {
                html.Append("<li>").Append(note).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private sealed class Markup : LeaderboardMarkup
    {
        public override string EmDash => "—";

        public override string Up => "↑";

        public override string Down => "↓";

        public override string Text(string plain) => WebUtility.HtmlEncode(plain);

        public override string Code(string plain) => "<code>" + Text(plain) + "</code>";

        public override string Bold(string markup) => "<strong>" + markup + "</strong>";

        public override string Underline(string markup) => "<u>" + markup + "</u>";

        public override string Italic(string markup) => "<em>" + markup + "</em>";

        public override string Superscript(string plain) => "<sup>" + Text(plain) + "</sup>";
    }
}
