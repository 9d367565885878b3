using System.Text.Json.Nodes;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.HtmlReportTests;

/// <summary>
/// cosod report refuses what cosod leaderboard refuses (mixed profiles without --allow-mixed-profiles, a method and
/// dataset twice, unreadable input: one line, exit 2, nothing written) and says what is absent instead of failing.
/// </summary>
[Collection(ReportSampleCollection.Name)]
public sealed class ReportInputTests(ReportSample sample) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static CliRun Report(params string[] args) => CliRun.Of(["report", .. args]);

    private string OutFolder(string name) => _tree.PathOf(name);

    private static void AssertOneLineError(CliRun run, string outFolder, params string[] mustContain)
    {
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        var lines = run.Error.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, "expected one line, got:\n" + run.Error);
        Assert.StartsWith("cosod: ", lines[0], StringComparison.Ordinal);
        foreach (var text in mustContain)
        {
            Assert.Contains(text, lines[0], StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(outFolder, "index.html")), "nothing may be written on an error");
    }

    /// <summary>A copy of the sample's metrics.json changed by <paramref name="edit"/>.</summary>
    private string Edited(string name, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(sample.MetricsFile))!.AsObject();
        edit(root);
        return _tree.Text(name + "/metrics.json", root.ToJsonString());
    }

    private string AsEvalCoSod() => Edited("other-profile", root =>
    {
        root["profile"] = "eval-co-sod";
        root["options"]!["profile"] = "eval-co-sod";
    });

    [Fact]
    public void Mixing_profiles_exits_two_naming_both_files_unless_allowed()
    {
        sample.AssertRan();
        var other = AsEvalCoSod();
        var refused = OutFolder("mixed-refused");
        AssertOneLineError(Report(sample.MetricsFile, other, "--out", refused),
            refused, sample.MetricsFile, other, "different profiles (pysodmetrics and eval-co-sod)", "--allow-mixed-profiles");

        var allowed = OutFolder("mixed-allowed");
        var run = Report(sample.MetricsFile, other, "--out", allowed, "--allow-mixed-profiles");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var html = File.ReadAllText(Path.Combine(allowed, "index.html"));
        Assert.Contains("Profiles <code>pysodmetrics</code>, <code>eval-co-sod</code>", html, StringComparison.Ordinal);
        var texts = Page.SvgTexts(Page.Figures(html).Single(f => f.Name == "pr-CoCA").Body);
        Assert.Contains("Noisy (pysodmetrics)", texts);
        Assert.Contains("Noisy (eval-co-sod)", texts);
        var ci = Page.Element(html, "<table class=\"ci\" data-dataset=\"CoCA\">", "table");
        Assert.Equal(9, Page.RowCells(ci, "Noisy (eval-co-sod)").Count);
        var groups = Page.Element(html, "<table class=\"groups\" data-dataset=\"CoCA\">", "table");
        Assert.Contains("<th>Noisy (eval-co-sod)</th>", groups, StringComparison.Ordinal);
        Assert.Equal(1 + 10 + 1, Page.RowCells(groups, "banana").Count); // images, ten method rows' means, the mean
        Assert.DoesNotContain("(eval-co-sod) (eval-co-sod)", html, StringComparison.Ordinal);
        var ids = Page.Ids(html);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_same_method_and_dataset_twice_exits_two()
    {
        sample.AssertRan();
        var copy = Edited("copy", _ => { });
        var outFolder = OutFolder("duplicate");
        AssertOneLineError(Report(sample.MetricsFile, copy, "--out", outFolder),
            outFolder, "method Degenerate on dataset CoCA appears in both " + sample.MetricsFile + " and " + copy);
        AssertOneLineError(Report(sample.MetricsFile, sample.MetricsFile, "--out", outFolder), outFolder, "(the same file given twice)");
    }

    [Fact]
    public void Unreadable_inputs_exit_two_with_one_line_naming_the_file()
    {
        var missing = _tree.PathOf("nowhere/metrics.json");
        var garbage = _tree.Text("garbage.json", "{ not json");
        var foreign = _tree.Text("foreign.json", "{\"tool\": {\"name\": \"other\"}}");
        var outFolder = OutFolder("unreadable");

        AssertOneLineError(Report(missing, "--out", outFolder), outFolder, missing, "the file does not exist");
        AssertOneLineError(Report(garbage, "--out", outFolder), outFolder, garbage, "is not valid JSON");
        AssertOneLineError(Report(foreign, "--out", outFolder), outFolder, foreign, "not a cosod metrics.json");
        Assert.False(Directory.Exists(outFolder), "the output folder is not created for unusable input");
    }

    [Fact]
    public void Usage_errors_exit_two()
    {
        sample.AssertRan();
        var outFolder = OutFolder("usage");
        AssertOneLineError(Report(sample.MetricsFile, "--out", outFolder, "--metric", "Nope"), outFolder, "--metric Nope", "Sm", "Fm.adp");
        Assert.Equal(ExitCodes.UnusableInput, Report(sample.MetricsFile, "--out", outFolder, "--decimals", "11").ExitCode);
        Assert.Equal(ExitCodes.UnusableInput, Report(sample.MetricsFile, "--out", outFolder, "--group-order", "best").ExitCode);
        Assert.Equal(ExitCodes.UnusableInput, Report(sample.MetricsFile).ExitCode);

        var file = _tree.Text("a-file", "not a folder");
        var run = Report(sample.MetricsFile, "--out", file);
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains($"--out {file}: it is a file, not a folder", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_per_image_values_or_intervals_the_page_says_which_eval_options_add_them()
    {
        sample.AssertRan();
        var bare = Edited("bare", root =>
        {
            foreach (var result in root["results"]!.AsArray())
            {
                result!.AsObject().Remove("per_image");
                result.AsObject().Remove("intervals");
            }
        });
        var outFolder = OutFolder("bare-report");
        var run = Report(bare, "--out", outFolder);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("12 figure(s), 0 confidence-interval table(s), 0 group breakdown(s)", run.Output, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(outFolder, "index.html"));
        Assert.Equal(3, Page.Count(html, "<code>cosod eval --per-image</code> enables it"));
        Assert.Equal(3, Page.Count(html, "<code>cosod eval --ci</code> adds"));
        Assert.DoesNotContain("<table class=\"ci\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table class=\"groups\"", html, StringComparison.Ordinal);
        Assert.Equal(12, Page.Count(html, "<svg"));
    }

    [Fact]
    public void A_folder_input_and_the_options_change_the_page()
    {
        sample.AssertRan();
        var outFolder = OutFolder("options");
        var run = Report(sample.EvalOut, "--out", outFolder, "--decimals", "4", "--metric", "MAE", "--title", "Sample <report>");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var html = File.ReadAllText(Path.Combine(outFolder, "index.html"));

        Assert.Contains("<title>Sample &lt;report&gt;</title>", html, StringComparison.Ordinal);
        using var metrics = sample.ReadMetrics();
        var softBlur = metrics.RootElement.GetProperty("results").EnumerateArray()
            .First(r => r.GetProperty("method").GetString() == "SoftBlur" && r.GetProperty("dataset").GetString() == "CoCA");
        var sm = Page.F(softBlur.GetProperty("metrics").GetProperty("Sm").GetDouble(), 4);
        var leaderboard = Page.Element(html, "<section id=\"leaderboard\"", "section");
        Assert.Equal(sm, Page.Strip(Page.RowCells(leaderboard, "SoftBlur")[0]));
        var breakdown = Page.SvgTexts(Page.Figures(html).Single(f => f.Name == "breakdown-CoCA").Body);
        Assert.Contains("CoCA: MAE per group, worst first (pysodmetrics)", breakdown);
    }

    [Fact]
    public void Metrics_choose_the_leaderboard_and_interval_columns_in_order()
    {
        var outFolder = OutFolder("four-metrics");
        var run = Report(sample.MetricsFile, "--out", outFolder, "--metrics", "Em.max,Sm,Fm.max,MAE");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var html = File.ReadAllText(Path.Combine(outFolder, "index.html"));
        var leaderboard = Page.Element(html, "<section id=\"leaderboard\"", "section");
        Assert.Contains("<th class=\"first\">Em.max ↑</th><th>Sm ↑</th><th>Fm.max ↑</th><th>MAE ↓</th></tr>", leaderboard, StringComparison.Ordinal);
        Assert.DoesNotContain("wFm", leaderboard, StringComparison.Ordinal);
        var ci = Page.Element(html, "<table class=\"ci\" data-dataset=\"CoCA\">", "table");
        Assert.Contains("<th>Method</th><th>Em.max ↑</th><th>Sm ↑</th><th>Fm.max ↑</th><th>MAE ↓</th></tr>", ci, StringComparison.Ordinal);
        Assert.Equal(4, Page.RowCells(ci, "SoftBlur").Count);
    }
}
