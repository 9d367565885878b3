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

        var notes = table.Notes == NotesPlacement.None ? [] : LeaderboardNotes.Build(table, Md);
        if (table.Notes == NotesPlacement.Caption)
        {
            AppendNotes(md, notes);
            md.Append('\n');
        }

        if (table.Transpose)
        {
            Transposed(md, table);
        }
        else
        {
            Wide(md, table);
        }

        if (table.Notes == NotesPlacement.Below)
        {
            md.Append('\n');
            AppendNotes(md, notes);
        }

        return md.ToString();
    }

    private static void AppendNotes(StringBuilder md, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            md.Append("- ").Append(note).Append('\n');
        }
    }

    private static void Wide(StringBuilder md, LeaderboardTable table)
    {
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
                    md.Append(' ').Append(Md.Cell(group, m, table.Marks)).Append(" |");
                }
            }

            md.Append('\n');
        }
    }

    /// <summary>One row per dataset and method (the dataset named on its first row), one column per metric.</summary>
    private static void Transposed(StringBuilder md, LeaderboardTable table)
    {
        md.Append("| Dataset | Method |");
        foreach (var metric in table.Metrics)
        {
            md.Append(' ').Append(Md.Text(metric)).Append(' ').Append(Md.Arrow(metric)).Append(" |");
        }

        md.Append("\n|---|---|").Append(string.Concat(Enumerable.Repeat("---:|", table.Metrics.Count))).Append('\n');
        for (var d = 0; d < table.Datasets.Count; d++)
        {
            var first = true;
            foreach (var row in table.Rows.Where(r => r.Groups[d].Result is not null))
            {
                var group = row.Groups[d];
                md.Append("| ").Append(first ? Md.Text(table.Datasets[d]) : string.Empty).Append(" | ").Append(Md.Text(row.Label)).Append(" |");
                for (var m = 0; m < group.Cells.Count; m++)
                {
                    md.Append(' ').Append(Md.Cell(group, m, table.Marks)).Append(" |");
                }

                md.Append('\n');
                first = false;
            }
        }
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

        public override string Italic(string markup) => "*" + markup + "*";

        public override string Superscript(string plain) => "<sup>" + Text(plain) + "</sup>";
    }
}
