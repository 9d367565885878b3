using System.Globalization;
using System.Text;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// A LaTeX table float ready to paste into a paper: booktabs rules, one <c>\multicolumn</c> group per dataset
/// with a <c>\cmidrule</c> under it (or, transposed, a block of rows per dataset), the metrics' usual symbols with
/// an arrow attached, <c>\textbf</c> for the best, <c>\underline</c> for the second and <c>\textit</c> for the
/// third best (<c>--marks 3</c>), a <c>\textsuperscript{9/10}</c> where images were not scored, and the notes
/// under the tabular, in the caption or nowhere. Column padding is 4 pt (LaTeX's default is 6 pt) and the arrow
/// sits against its symbol: so the usual four-metric table of ten methods on three datasets is 495 pt wide at
/// 10 pt Computer Modern and fits a 7.16 in (517 pt) two-column page as <c>table*</c> at the body size.
/// The first line names every package the table needs (booktabs; graphicx for <c>\resizebox</c>).
/// </summary>
internal static class LeaderboardLatex
{
    private static readonly Markup Tex = new();

    /// <summary>Column padding (<c>\tabcolsep</c>); LaTeX's default 6 pt makes a 13-column table 78 pt wider.</summary>
    public const string ColumnPadding = "4pt";

    /// <summary>The column heads papers use (GCoNet+, CoSOD3k), as math; any other metric is printed by name.</summary>
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["Sm"] = "S_\\alpha",
        ["wFm"] = "F_\\beta^w",
        ["Fm.max"] = "F_\\beta^{\\max}",
        ["Fm.mean"] = "F_\\beta^{\\mathrm{mean}}",
        ["Fm.adp"] = "F_\\beta^{\\mathrm{adp}}",
        ["Em.max"] = "E_\\xi^{\\max}",
        ["Em.mean"] = "E_\\xi^{\\mathrm{mean}}",
        ["Em.adp"] = "E_\\xi^{\\mathrm{adp}}",
    };

    public static string Render(LeaderboardTable table)
    {
        var layout = table.Latex;
        var environment = FloatOf(table) == LatexFloat.TableStar ? "table*" : "table";
        var resize = layout.Float == LatexFloat.Resize;
        var tex = new StringBuilder();
        tex.Append("% Made by cosod leaderboard; needs \\usepackage{booktabs}")
            .Append(resize ? " and \\usepackage{graphicx}" : string.Empty)
            .Append(" in the preamble.\n");
        tex.Append("\\begin{").Append(environment).Append("}[t]\n");
        tex.Append("  \\centering\n");
        var caption = Tex.Text(table.Caption is { Length: > 0 } given ? given : "Results on " + JoinAnd(table.Datasets) + ".");
        var notes = table.Notes == NotesPlacement.None ? [] : LeaderboardNotes.Build(table, Tex);
        if (table.Notes == NotesPlacement.Caption && notes.Count > 0)
        {
            // The short form keeps the list of tables free of the notes' markup.
            tex.Append("  \\caption[").Append(caption).Append("]{").Append(caption).Append(' ').Append(string.Join(" ", notes)).Append("}\n");
        }
        else
        {
            tex.Append("  \\caption{").Append(caption).Append("}\n");
        }

        if (layout.Label is { Length: > 0 } label)
        {
            tex.Append("  \\label{").Append(label).Append("}\n");
        }

        tex.Append("  \\setlength{\\tabcolsep}{").Append(ColumnPadding).Append("}\n");
        if (layout.FontSize is { Length: > 0 } size)
        {
            tex.Append("  \\").Append(size).Append('\n');
        }

        if (resize)
        {
            tex.Append("  \\resizebox{\\linewidth}{!}{%\n");
        }

        if (table.Transpose)
        {
            TransposedTabular(tex, table);
        }
        else
        {
            Tabular(tex, table);
        }

        if (resize)
        {
            tex.Append("  }\n");
        }

        if (table.Notes == NotesPlacement.Below && notes.Count > 0)
        {
            tex.Append("  \\par\\smallskip\n");
            tex.Append("  \\begin{minipage}{\\linewidth}\\footnotesize\\raggedright\n");
            for (var i = 0; i < notes.Count; i++)
            {
                tex.Append("  ").Append(notes[i]).Append(i + 1 < notes.Count ? "\\par\n" : "\n");
            }

            tex.Append("  \\end{minipage}\n");
        }

        tex.Append("\\end{").Append(environment).Append("}\n");
        return tex.ToString();
    }

    /// <summary>The float used: <see cref="LatexFloat.Auto"/> resolved by the number of number columns.</summary>
    public static LatexFloat FloatOf(LeaderboardTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Latex.Float != LatexFloat.Auto)
        {
            return table.Latex.Float;
        }

        var numberColumns = table.Transpose ? table.Metrics.Count + 1 : table.Datasets.Count * table.Metrics.Count;
        return numberColumns > LatexLayout.OneColumnLimit ? LatexFloat.TableStar : LatexFloat.Table;
    }

    /// <summary>A metric's column head: its symbol (or escaped name) with the arrow attached, e.g. <c>$S_\alpha{\uparrow}$</c>.</summary>
    public static string Head(string metric)
    {
        var arrow = MetricDirection.LowerIsBetter(metric) ? "\\downarrow" : "\\uparrow";
        return Symbols.TryGetValue(metric, out var symbol)
            ? "$" + symbol + "{" + arrow + "}$"
            : Tex.Text(metric) + "$" + arrow + "$";
    }

    private static void Tabular(StringBuilder tex, LeaderboardTable table)
    {
        var invariant = CultureInfo.InvariantCulture;
        var metrics = table.Metrics.Count;
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
                tex.Append(" & ").Append(Head(metric));
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
                    tex.Append(" & ").Append(Tex.Cell(group, m, table.Marks));
                }
            }

            tex.Append(" \\\\\n");
        }

        tex.Append("    \\bottomrule\n");
        tex.Append("  \\end{tabular}\n");
    }

    /// <summary>Transposed: a block of method rows per dataset (the name on its first row), metrics as columns.</summary>
    private static void TransposedTabular(StringBuilder tex, LeaderboardTable table)
    {
        tex.Append("  \\begin{tabular}{ll ").Append(new string('c', table.Metrics.Count)).Append("}\n");
        tex.Append("    \\toprule\n");
        tex.Append("    Dataset & Method");
        foreach (var metric in table.Metrics)
        {
            tex.Append(" & ").Append(Head(metric));
        }

        tex.Append(" \\\\\n");
        for (var d = 0; d < table.Datasets.Count; d++)
        {
            tex.Append("    \\midrule\n");
            var first = true;
            foreach (var row in table.Rows)
            {
                var group = row.Groups[d];
                if (group.Result is null)
                {
                    continue;
                }

                tex.Append("    ").Append(first ? Tex.Text(table.Datasets[d]) : string.Empty).Append(" & ").Append(Tex.Text(row.Label));
                for (var m = 0; m < group.Cells.Count; m++)
                {
                    tex.Append(" & ").Append(Tex.Cell(group, m, table.Marks));
                }

                tex.Append(" \\\\\n");
                first = false;
            }
        }

        tex.Append("    \\bottomrule\n");
        tex.Append("  \\end{tabular}\n");
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

        public override string Italic(string markup) => "\\textit{" + markup + "}";

        public override string Superscript(string plain) => "\\textsuperscript{" + Text(plain) + "}";
    }
}
