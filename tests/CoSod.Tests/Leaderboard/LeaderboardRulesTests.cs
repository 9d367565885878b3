using System.Text.Json;
using CoSod.Reports.Leaderboard;
using static CoSod.Tests.Leaderboard.SyntheticReports;

namespace CoSod.Tests.Leaderboard;

/// <summary>The rules of the leaderboard on hand-made numbers: marks, ties, directions, order, columns, refusals.</summary>
public sealed class LeaderboardRulesTests
{
    private static readonly LeaderboardInput ThreeMethods = Input("a.json", Report("pysodmetrics",
        Result("A", "D", ("Sm", 0.80), ("MAE", 0.05)),
        Result("B", "D", ("Sm", 0.90), ("MAE", 0.08)),
        Result("C", "D", ("Sm", 0.85), ("MAE", 0.03))));

    [Fact]
    public void Higher_is_better_metrics_mark_the_highest_bold_and_the_next_underlined()
    {
        var md = Render(LeaderboardFormat.Markdown, ThreeMethods);

        Assert.Equal("| B | **0.900** | 0.080 |", MarkdownRow(md, "B"));
        Assert.Equal("| C | <u>0.850</u> | **0.030** |", MarkdownRow(md, "C"));
        Assert.Equal("| A | 0.800 | <u>0.050</u> |", MarkdownRow(md, "A"));
    }

    [Fact]
    public void Mae_is_lower_is_better_with_a_down_arrow()
    {
        var table = Build(new LeaderboardOptions(), ThreeMethods);
        var md = Leaderboards.Render(table, LeaderboardFormat.Markdown);

        Assert.Equal([("A", 2), ("B", 3), ("C", 1)], Ranks(table, metric: 1));
        Assert.StartsWith("| Method | D Sm ↑ | D MAE ↓ |\n", md, StringComparison.Ordinal);
        Assert.Contains(@"MAE$\downarrow$", Leaderboards.Render(table, LeaderboardFormat.Latex), StringComparison.Ordinal);
        Assert.Contains("\"name\": \"MAE\",\n      \"better\": \"lower\"", Leaderboards.Render(table, LeaderboardFormat.Json), StringComparison.Ordinal);
    }

    [Fact]
    public void Values_that_print_the_same_share_the_mark_and_the_next_rank_counts_them()
    {
        var input = Input("a.json", Report("pysodmetrics",
            Result("A", "D", ("Sm", 0.91249)),
            Result("B", "D", ("Sm", 0.91201)),
            Result("C", "D", ("Sm", 0.90))));

        var three = Build(new LeaderboardOptions(), input);
        var four = Build(new LeaderboardOptions { Decimals = 4 }, input);

        Assert.Equal([("A", 1), ("B", 1), ("C", 3)], Ranks(three));
        Assert.Equal([("A", 1), ("B", 2), ("C", 3)], Ranks(four));
        var md = Leaderboards.Render(three, LeaderboardFormat.Markdown);
        Assert.Equal("| A | **0.912** |", MarkdownRow(md, "A"));
        Assert.Equal("| B | **0.912** |", MarkdownRow(md, "B"));
        Assert.Equal("| C | 0.900 |", MarkdownRow(md, "C"));
        Assert.Equal("| B | <u>0.9120</u> |", MarkdownRow(Leaderboards.Render(four, LeaderboardFormat.Markdown), "B"));
    }

