using System.Globalization;
using System.Text;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// A LaTeX table float ready to paste into a paper: booktabs rules, one <c>\multicolumn</c> group per dataset
/// with a <c>\cmidrule</c> under it, the metrics' usual symbols with arrows, <c>\textbf</c> for the best and
/// <c>\underline</c> for the second best, a <c>\textsuperscript{9/10}</c> where images were not scored, and the
/// notes in small print under the tabular. Needs only <c>\usepackage{booktabs}</c>.
/// </summary>
internal static class LeaderboardLatex
{
    private static readonly Markup Tex = new();

    /// <summary>The column heads papers use (GCoNet+, CoSOD3k); any other metric is printed by name.</summary>
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["Sm"] = "$S_\\alpha$",
        ["MAE"] = "MAE",
        ["wFm"] = "$F_\\beta^w$",
        ["Fm.max"] = "$F_\\beta^{\\max}$",
        ["Fm.mean"] = "$F_\\beta^{\\mathrm{mean}}$",
        ["Fm.adp"] = "$F_\\beta^{\\mathrm{adp}}$",
        ["Em.max"] = "$E_\\xi^{\\max}$",
        ["Em.mean"] = "$E_\\xi^{\\mathrm{mean}}$",
        ["Em.adp"] = "$E_\\xi^{\\mathrm{adp}}$",
        ["AP"] = "AP",
        ["AUC"] = "AUC",
    };

    public static string Render(LeaderboardTable table)
    {
        var invariant = CultureInfo.InvariantCulture;
        var metrics = table.Metrics.Count;
        var tex = new StringBuilder();
        tex.Append("% Made by cosod leaderboard; needs \\usepackage{booktabs} in the preamble.\n");
        tex.Append("\\begin{table}[t]\n");
        tex.Append("  \\centering\n");
        var caption = table.Caption is { Length: > 0 } given
            ? given
            : "Results on " + JoinAnd(table.Datasets) + ".";
        tex.Append("  \\caption{").Append(Tex.Text(caption)).Append("}\n");
        tex.Append("  \\begin{tabular}{l");
        foreach (var _ in table.Datasets)
        {
            tex.Append(' ').Append(new string('c', metrics));
        }

        tex.Append("}\n");
        tex.Append("    \\toprule\n");
        tex.Append("    ");
        foreach (var dataset in table.Datasets)
        {
            tex.Append(invariant, $" & \\multicolumn{{{metrics}}}{{c}}{{{Tex.Text(dataset)}}}");
        }

        tex.Append(" \\\\\n");
        tex.Append("    ");
        for (var d = 0; d < table.Datasets.Count; d++)
        {
            var first = 2 + (d * metrics);
            tex.Append(invariant, $"{(d > 0 ? " " : string.Empty)}\\cmidrule(lr){{{first}-{first + metrics - 1}}}");
        }

        tex.Append('\n');
        tex.Append("    Method");
        foreach (var _ in table.Datasets)
        {
            foreach (var metric in table.Metrics)
            {
                var head = Symbols.TryGetValue(metric, out var symbol) ? symbol : Tex.Text(metric);
                tex.Append(" & ").Append(head).Append(' ').Append(Tex.Arrow(metric));
            }
        }

        tex.Append(" \\\\\n");
        tex.Append("    \\midrule\n");
        foreach (var row in table.Rows)
        {
            tex.Append("    ").Append(Tex.Text(row.Label));
            foreach (var group in row.Groups)
            {
                for (var m = 0; m < group.Cells.Count; m++)
                {
                    tex.Append(" & ").Append(Tex.Cell(group, m));
                }
            }

            tex.Append(" \\\\\n");
        }

        tex.Append("    \\bottomrule\n");
        tex.Append("  \\end{tabular}\n");
        tex.Append("  \\par\\smallskip\n");
        tex.Append("  \\begin{minipage}{\\linewidth}\\footnotesize\\raggedright\n");
        var notes = LeaderboardNotes.Build(table, Tex);
        for (var i = 0; i < notes.Count; i++)
        {
            tex.Append("  ").Append(notes[i]).Append(i + 1 < notes.Count ? "\\par\n" : "\n");
        }

        tex.Append("  \\end{minipage}\n");
        tex.Append("\\end{table}\n");
        return tex.ToString();
    }

    private static string JoinAnd(IReadOnlyList<string> items) => items.Count switch
    {
        1 => items[0],
        2 => items[0] + " and " + items[1],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    private sealed class Markup : LeaderboardMarkup
    {
        public override string EmDash => "---";

        public override string Up => "$\\uparrow$";

        public override string Down => "$\\downarrow$";

        /// <summary>Escapes every character LaTeX treats specially in text; line breaks become spaces.</summary>
        public override string Text(string plain)
        {
            var escaped = new StringBuilder(plain.Length + 8);
            foreach (var c in plain)
            {
                escaped.Append(c switch
                {
                    '\\' => "\\textbackslash{}",
                    '{' => "\\{",
                    '}' => "\\}",
                    '_' => "\\_",
                    '&' => "\\&",
                    '%' => "\\%",
                    '#' => "\\#",
                    // \$ falls back to the TS1 companion font under OT1 (a METAFONT bitmap); the OT1 glyph is upright $.
                    '$' => "{\\char36}",
                    '^' => "\\textasciicircum{}",
                    '~' => "\\textasciitilde{}",
                    '<' => "\\textless{}",
                    '>' => "\\textgreater{}",
                    '|' => "\\textbar{}",
                    '\n' or '\r' => " ",
                    _ => c.ToString(),
                });
            }

            // "--" and "---" would print as dashes, "''" as a closing quote: keep the characters as they are.
            var text = escaped.ToString();
            foreach (var pair in (string[])["--", "''", "``"])
            {
                var split = pair[0] + "{}" + pair[1];
                while (text.Contains(pair, StringComparison.Ordinal))
                {
                    text = text.Replace(pair, split, StringComparison.Ordinal);
                }
            }

            return text;
        }

        public override string Code(string plain) => "\\texttt{" + Text(plain) + "}";

        public override string Bold(string markup) => "\\textbf{" + markup + "}";

        public override string Underline(string markup) => "\\underline{" + markup + "}";

        public override string Superscript(string plain) => "\\textsuperscript{" + Text(plain) + "}";
    }
}
