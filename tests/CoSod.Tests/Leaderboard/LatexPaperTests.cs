using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Leaderboard;

/// <summary>
/// The tables fit the page of the papers they are pasted into: ten methods named like the papers' on three datasets
/// with one 9/10 cell, set in an IEEEtran conference paper and in a two-column article of 7.16 in text width, and
/// pdflatex reports no overfull box. A control shows the check bites: the same table with LaTeX's default padding
/// and spaced arrows (the old defaults) overflows the article page.
/// </summary>
public sealed class LatexPaperTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string Table(params string[] args)
    {
        var run = CliRun.Of(["leaderboard", PaperTables.Write(_tree), "--format", "latex", .. args]);
        Assert.True(run.ExitCode == ExitCodes.Ok, $"exit {run.ExitCode}: {run.Error}");
        return run.Output;
    }

    private string DefaultTable() => Table("--metrics", PaperTables.GcoNetPlusMetrics);

    private string MarksThree() => Table("--metrics", PaperTables.GcoNetPlusMetrics, "--marks", "3", "--label", "tab:marks3");

    private string TransposedNine() => Table("--transpose", "--marks", "3");

    [PdfLatexFact]
    public void The_paper_tables_fit_a_two_column_article_of_7_16_inches()
    {
        var log = PdfLatex.Compile(_tree.Root, "article", PaperTables.TwoColumnArticle(DefaultTable(), MarksThree(), TransposedNine()));

        Assert.Contains("Output written on article.pdf (3 pages", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Overfull \\hbox", log, StringComparison.Ordinal);
    }

    [IeeeTranFact]
    public void The_paper_tables_fit_an_ieee_conference_paper()
    {
        IeeeTran.Require();
        var log = PdfLatex.Compile(_tree.Root, "ieee", PaperTables.IeeeConference(DefaultTable(), MarksThree(), TransposedNine()));

        Assert.Contains("Output written on ieee.pdf (3 pages", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Overfull \\hbox", log, StringComparison.Ordinal);
    }

    [PdfLatexFact]
    public void The_old_defaults_overflow_the_article_page_so_the_check_bites()
    {
        var old = DefaultTable()
            .Replace("  \\setlength{\\tabcolsep}{4pt}\n", string.Empty, StringComparison.Ordinal)
            .Replace("{\\uparrow}$", "$ $\\uparrow$", StringComparison.Ordinal)
            .Replace("MAE$\\downarrow$", "MAE $\\downarrow$", StringComparison.Ordinal);
        Assert.DoesNotContain("tabcolsep", old, StringComparison.Ordinal);

        var log = PdfLatex.Compile(_tree.Root, "old", PaperTables.TwoColumnArticle(old));

        Assert.Contains("Overfull \\hbox", log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_four_metric_table_is_a_page_wide_float_with_every_paper_method_in_order()
    {
        var tex = DefaultTable();

        Assert.StartsWith("% Made by cosod leaderboard; needs \\usepackage{booktabs} in the preamble.\n\\begin{table*}[t]\n", tex, StringComparison.Ordinal);
        Assert.EndsWith("\\end{table*}\n", tex, StringComparison.Ordinal);
        var rows = tex.Split('\n').Where(l => l.Contains(" & ", StringComparison.Ordinal) && !l.Contains("Method", StringComparison.Ordinal)
            && !l.Contains("multicolumn", StringComparison.Ordinal)).Select(l => l.Trim().Split(" & ")[0]).ToList();
        Assert.Equal(PaperTables.Methods, rows);
        Assert.Contains("UFO & ", tex, StringComparison.Ordinal);
        Assert.Contains("\\textsuperscript{9/10}", tex, StringComparison.Ordinal);
    }

    [Fact]
    public void Marks_three_sets_the_third_best_in_italics_in_every_column()
    {
        var tex = MarksThree();

        // GCoNet+ is best, GCoNet second, GICD third in every column (their qualities are 0.021 apart, the noise 0.005).
        var gicd = tex.Split('\n').Single(l => l.TrimStart().StartsWith("GICD &", StringComparison.Ordinal));
        Assert.Equal(12, gicd.Split("\\textit{").Length - 1);
        Assert.Contains("\\label{tab:marks3}", tex, StringComparison.Ordinal);
        Assert.Contains("third \\textit{in italics}", tex, StringComparison.Ordinal);
    }

    [Fact]
    public void Transposed_the_nine_metrics_are_columns_and_each_dataset_a_block_of_ten_rows()
    {
        var tex = TransposedNine();

        Assert.Contains("\\begin{tabular}{ll ccccccccc}", tex, StringComparison.Ordinal);
        Assert.Equal(3, tex.Split("\\midrule").Length - 1);
        var body = tex.Split('\n').Where(l => l.TrimEnd().EndsWith("\\\\", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.Equal(30, body.Count);
        Assert.StartsWith("CoCA & GCoNet+ & ", body[0].Trim(), StringComparison.Ordinal);
        Assert.StartsWith("& GCoNet & ", body[1].Trim(), StringComparison.Ordinal);
        Assert.StartsWith("CoSOD3k & GCoNet+ & ", body[10].Trim(), StringComparison.Ordinal);
    }
}