    [Fact]
    public void A_tie_for_second_underlines_both()
    {
        var input = Input("a.json", Report("pysodmetrics",
            Result("A", "D", ("MAE", 0.0404)),
            Result("B", "D", ("MAE", 0.0396)),
            Result("C", "D", ("MAE", 0.031)),
            Result("D", "D", ("MAE", 0.05))));

        var table = Build(new LeaderboardOptions { Decimals = 2 }, input);

        Assert.Equal([("A", 2), ("B", 2), ("C", 1), ("D", 4)], Ranks(table));
        var tex = Leaderboards.Render(table, LeaderboardFormat.Latex);
        Assert.Contains(@"    A & \underline{0.04} \\", tex, StringComparison.Ordinal);
        Assert.Contains(@"    B & \underline{0.04} \\", tex, StringComparison.Ordinal);
        Assert.Contains(@"    C & \textbf{0.03} \\", tex, StringComparison.Ordinal);
        Assert.Contains(@"    D & 0.05 \\", tex, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_format_carries_the_marks_its_own_way()
    {
        var options = new LeaderboardOptions { Metrics = ["Sm"] };

        var html = Render(LeaderboardFormat.Html, options, ThreeMethods);
        var csv = Render(LeaderboardFormat.Csv, options, ThreeMethods);
        using var json = JsonDocument.Parse(Render(LeaderboardFormat.Json, options, ThreeMethods));

        Assert.Contains("<th scope=\"row\" class=\"method\">B</th><td class=\"first\"><strong>0.900</strong></td>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" class=\"method\">C</th><td class=\"first\"><u>0.850</u></td>", html, StringComparison.Ordinal);
        Assert.Equal(
            "label,method,profile,aggregation,D:images_scored,D:images_expected,D:Sm,D:Sm:rank\n"
            + "A,A,pysodmetrics,image-mean,10,10,0.8,3\n"
            + "B,B,pysodmetrics,image-mean,10,10,0.9,1\n"
            + "C,C,pysodmetrics,image-mean,10,10,0.85,2\n",
            csv);
        var b = json.RootElement.GetProperty("rows")[1];
        Assert.Equal("B", b.GetProperty("method").GetString());
        var sm = b.GetProperty("datasets").GetProperty("D").GetProperty("metrics").GetProperty("Sm");
        Assert.Equal(0.9, sm.GetProperty("value").GetDouble());
        Assert.Equal("0.900", sm.GetProperty("text").GetString());
        Assert.Equal(1, sm.GetProperty("rank").GetInt32());
    }

    [Fact]
    public void Csv_and_json_keep_full_precision()
    {
        var input = Input("a.json", Report("pysodmetrics", Result("A", "D", ("Sm", 0.12345678901234567))));

        Assert.Contains(",0.12345678901234566,1\n", Render(LeaderboardFormat.Csv, input), StringComparison.Ordinal);
        Assert.Contains("\"value\": 0.12345678901234566,", Render(LeaderboardFormat.Json, input), StringComparison.Ordinal);
        Assert.Contains("| A | **0.123** |", Render(LeaderboardFormat.Markdown, input), StringComparison.Ordinal);
    }

    [Fact]
    public void Methods_keep_the_order_of_first_appearance_across_inputs()
    {
        var first = Input("a.json", Report("pysodmetrics", Result("B", "D1", ("Sm", 0.5)), Result("A", "D1", ("Sm", 0.9))));
        var second = Input("b.json", Report("pysodmetrics", Result("C", "D2", ("Sm", 0.7)), Result("A", "D2", ("Sm", 0.6))));

        var table = Build(new LeaderboardOptions(), first, second);

        Assert.Equal(["B", "A", "C"], table.Rows.Select(r => r.Label));
        Assert.Equal(["D1", "D2"], table.Datasets);
        Assert.Null(table.Rows[0].Groups[1].Result);
        Assert.Equal("b.json", table.Rows[1].Groups[1].Source);
    }

    [Fact]
    public void Sort_puts_the_best_first_in_the_metrics_direction_and_rows_without_a_value_last()
    {
        var input = Input("a.json", Report("pysodmetrics",
            Result("A", "D", ("Sm", 0.80), ("MAE", 0.05)),
            Result("B", "D", ("Sm", 0.90), ("MAE", 0.08)),
            Result("E", "D", ("Sm", 0.85)),
            Result("C", "D", ("Sm", 0.85), ("MAE", 0.03))));

        var bySm = Build(new LeaderboardOptions { Sort = new LeaderboardSort("D", "Sm") }, input);
        var byMae = Build(new LeaderboardOptions { Sort = new LeaderboardSort("d", "mae") }, input);
        var byHiddenMae = Build(new LeaderboardOptions { Sort = new LeaderboardSort("D", "MAE"), Metrics = ["Sm"] }, input);

        Assert.Equal(["B", "E", "C", "A"], bySm.Rows.Select(r => r.Label));
        Assert.Equal(["C", "A", "B", "E"], byMae.Rows.Select(r => r.Label));
        Assert.Equal(["C", "A", "B", "E"], byHiddenMae.Rows.Select(r => r.Label));
        Assert.Contains("- Rows sorted by D MAE, best first.", Leaderboards.Render(byMae, LeaderboardFormat.Markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void Sort_by_an_unknown_dataset_or_metric_is_refused()
    {
        var dataset = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions { Sort = new LeaderboardSort("CoCA", "Sm") }, ThreeMethods));
        var metric = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions { Sort = new LeaderboardSort("D", "wFm") }, ThreeMethods));

        Assert.Equal("sort dataset 'CoCA' is not in the inputs; they have: D.", dataset.Message);
        Assert.Equal("sort metric 'wFm' is not in the inputs; they have: Sm, MAE.", metric.Message);
        Assert.True(LeaderboardSort.TryParse("Co:SOD:Fm.max", out var parsed));
        Assert.Equal(new LeaderboardSort("Co:SOD", "Fm.max"), parsed);
        Assert.False(LeaderboardSort.TryParse("CoCA", out _));
        Assert.False(LeaderboardSort.TryParse("CoCA:", out _));
    }

    [Fact]
    public void A_metric_subset_keeps_the_given_order_and_matches_names_ignoring_case()
    {
        var input = Input("a.json", Report("eval-co-sod",
            Result("A", "D", ("Sm", 0.8), ("MAE", 0.05), ("Fm.max", 0.7), ("Fm.mean", 0.6), ("Em.max", 0.9), ("Em.mean", 0.85), ("AP", 0.5), ("AUC", 0.6))));

        var table = Build(new LeaderboardOptions { Metrics = ["em.MAX", "Sm", "Fm.max", "mae"] }, input);

        Assert.Equal(["Em.max", "Sm", "Fm.max", "MAE"], table.Metrics);
        Assert.Equal("| A | **0.900** | **0.800** | **0.700** | **0.050** |", MarkdownRow(Leaderboards.Render(table, LeaderboardFormat.Markdown), "A"));
    }

    [Fact]
    public void By_default_every_metric_present_is_shown_in_the_conventional_order()
    {
        var first = Input("a.json", Report("pysodmetrics", Result("A", "D", ("Em.max", 0.9), ("Custom", 1.0), ("MAE", 0.1), ("Sm", 0.8))));
        var second = Input("b.json", Report("pysodmetrics", Result("B", "D", ("wFm", 0.7), ("Sm", 0.7))));

        var table = Build(new LeaderboardOptions(), first, second);

        Assert.Equal(["Sm", "MAE", "wFm", "Em.max", "Custom"], table.Metrics);
    }

    [Fact]
    public void An_unknown_metric_or_dataset_is_refused_with_what_is_there()
    {
        var metric = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions { Metrics = ["Sm", "Fm.max"] }, ThreeMethods));
        var dataset = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions { Datasets = ["CoCA"] }, ThreeMethods));
        var decimals = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions { Decimals = 11 }, ThreeMethods));

        Assert.Equal("metric 'Fm.max' is not in the inputs; they have: Sm, MAE.", metric.Message);
        Assert.Equal("dataset 'CoCA' is not in the inputs; they have: D.", dataset.Message);
        Assert.Contains("between 0 and 10", decimals.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_metric_or_dataset_is_an_em_dash_in_every_format()
    {
        var input = Input("a.json", Report("pysodmetrics",
            Result("A", "D1", ("Sm", 0.8), ("wFm", 0.6)),
            Result("B", "D1", ("Sm", 0.7), ("wFm", null)),
            Result("A", "D2", ("Sm", 0.9), ("wFm", 0.5))));

        var md = Render(LeaderboardFormat.Markdown, input);
        var tex = Render(LeaderboardFormat.Latex, input);
        var html = Render(LeaderboardFormat.Html, input);
        var csv = Render(LeaderboardFormat.Csv, input);
        using var json = JsonDocument.Parse(Render(LeaderboardFormat.Json, input));

        Assert.Equal("| B | <u>0.700</u> | — | — | — |", MarkdownRow(md, "B"));
        Assert.Contains("- —: no value", md, StringComparison.Ordinal);
        Assert.Contains(@"    B & \underline{0.700} & --- & --- & --- \\", tex, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" class=\"method\">B</th><td class=\"first\"><u>0.700</u></td><td>—</td><td class=\"first\">—</td><td>—</td>", html, StringComparison.Ordinal);
        Assert.EndsWith("B,B,pysodmetrics,image-mean,10,10,0.7,2,,,,,,,,\n", csv, StringComparison.Ordinal);
        var b = json.RootElement.GetProperty("rows")[1].GetProperty("datasets");
        Assert.Equal(JsonValueKind.Null, b.GetProperty("D1").GetProperty("metrics").GetProperty("wFm").ValueKind);
        Assert.Equal(JsonValueKind.Null, b.GetProperty("D2").ValueKind);
        Assert.DoesNotContain("no value", Render(LeaderboardFormat.Markdown, ThreeMethods), StringComparison.Ordinal);
    }

    [Fact]
    public void Images_scored_out_of_expected_show_where_a_method_missed_any_and_only_there()
    {
        var input = Input("a.json", Report("pysodmetrics",
            Result("A", "D1", 9, 10, ("Sm", 0.8), ("MAE", 0.1)),
            Result("A", "D2", ("Sm", 0.8), ("MAE", 0.1)),
            Result("B", "D1", ("Sm", 0.7), ("MAE", 0.2)),
            Result("B", "D2", 0, 4)));

        var md = Render(LeaderboardFormat.Markdown, input);
        var tex = Render(LeaderboardFormat.Latex, input);
        var html = Render(LeaderboardFormat.Html, input);
        var csv = Render(LeaderboardFormat.Csv, input);
        using var json = JsonDocument.Parse(Render(LeaderboardFormat.Json, input));

        Assert.Equal("| A | **0.800**<sup>9/10</sup> | **0.100** | **0.800** | **0.100** |", MarkdownRow(md, "A"));
        Assert.Equal("| B | <u>0.700</u> | <u>0.200</u> | —<sup>0/4</sup> | — |", MarkdownRow(md, "B"));
        Assert.Contains("- <sup>9/10</sup> A on D1: 9 of 10 images scored (1 prediction missing); its numbers cover the scored images only.", md, StringComparison.Ordinal);
        Assert.Contains("- <sup>0/4</sup> B on D2: 0 of 4 images scored (4 predictions missing); no numbers.", md, StringComparison.Ordinal);
        Assert.Contains(@"    A & \textbf{0.800}\textsuperscript{9/10} & \textbf{0.100} &", tex, StringComparison.Ordinal);
        Assert.Contains(@"\textsuperscript{9/10} A on D1: 9 of 10 images scored", tex, StringComparison.Ordinal);
        Assert.Contains("<td class=\"first\"><strong>0.800</strong><sup>9/10</sup></td>", html, StringComparison.Ordinal);
        Assert.Contains("<li><sup>9/10</sup> A on D1: 9 of 10 images scored", html, StringComparison.Ordinal);
        Assert.StartsWith("label,method,profile,aggregation,D1:images_scored,D1:images_expected,", csv, StringComparison.Ordinal);
        Assert.Contains("\nA,A,pysodmetrics,image-mean,9,10,0.8,1,0.1,1,10,10,", csv, StringComparison.Ordinal);
        var a = json.RootElement.GetProperty("rows")[0].GetProperty("datasets").GetProperty("D1");
        Assert.Equal(9, a.GetProperty("images_scored").GetInt32());
        Assert.Equal(10, a.GetProperty("images_expected").GetInt32());
        Assert.Equal(1, a.GetProperty("missing_predictions").GetInt32());
        Assert.False(a.GetProperty("complete").GetBoolean());
        Assert.DoesNotContain("<sup>", Render(LeaderboardFormat.Markdown, ThreeMethods), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_profiles_are_refused_unless_allowed_and_then_every_row_says_its_profile()
    {
        var pysod = Input("runs/pysod/metrics.json", Report("pysodmetrics", Result("A", "D", ("Sm", 0.8), ("wFm", 0.7))));
        var ecs = Input("runs/ecs/metrics.json", Report("eval-co-sod", Result("A", "D", ("Sm", 0.81), ("AP", 0.5)), Result("B", "D", ("Sm", 0.6))));

        var refused = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions(), pysod, ecs));
        var md = Render(LeaderboardFormat.Markdown, new LeaderboardOptions { AllowMixedProfiles = true }, pysod, ecs);

        Assert.Equal(
            "runs/pysod/metrics.json (profile pysodmetrics, aggregation image-mean) and runs/ecs/metrics.json (profile eval-co-sod, "
            + "aggregation image-mean) come from different profiles (pysodmetrics and eval-co-sod), whose numbers are not comparable; "
            + "give inputs of one setting, or pass --allow-mixed-profiles to show them in one table with the profile beside each method.",
            refused.Message);
        Assert.Equal("| A (pysodmetrics) | <u>0.800</u> | **0.700** | — |", MarkdownRow(md, "A (pysodmetrics)"));
        Assert.Equal("| A (eval-co-sod) | **0.810** | — | **0.500** |", MarkdownRow(md, "A (eval-co-sod)"));
        Assert.Equal("| B (eval-co-sod) | 0.600 | — | — |", MarkdownRow(md, "B (eval-co-sod)"));
        Assert.Contains("- Mixed settings: each method carries in brackets the setting its numbers come from (`pysodmetrics`: profile pysodmetrics, "
            + "aggregation image-mean; `eval-co-sod`: profile eval-co-sod, aggregation image-mean). Numbers of different profiles are not "
            + "directly comparable; the marks rank all rows together.", md, StringComparison.Ordinal);
        Assert.Contains("\\textbf{0.810}", Render(LeaderboardFormat.Latex, new LeaderboardOptions { AllowMixedProfiles = true }, pysod, ecs), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_aggregations_or_number_changing_options_are_refused_too()
    {
        var image = Input("image.json", Report("pysodmetrics", Result("A", "D", ("Sm", 0.8))));
        var group = Input("group.json", Report("pysodmetrics", "group-mean", [], Result("A", "D", ("Sm", 0.7))));
        var octave = Input("octave.json", Report("cosod-matlab", "group-mean", [new("matlab_thresholds", "false")], Result("A", "D", ("Sm", 0.7))));
        var matlab = Input("matlab.json", Report("cosod-matlab", "group-mean", [new("matlab_thresholds", "true")], Result("A", "D", ("Sm", 0.71))));
        var sameButMaxPixels = Input("big.json", Report("pysodmetrics", "image-mean", [new("max_pixels", "5")], Result("B", "D", ("Sm", 0.8))));

        var aggregations = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions(), image, group));
        var options = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions(), octave, matlab));
        var mixed = Build(new LeaderboardOptions { AllowMixedProfiles = true }, image, group, octave, matlab);

        Assert.Contains("image.json (profile pysodmetrics, aggregation image-mean) and group.json (profile pysodmetrics, aggregation group-mean) come from different aggregations (image-mean and group-mean)", aggregations.Message, StringComparison.Ordinal);
        Assert.Contains("octave.json (profile cosod-matlab, aggregation group-mean, matlab_thresholds false) and matlab.json (profile cosod-matlab, aggregation group-mean, matlab_thresholds true) come from different settings (matlab_thresholds)", options.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["A (pysodmetrics, image-mean)", "A (pysodmetrics, group-mean)", "A (cosod-matlab, group-mean, matlab_thresholds=false)", "A (cosod-matlab, group-mean, matlab_thresholds=true)"],
            mixed.Rows.Select(r => r.Label));
        Assert.Single(Build(new LeaderboardOptions(), image, sameButMaxPixels).Settings);
    }

    [Fact]
    public void The_same_method_and_dataset_twice_is_refused_naming_both_files()
    {
        var first = Input("first/metrics.json", Report("pysodmetrics", Result("A", "D", ("Sm", 0.8)), Result("B", "D", ("Sm", 0.7))));
        var second = Input("second/metrics.json", Report("pysodmetrics", Result("C", "D", ("Sm", 0.8)), Result("B", "D", ("Sm", 0.75))));
        var twiceInOne = Input("one.json", Report("pysodmetrics", Result("A", "D", ("Sm", 0.8)), Result("A", "D", ("Sm", 0.7))));

        var across = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions(), first, second));
        var same = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions(), first, first));
        var within = Assert.Throws<LeaderboardException>(() => Build(new LeaderboardOptions(), twiceInOne));

        Assert.Equal("method B on dataset D appears in both first/metrics.json and second/metrics.json; give each method and dataset once (drop one of the files, or rename the method in one run).", across.Message);
        Assert.Contains("appears in both first/metrics.json and first/metrics.json (the same file given twice)", same.Message, StringComparison.Ordinal);
        Assert.Equal("method A on dataset D appears twice in one.json; each method and dataset may be given once.", within.Message);
        var otherDataset = Build(new LeaderboardOptions(), first, Input("other.json", Report("pysodmetrics", Result("B", "E", ("Sm", 0.7)))));
        Assert.Equal(["A", "B"], otherDataset.Rows.Select(r => r.Label));
        Assert.Equal(["D", "E"], otherDataset.Datasets);
    }

    [Fact]
    public void Latex_escapes_special_characters_in_method_dataset_and_caption()
    {
        var input = Input("a.json", Report("pysodmetrics",
            Result(@"Net_v2 & co. 100% #1 $x^2~{y}\z", "Co_CA", ("Sm", 0.8)),
            Result("A<B>|C--D``E''", "Co_CA", ("Sm", 0.7))));

        var tex = Render(LeaderboardFormat.Latex, new LeaderboardOptions { Caption = "50% of {all} & more_" }, input);

        Assert.Contains(@"    Net\_v2 \& co. 100\% \#1 {\char36}x\textasciicircum{}2\textasciitilde{}\{y\}\textbackslash{}z & \textbf{0.800} \\", tex, StringComparison.Ordinal);
        Assert.Contains(@"    A\textless{}B\textgreater{}\textbar{}C-{}-D`{}`E'{}' & \underline{0.700} \\", tex, StringComparison.Ordinal);
        Assert.Contains(@"\multicolumn{1}{c}{Co\_CA}", tex, StringComparison.Ordinal);
        Assert.Contains(@"\caption{50\% of \{all\} \& more\_}", tex, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_and_html_escape_method_names()
    {
        var input = Input("a.json", Report("pysodmetrics", Result("a|b_*c*<script>", "D", ("Sm", 0.8))));

        Assert.Contains(@"| a\|b\_\*c\*\<script\> | **0.800** |", Render(LeaderboardFormat.Markdown, input), StringComparison.Ordinal);
        var html = Render(LeaderboardFormat.Html, input);
        Assert.Contains("a|b_*c*&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Latex_is_a_booktabs_table_float_with_dataset_groups()
    {
        var input = Input("a.json", Report("pysodmetrics",
            Result("A", "D1", ("Sm", 0.8), ("MAE", 0.1)),
            Result("A", "D2", ("Sm", 0.7), ("MAE", 0.2))));

        var tex = Render(LeaderboardFormat.Latex, input);

        Assert.Equal(
            """
            % Made by cosod leaderboard; needs \usepackage{booktabs} in the preamble.
            \begin{table}[t]
              \centering
              \caption{Results on D1 and D2.}
              \setlength{\tabcolsep}{4pt}
              \begin{tabular}{l cc cc}
                \toprule
                 & \multicolumn{2}{c}{D1} & \multicolumn{2}{c}{D2} \\
                \cmidrule(lr){2-3} \cmidrule(lr){4-5}
                Method & $S_\alpha{\uparrow}$ & MAE$\downarrow$ & $S_\alpha{\uparrow}$ & MAE$\downarrow$ \\
                \midrule
                A & \textbf{0.800} & \textbf{0.100} & \textbf{0.700} & \textbf{0.200} \\
                \bottomrule
              \end{tabular}
              \par\smallskip
              \begin{minipage}{\linewidth}\footnotesize\raggedright
              Profile \texttt{pysodmetrics}, aggregation \texttt{image-mean}.\par
              Best per column in \textbf{bold}, second best \underline{underlined}, compared at the printed 3 decimals (ties share a mark); $\uparrow$ higher is better, $\downarrow$ lower is better.
              \end{minipage}
            \end{table}

            """,
            tex);
    }

    [Fact]
    public void Json_is_deterministic_and_follows_the_documented_structure()
    {
        var input = Input("a.json", Report("pysodmetrics", Result("A", "D", ("Sm", 0.8)), Result("B", "D", ("Sm", 0.7))));
        var options = new LeaderboardOptions { Sort = new LeaderboardSort("D", "Sm"), Caption = "c" };

        var text = Render(LeaderboardFormat.Json, options, input);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;

        Assert.Equal(text, Render(LeaderboardFormat.Json, options, input));
        Assert.Equal(
            ["format", "version", "decimals", "ranking", "caption", "sort", "mixed_settings", "settings", "datasets", "metrics", "rows"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cosod-leaderboard", root.GetProperty("format").GetString());
        Assert.Equal("D", root.GetProperty("sort").GetProperty("dataset").GetString());
        Assert.False(root.GetProperty("mixed_settings").GetBoolean());
        Assert.Equal("a.json", root.GetProperty("settings")[0].GetProperty("sources")[0].GetString());
        Assert.Equal(
            ["label", "method", "setting", "datasets"],
            root.GetProperty("rows")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["source", "images_scored", "images_expected", "missing_predictions", "complete", "metrics"],
            root.GetProperty("rows")[0].GetProperty("datasets").GetProperty("D").EnumerateObject().Select(p => p.Name));
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_names_and_extensions_are_understood()
    {
        Assert.True(LeaderboardFormats.TryParse("LaTeX", out var latex));
        Assert.Equal(LeaderboardFormat.Latex, latex);
        Assert.False(LeaderboardFormats.TryParse("pdf", out _));
        Assert.Equal(LeaderboardFormat.Latex, LeaderboardFormats.FromPath("paper/table.tex"));
        Assert.Equal(LeaderboardFormat.Html, LeaderboardFormats.FromPath("board.html"));
        Assert.Null(LeaderboardFormats.FromPath("board.txt"));
    }
}
