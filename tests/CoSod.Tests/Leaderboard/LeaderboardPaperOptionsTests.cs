using CoSod.Cli;
using CoSod.Reports.Leaderboard;
using CoSod.Reports.Tables;
using CoSod.Tests.Infrastructure;
using static CoSod.Tests.Leaderboard.SyntheticReports;

namespace CoSod.Tests.Leaderboard;

/// <summary>The options that make a table paper-ready: method choice and order, aliases, marks, notes, floats, direction.</summary>
public sealed class LeaderboardPaperOptionsTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static LeaderboardInput Three() => Input("a.json", Report("pysodmetrics",
        Result("GCoNet_plus", "D", ("Sm", 0.9), ("maxfpr", 0.10), ("HCE", 120.0)),
        Result("GICD", "D", ("Sm", 0.8), ("maxfpr", 0.20), ("HCE", 80.0)),
        Result("CADC", "D", ("Sm", 0.7), ("maxfpr", 0.05), ("HCE", 200.0))));

    [Theory]
    [InlineData("MAE", true)]
    [InlineData("mae", true)]
    [InlineData("HCE", true)]
    [InlineData("si_mae", true)]
    [InlineData("maxfpr", true)]
    [InlineData("adpber", true)]
    [InlineData("sample_biber", true)]
    [InlineData("si_overall_meanfpr", true)]
    [InlineData("Sm", false)]
    [InlineData("maxiou", false)]
    [InlineData("meandice", false)]
    [InlineData("auc_roc", false)]
    [InlineData("si_sample_maxfm", false)]
    [InlineData("cm", false)]
    public void Error_metrics_are_lower_is_better_by_name(string metric, bool lower) =>
        Assert.Equal(lower, MetricDirection.LowerIsBetter(metric));

    [Fact]
    public void Marks_and_sorting_follow_the_direction_of_new_error_metrics()
    {
        var table = Build(new LeaderboardOptions { Sort = new LeaderboardSort("D", "HCE") }, Three());

        Assert.Equal(["GICD", "GCoNet_plus", "CADC"], table.Rows.Select(r => r.Method));
        var fpr = table.Metrics.ToList().IndexOf("maxfpr");
        Assert.Equal(1, table.Rows.Single(r => r.Method == "CADC").Groups[0].Cells[fpr].Rank);
        Assert.Contains("maxfpr$\\downarrow$", Leaderboards.Render(table, LeaderboardFormat.Latex), StringComparison.Ordinal);
    }

    [Fact]
    public void Methods_select_and_order_rows_by_name_or_alias_and_marks_rank_only_the_shown_rows()
    {
        var table = Build(new LeaderboardOptions
        {
            Methods = ["cadc", "GCoNet+"],
            Aliases = MethodAliases.Parse(["GCoNet_plus=GCoNet+"], "--alias"),
        }, Three());

        Assert.Equal(["CADC", "GCoNet+"], table.Rows.Select(r => r.Label));
        Assert.Equal([2, 1], table.Rows.Select(r => r.Groups[0].Cells[0].Rank!.Value));
        var error = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions { Methods = ["UFO"] }, Three()));
        Assert.Contains("method 'UFO' is not in the inputs; they have: GCoNet_plus, GICD, CADC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_that_would_print_two_methods_alike_are_refused()
    {
        var error = Assert.Throws<LeaderboardException>(() =>
            Build(new LeaderboardOptions { Aliases = MethodAliases.Parse(["GICD=X", "CADC=X"], "--alias") }, Three()));
        Assert.Contains("GICD and CADC would both be printed as X", error.Message, StringComparison.Ordinal);
        Assert.Throws<LeaderboardException>(() => MethodAliases.Parse(["no equals sign"], "--alias"));
        Assert.Throws<LeaderboardException>(() => MethodAliases.Parse(["A=B", "A=C"], "--alias"));
    }

    [Fact]
    public void An_alias_file_with_comments_is_read_and_the_command_line_wins()
    {
        var file = _tree.Text("aliases.txt", "# printed names\nGCoNet_plus = GCoNet+\n\nGICD=GICD (ours)\n");
        var json = _tree.Bytes("a.json", CoSod.Evaluation.Results.MetricsJson.Serialize(Three().Report));

        var run = CliRun.Of("leaderboard", json, "--alias-file", file, "--alias", "GICD=Ours", "--methods", "Ours,GCoNet+", "--notes", "none");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.StartsWith("| Ours |", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("| GCoNet+ |", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("Profile", run.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, CliRun.Of("leaderboard", json, "--alias-file", _tree.PathOf("none.txt")).ExitCode);
    }

    [Fact]
    public void Notes_go_into_the_caption_with_a_plain_short_form_or_nowhere()
    {
        var inCaption = Render(LeaderboardFormat.Latex, new LeaderboardOptions { Notes = NotesPlacement.Caption, Caption = "Results." }, Three());
        var none = Render(LeaderboardFormat.Latex, new LeaderboardOptions { Notes = NotesPlacement.None }, Three());

        Assert.Contains("\\caption[Results.]{Results. Profile \\texttt{pysodmetrics}", inCaption, StringComparison.Ordinal);
        Assert.DoesNotContain("minipage", inCaption, StringComparison.Ordinal);
        Assert.DoesNotContain("minipage", none, StringComparison.Ordinal);
        Assert.DoesNotContain("Profile", none, StringComparison.Ordinal);
    }

    [Fact]
    public void Resize_scales_a_one_column_table_and_names_graphicx_and_a_font_size_follows_the_caption()
    {
        var tex = Render(LeaderboardFormat.Latex, new LeaderboardOptions
        {
            Latex = new LatexLayout { Float = LatexFloat.Resize, FontSize = "footnotesize", Label = "tab:a" },
        }, Three());

        Assert.StartsWith("% Made by cosod leaderboard; needs \\usepackage{booktabs} and \\usepackage{graphicx} in the preamble.\n\\begin{table}[t]", tex, StringComparison.Ordinal);
        Assert.Contains("\\label{tab:a}\n  \\setlength{\\tabcolsep}{4pt}\n  \\footnotesize\n  \\resizebox{\\linewidth}{!}{%\n  \\begin{tabular}", tex, StringComparison.Ordinal);
        Assert.Contains("\\end{tabular}\n  }\n", tex, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_table_stays_in_one_column_unless_table_star_is_asked_for()
    {
        Assert.Contains("\\begin{table}[t]", Render(LeaderboardFormat.Latex, Three()), StringComparison.Ordinal);
        Assert.Contains("\\begin{table*}[t]", Render(LeaderboardFormat.Latex,
            new LeaderboardOptions { Latex = new LatexLayout { Float = LatexFloat.TableStar } }, Three()), StringComparison.Ordinal);
    }

    [Fact]
    public void Transpose_is_refused_for_formats_with_one_row_per_method()
    {
        var error = Assert.Throws<LeaderboardException>(() => Render(LeaderboardFormat.Csv, new LeaderboardOptions { Transpose = true }, Three()));
        Assert.Contains("--transpose applies to md, latex and xlsx", error.Message, StringComparison.Ordinal);
        var run = CliRun.Of("leaderboard", _tree.Bytes("a.json", CoSod.Evaluation.Results.MetricsJson.Serialize(Three().Report)), "--label", "bad label");
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
    }
}
