using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Leaderboard;

/// <summary>
/// cosod leaderboard on the metrics.json of the bundled sample, end to end through the command line, against
/// reviewed golden files (tests/CoSod.Tests/Leaderboard/Golden). The sample lacks one NearBinary prediction on
/// CoCA, so every format has to show 9/10 there.
/// </summary>
[Collection(SampleMetricsCollection.Name)]
public sealed class LeaderboardGoldenTests(SampleMetrics sample)
{
    private string Leaderboard(params string[] args)
    {
        var run = CliRun.Of(["leaderboard", .. args]);
        Assert.True(run.ExitCode == ExitCodes.Ok, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal(string.Empty, run.Error);
        return sample.Normalise(run.Output);
    }

    [Fact]
    public void Markdown_of_the_default_profile_has_every_metric_marks_and_the_missing_image()
    {
        var md = Leaderboard(sample.PySodMetrics, "--format", "md");

        Golden.AssertText("sample.pysodmetrics.md", md);
        Assert.Contains("| NearBinary | 0.878<sup>9/10</sup> |", md, StringComparison.Ordinal);
        Assert.Contains("- Profile `pysodmetrics`, aggregation `image-mean`.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Latex_reproduces_the_gconet_plus_table_layout()
    {
        var tex = Leaderboard(sample.EvalCoSod, "--format", "latex", "--metrics", "Em.max,Sm,Fm.max,MAE",
            "--caption", "Comparison on the synthetic sample (eval-co-sod, as GCoNet+ reports).");

        Golden.AssertText("sample.gconetplus.tex", tex);
        Assert.Contains(@"Method & $E_\xi^{\max}{\uparrow}$ & $S_\alpha{\uparrow}$ & $F_\beta^{\max}{\uparrow}$ & MAE$\downarrow$ &", tex, StringComparison.Ordinal);
        Assert.StartsWith("% Made by cosod leaderboard; needs \\usepackage{booktabs} in the preamble.\n\\begin{table*}[t]", tex, StringComparison.Ordinal);
        Assert.Contains(@"\multicolumn{4}{c}{CoCA} & \multicolumn{4}{c}{CoSOD3k} & \multicolumn{4}{c}{CoSal2015} \\", tex, StringComparison.Ordinal);
        Assert.Contains(@"\cmidrule(lr){2-5} \cmidrule(lr){6-9} \cmidrule(lr){10-13}", tex, StringComparison.Ordinal);
        Assert.Contains(@"\textsuperscript{9/10}", tex, StringComparison.Ordinal);
        Assert.DoesNotContain("multirow", tex, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_carries_full_precision_ranks_and_image_counts()
    {
        var csv = Leaderboard(sample.PySodMetrics, "--format", "csv");

        Golden.AssertCsv("sample.pysodmetrics.csv", csv);
        var nearBinary = csv.Split('\n').Single(l => l.StartsWith("NearBinary,", StringComparison.Ordinal));
        Assert.StartsWith("NearBinary,NearBinary,pysodmetrics,image-mean,9,10,0.87845231943", nearBinary, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_of_mixed_profiles_is_documented_and_deterministic()
    {
        string[] args = [sample.PySodMetrics, sample.EvalCoSod, "--allow-mixed-profiles", "--format", "json", "--metrics", "Sm,MAE,wFm,AP"];
        var json = Leaderboard(args);

        Golden.AssertJson("sample.mixed.json", json);
        Assert.Equal(json, Leaderboard(args));
        Assert.StartsWith("{\n  \"format\": \"cosod-leaderboard\",\n  \"version\": 1,\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_of_mixed_profiles_sorted_by_a_column_is_self_contained()
    {
        var html = Leaderboard(sample.PySodMetrics, sample.EvalCoSod, "--allow-mixed-profiles", "--format", "html",
            "--metrics", "Sm,MAE,Fm.max", "--sort", "CoCA:Sm", "--caption", "Sample <mixed> & sorted");

        Golden.AssertText("sample.mixed.html", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<caption>Sample &lt;mixed&gt; &amp; sorted</caption>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_of_mixed_profiles_names_the_profile_on_every_row_and_dashes_what_a_profile_lacks()
    {
        var md = Leaderboard(sample.PySodMetrics, sample.EvalCoSod, "--allow-mixed-profiles", "--metrics", "Sm,MAE,wFm",
            "--sort", "CoSOD3k:MAE", "--decimals", "2", "--datasets", "CoSOD3k,CoCA");

        Golden.AssertText("sample.mixed.md", md);
        Assert.Contains("| SoftBlur (eval-co-sod) |", md, StringComparison.Ordinal);
        Assert.Contains("- Mixed settings:", md, StringComparison.Ordinal);
    }
}
