using System.Text;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// A GitHub-flavoured Markdown table: one column per dataset and metric ("CoCA Sm ↑"), best in <c>**bold**</c>,
/// second best <c>&lt;u&gt;underlined&lt;/u&gt;</c>, a <c>&lt;sup&gt;9/10&lt;/sup&gt;</c> on the first cell of a
/// method's dataset when images were not scored, then the notes as a list.
/// </summary>
internal static class LeaderboardMarkdown
{
    private static readonly Markup Md = new();

    public static string Render(LeaderboardTable table)
    {
        var md = new StringBuilder();
        if (table.Caption is { Length: > 0 } caption)
        {
            md.Append(Md.Text(caption)).Append("\n\n");
        }

        md.Append("| Method |");
        foreach (var dataset in table.Datasets)
        {
            foreach (var metric in table.Metrics)
            {
                md.Append(' ').Append(Md.Text(dataset)).Append(' ').Append(Md.Text(metric)).Append(' ').Append(Md.Arrow(metric)).Append(" |");
            }
        }

        md.Append("\n|---|");
        md.Append(string.Concat(Enumerable.Repeat("---:|", table.Datasets.Count * table.Metrics.Count)));
        md.Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append("| ").Append(Md.Text(row.Label)).Append(" |");
            foreach (var group in row.Groups)
            {
                for (var m = 0; m < group.Cells.Count; m++)
                {
                    md.Append(' ').Append(Md.Cell(group, m)).Append(" |");
                }
            }

            md.Append('\n');
        }

        md.Append('\n');
        foreach (var note in LeaderboardNotes.Build(table, Md))
        {
            md.Append("- ").Append(note).Append('\n');
        }

        return md.ToString();
    }

    private sealed class Markup : LeaderboardMarkup
    {
        public override string EmDash => "—";

        public override string Up => "↑";

        public override string Down => "↓";

        public override string Text(string plain)
        {
            var escaped = new StringBuilder(plain.Length);
            foreach (var c in plain)
            {
                if (c is '\\' or '|' or '*' or '_' or '`' or '<' or '>' or '[' or ']' or '~')
                {
                    escaped.Append('\\');
                }

                escaped.Append(c is '\n' or '\r' ? ' ' : c);
            }

            return escaped.ToString();
        }

        public override string Code(string plain) => "`" + plain.Replace("`", "'", StringComparison.Ordinal) + "`";

        public override string Bold(string markup) => "**" + markup + "**";

        public override string Underline(string markup) => "<u>" + markup + "</u>";

        public override string Superscript(string plain) => "<sup>" + Text(plain) + "</sup>";
    }
}
