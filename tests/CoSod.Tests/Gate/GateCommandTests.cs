using System.Text.Json;
using CoSod.Cli;
using CoSod.Evaluation.Results;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Gate;

/// <summary>
/// cosod gate as CI meets it: exit 0 pass, 1 regression, 2 unusable input; the printed regression line names the
/// dataset, method and metric; inputs are real metrics.json files written by cosod eval, or modified copies.
/// </summary>
public sealed class GateCommandTests(GateBaseline baseline) : IClassFixture<GateBaseline>, IDisposable
{
    private const int AllChecked = GateBaseline.Results * GateBaseline.MetricsPerResult;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private EvaluationReport Base => baseline.Report;

    private string Write(EvaluationReport report, string name = "current.json") => report.Write(_tree, name);

    private static CliRun Gate(string baselinePath, string currentPath, params string[] extra) =>
        CliRun.Of(["gate", "--baseline", baselinePath, "--current", currentPath, .. extra]);

    /// <summary>Baseline and current that differ in one value: Sm of Beta on CoCA, or any other metric.</summary>
    private CliRun GateOne(string metric, double before, double after, params string[] extra)
    {
        var b = Write(Base.Set("CoCA", "Beta", metric, before), "base.json");
        var c = Write(Base.Set("CoCA", "Beta", metric, after), "current.json");
        return Gate(b, c, extra);
    }

    private CliRun EvalInto(string outName, params string[] extra) =>
        CliRun.Of(["eval", "--gt", baseline.Tree.PathOf("gt"), "--pred", baseline.Tree.PathOf("pred"), "--out", _tree.PathOf(outName), "--threads", "1", .. extra]);

    private static void AssertUnusable(CliRun run, params string[] fragments)
    {
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, run.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("gate:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_evaluation_passes_with_every_metric_checked()
    {
        var run = Gate(baseline.Path, baseline.Path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.EndsWith($"gate: {AllChecked} checked, 0 regressed, 0 improved\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("REGRESSION", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void A_rerun_of_cosod_eval_passes()
    {
        Assert.Equal(ExitCodes.Ok, EvalInto("again", "--per-image").ExitCode);

        var run = Gate(baseline.Path, _tree.PathOf("again/metrics.json"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains($"gate: {AllChecked} checked, 0 regressed, 0 improved", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_worse_value_exits_one_and_the_first_line_names_dataset_method_and_metric()
    {
        var run = GateOne("Sm", 0.7360, 0.7301);

        Assert.Equal(ExitCodes.Regression, run.ExitCode);
        var lines = run.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("REGRESSION  CoCA / Beta  Sm  0.7360 -> 0.7301  (-0.0059, tolerance 0.0020)", lines[0]);
        Assert.Single(lines, l => l.StartsWith("REGRESSION", StringComparison.Ordinal));
        Assert.Contains($"gate: {AllChecked} checked, 1 regressed, 0 improved", run.Output, StringComparison.Ordinal);
        Assert.Contains("gate failed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_lists_every_pair_with_the_change_and_marks_the_regression()
    {
        var run = GateOne("Sm", 0.7360, 0.7301);

        var rows = run.Output.ReplaceLineEndings("\n").Split('\n');
        var beta = Assert.Single(rows, r => r.StartsWith("CoCA ", StringComparison.Ordinal) && r.Contains("Beta", StringComparison.Ordinal));
        Assert.Contains("0.7301 -0.0059 !", beta, StringComparison.Ordinal);
        Assert.Equal(GateBaseline.Results, rows.Count(r => r.StartsWith("CoCA ", StringComparison.Ordinal) || r.StartsWith("DS2 ", StringComparison.Ordinal)));
        Assert.Contains(rows, r => r.StartsWith("Dataset", StringComparison.Ordinal) && r.Contains("MAE ↓", StringComparison.Ordinal) && r.Contains("Sm ↑", StringComparison.Ordinal));
    }

    [Fact]
    public void An_improvement_is_reported_and_passes()
    {
        var run = GateOne("Sm", 0.7360, 0.7460);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("improved    CoCA / Beta  Sm  0.7360 -> 0.7460  (+0.0100, tolerance 0.0020)", run.Output, StringComparison.Ordinal);
        Assert.Contains($"gate: {AllChecked} checked, 0 regressed, 1 improved", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("REGRESSION", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sm", 0.7360, 0.7340, ExitCodes.Ok)] // 0.736 - 0.734 = 0.0020000000000000018 in doubles: noise, passes
    [InlineData("Sm", 0.7360, 0.7339, ExitCodes.Regression)]
    [InlineData("Fm.max", 0.8500, 0.8479, ExitCodes.Regression)]
    [InlineData("MAE", 0.1100, 0.1120, ExitCodes.Ok)] // 0.112 - 0.11 = 0.0020000000000000018
    [InlineData("MAE", 0.1100, 0.1121, ExitCodes.Regression)]
    [InlineData("MAE", 0.1100, 0.1000, ExitCodes.Ok)] // lower MAE is better
    [InlineData("Sm", 0.1100, 0.1000, ExitCodes.Regression)] // the same numbers, the other direction
    [InlineData("Sm", 0.1000, 0.1100, ExitCodes.Ok)]
    public void Tolerance_edges_and_directions(string metric, double before, double after, int expected)
    {
        var run = GateOne(metric, before, after);

        Assert.Equal(expected, run.ExitCode);
        Assert.Equal(expected == ExitCodes.Regression, run.Output.Contains($"REGRESSION  CoCA / Beta  {metric}  ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_noise_allowance_is_needed_for_the_edge_case()
    {
        // Without the 1e-12 allowance the first edge case above would fail: the difference exceeds 0.002 in doubles.
        Assert.True(0.7360 - 0.7340 > 0.002);
        Assert.True(0.1120 - 0.1100 > 0.002);
        Assert.Equal(ExitCodes.Ok, GateOne("Sm", 0.7360, 0.7340).ExitCode);
        Assert.Equal(ExitCodes.Regression, GateOne("Sm", 0.7360, 0.7340, "--tolerance", "0.0019999").ExitCode);
    }

    [Fact]
    public void A_per_metric_tolerance_overrides_the_global_one()
    {
        var b = Write(Base.Set("CoCA", "Alpha", "MAE", 0.100).Set("CoCA", "Alpha", "Sm", 0.800), "base.json");
        var c = Write(Base.Set("CoCA", "Alpha", "MAE", 0.104).Set("CoCA", "Alpha", "Sm", 0.796), "current.json");

        var global = Gate(b, c);
        var mae = Gate(b, c, "--tolerance", "MAE=0.005");
        var both = Gate(b, c, "--tolerance", "0.005", "--tolerance", "MAE=0.001");
        var loose = Gate(b, c, "--tolerance", "0.005");

        Assert.Equal(ExitCodes.Regression, global.ExitCode);
        Assert.Contains("REGRESSION  CoCA / Alpha  MAE  0.1000 -> 0.1040  (+0.0040, tolerance 0.0020)", global.Output, StringComparison.Ordinal);
        Assert.Contains("REGRESSION  CoCA / Alpha  Sm  ", global.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Regression, mae.ExitCode);
        Assert.DoesNotContain("REGRESSION  CoCA / Alpha  MAE", mae.Output, StringComparison.Ordinal);
        Assert.Contains("REGRESSION  CoCA / Alpha  Sm  0.8000 -> 0.7960  (-0.0040, tolerance 0.0020)", mae.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Regression, both.ExitCode);
        Assert.Contains("REGRESSION  CoCA / Alpha  MAE  0.1000 -> 0.1040  (+0.0040, tolerance 0.0010)", both.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("REGRESSION  CoCA / Alpha  Sm", both.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, loose.ExitCode);
    }

    [Fact]
    public void A_zero_tolerance_fails_on_any_worsening_and_small_changes_show_six_decimals()
    {
        var run = GateOne("Em.mean", 0.9, 0.89999);
        var strict = GateOne("Em.mean", 0.9, 0.89999, "--tolerance", "0");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(ExitCodes.Regression, strict.ExitCode);
        Assert.Contains("REGRESSION  CoCA / Beta  Em.mean  0.900000 -> 0.899990  (-0.00001, tolerance 0.0000)", strict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_limits_what_is_checked()
    {
        var sm = GateOne("Sm", 0.7360, 0.7000, "--metric", "MAE");
        var listed = GateOne("Sm", 0.7360, 0.7000, "--metric", "MAE,Fm.max", "--metric", "Em.adp");
        var withSm = GateOne("Sm", 0.7360, 0.7000, "--metric", "Fm.max", "--metric", "Sm");

        Assert.Equal(ExitCodes.Ok, sm.ExitCode);
        Assert.Contains($"gate: {GateBaseline.Results} checked, 0 regressed", sm.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, listed.ExitCode);
        Assert.Contains($"gate: {3 * GateBaseline.Results} checked, 0 regressed", listed.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Regression, withSm.ExitCode);
        Assert.Contains($"gate: {2 * GateBaseline.Results} checked, 1 regressed", withSm.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_undefined_now_but_defined_before_is_a_regression()
    {
        var run = GateOne("Sm", 0.7360, double.NaN);
        var c = Write(Base.Set("CoCA", "Beta", "Sm", null), "null.json");
        var nulled = Gate(baseline.Path, c);

        Assert.Equal(ExitCodes.Regression, run.ExitCode); // NaN is written as null
        Assert.Contains("REGRESSION  CoCA / Beta  Sm  0.7360 -> undefined  (tolerance 0.0020)", run.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Regression, nulled.ExitCode);
        Assert.Contains("REGRESSION  CoCA / Beta  Sm  ", nulled.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_undefined_in_both_is_skipped_with_a_note()
    {
        var report = Base.Set("CoCA", "Beta", "Sm", null);
        var b = Write(report, "base.json");
        var c = Write(report, "current.json");

        var run = Gate(b, c);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("CoCA / Beta  Sm: undefined in both files, skipped.", run.Output, StringComparison.Ordinal);
        Assert.Contains($"gate: {AllChecked - 1} checked, 0 regressed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_defined_now_but_not_before_passes_with_a_note()
    {
        var b = Write(Base.Set("CoCA", "Beta", "Sm", null), "base.json");

        var run = Gate(b, baseline.Path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("CoCA / Beta  Sm: undefined in the baseline, now defined", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_only_in_the_current_file_is_noted_not_checked()
    {
        var b = Write(Base.Without(r => r.Method == "Beta"), "base.json");

        var run = Gate(b, baseline.Path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("CoCA / Beta: only in", run.Output, StringComparison.Ordinal);
        Assert.Contains($"gate: {AllChecked / 2} checked", run.Output, StringComparison.Ordinal);
    }

    // ---- unusable input: exit 2, one line naming the file and the problem ----

    [Fact]
    public void A_different_profile_is_unusable()
    {
        Assert.Equal(ExitCodes.Ok, EvalInto("eco", "--profile", "eval-co-sod").ExitCode);
        var current = _tree.PathOf("eco/metrics.json");

        var run = Gate(baseline.Path, current);

        AssertUnusable(run, current + ": evaluated with profile eval-co-sod", "with profile pysodmetrics", baseline.Path);
    }

    [Fact]
    public void A_different_aggregation_is_unusable_and_named()
    {
        Assert.Equal(ExitCodes.Ok, EvalInto("grouped", "--aggregate", "group-mean").ExitCode);
        var current = _tree.PathOf("grouped/metrics.json");

        var run = Gate(baseline.Path, current);

        AssertUnusable(run, current + ": number-changing options differ", "aggregation (baseline image-mean, current group-mean)");
    }

    [Fact]
    public void A_different_number_changing_option_is_unusable_and_named()
    {
        var current = Write(Base.WithOption("thresholds", "255").WithOption("gt_threshold", ">127"));

        var run = Gate(baseline.Path, current);

        AssertUnusable(run, current + ": number-changing options differ", "options.gt_threshold (baseline >128, current >127)",
            "options.thresholds (baseline 256 (t/255), current 255)");
        Assert.DoesNotContain("options.profile", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_present_in_only_one_file_is_unusable()
    {
        var current = Write(Base.WithOption("gt_folder", "binary"));

        AssertUnusable(Gate(baseline.Path, current), "options.gt_folder (baseline not set, current binary)");
    }

    [Fact]
    public void The_pixel_cap_does_not_change_numbers_and_is_not_compared()
    {
        Assert.Equal(ExitCodes.Ok, EvalInto("capped", "--per-image", "--max-pixels", "5000").ExitCode);

        var run = Gate(baseline.Path, _tree.PathOf("capped/metrics.json"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
    }

    [Fact]
    public void A_method_missing_from_the_current_file_is_unusable()
    {
        var current = Write(Base.Without(r => r.Method == "Beta" && r.Dataset == "DS2"));

        AssertUnusable(Gate(baseline.Path, current), current + ": has no result for method Beta on dataset DS2", baseline.Path);
    }

    [Fact]
    public void A_dataset_missing_from_the_current_file_is_unusable()
    {
        Assert.Equal(ExitCodes.Ok, EvalInto("coca", "--per-image", "--datasets", "CoCA").ExitCode);
        var current = _tree.PathOf("coca/metrics.json");

        AssertUnusable(Gate(baseline.Path, current), current + ": has no result for method Alpha on dataset DS2");
    }

    [Fact]
    public void Fewer_images_scored_is_unusable_and_the_counts_are_given()
    {
        using var smaller = new TempTree();
        smaller.Standard(dataset: "CoCA", methods: ["Alpha", "Beta"]).Standard(dataset: "DS2", methods: ["Alpha", "Beta"]);
        File.Delete(smaller.PathOf("gt/DS2/GroundTruth/Two/Two_001.png"));
        File.Delete(smaller.PathOf("pred/Alpha/DS2/Two/Two_001.png"));
        File.Delete(smaller.PathOf("pred/Beta/DS2/Two/Two_001.png"));
        var eval = CliRun.Of("eval", "--gt", smaller.PathOf("gt"), "--pred", smaller.PathOf("pred"), "--out", smaller.PathOf("out"), "--per-image");
        Assert.Equal(ExitCodes.Ok, eval.ExitCode);
        var current = smaller.PathOf("out/metrics.json");

        AssertUnusable(Gate(baseline.Path, current), current + ": DS2 / Alpha scored 5 images, fewer than the 6 of the baseline " + baseline.Path);
        AssertUnusable(Gate(current, baseline.Path), baseline.Path + ": DS2 / Alpha scored 6 images, more than the 5");
    }

    [Fact]
    public void Other_images_of_the_same_count_are_unusable()
    {
        using var other = new TempTree();
        other.Standard(dataset: "CoCA", methods: ["Alpha", "Beta"]).Standard(dataset: "DS2", methods: ["Alpha", "Beta"]);
        foreach (var root in new[] { "gt/DS2/GroundTruth", "pred/Alpha/DS2", "pred/Beta/DS2" })
        {
            File.Move(other.PathOf(root + "/Two/Two_001.png"), other.PathOf(root + "/Two/Two_101.png"));
        }

        Assert.Equal(ExitCodes.Ok, CliRun.Of("eval", "--gt", other.PathOf("gt"), "--pred", other.PathOf("pred"), "--out", other.PathOf("out"), "--per-image").ExitCode);
        var current = other.PathOf("out/metrics.json");

        AssertUnusable(Gate(baseline.Path, current),
            current + ": DS2 / Alpha scored other images than the baseline", "1 of the baseline's images are not scored (Two/Two_001)", "1 others are (Two/Two_101)");
    }

    [Fact]
    public void An_incomplete_evaluation_is_unusable_on_either_side()
    {
        using var partial = new TempTree();
        partial.Standard(dataset: "CoCA", methods: ["Alpha", "Beta"]).Standard(dataset: "DS2", methods: ["Alpha", "Beta"]);
        File.Delete(partial.PathOf("pred/Beta/CoCA/Two/Two_002.png"));
        Assert.Equal(ExitCodes.Ok, CliRun.Of("eval", "--gt", partial.PathOf("gt"), "--pred", partial.PathOf("pred"), "--out", partial.PathOf("out"), "--per-image", "--allow-missing").ExitCode);
        var incomplete = partial.PathOf("out/metrics.json");

        AssertUnusable(Gate(baseline.Path, incomplete), incomplete + ": the evaluation is incomplete (\"complete\": false) (CoCA / Beta: 5 of 6 images scored)");
        AssertUnusable(Gate(incomplete, baseline.Path), incomplete + ": the evaluation is incomplete");
    }

    [Fact]
    public void Unreadable_and_malformed_files_are_unusable()
    {
        var missing = _tree.PathOf("nowhere.json");
        var notJson = _tree.Text("bad.json", "{ not json");
        var notOurs = _tree.Text("other.json", "{\"tool\": {\"name\": \"other\", \"version\": \"1\"}}");

        AssertUnusable(Gate(missing, baseline.Path), missing + ": the file does not exist");
        AssertUnusable(Gate(baseline.Path, notJson), notJson + ": is not valid JSON");
        AssertUnusable(Gate(baseline.Path, notOurs), notOurs + ": not a cosod metrics.json");
    }

    [Fact]
    public void A_metric_neither_file_has_is_unusable()
    {
        AssertUnusable(Gate(baseline.Path, baseline.Path, "--metric", "Sm", "--metric", "AUC"), "--metric AUC: neither", "they have Sm, MAE, wFm");
        AssertUnusable(Gate(baseline.Path, baseline.Path, "--metric", "sm"), "--metric sm: neither");
    }

    [Theory]
    [InlineData("abc", "'abc' is not a number")]
    [InlineData("-0.001", "a tolerance cannot be negative")]
    [InlineData("NaN", "'NaN' is not a number")]
    [InlineData("MAE=", "'' is not a number")]
    [InlineData("MAE=0,001", "'0,001' is not a number")]
    [InlineData("=0.1", "no metric name before '='")]
    public void A_malformed_tolerance_is_unusable(string tolerance, string problem)
    {
        AssertUnusable(Gate(baseline.Path, baseline.Path, "--tolerance", tolerance), "--tolerance " + tolerance + ": " + problem);
    }

    [Fact]
    public void A_tolerance_given_twice_or_for_an_unknown_metric_is_unusable()
    {
        AssertUnusable(Gate(baseline.Path, baseline.Path, "--tolerance", "0.1", "--tolerance", "0.2"), "the global tolerance is given twice");
        AssertUnusable(Gate(baseline.Path, baseline.Path, "--tolerance", "MAE=0.1", "--tolerance", "MAE=0.2"), "the tolerance of MAE is given twice");
        AssertUnusable(Gate(baseline.Path, baseline.Path, "--tolerance", "mae=0.1"), "--tolerance mae=...: neither");
    }

    [Theory]
    [InlineData("--tolerence", "0.1")]
    [InlineData("--metrics", "Sm")]
    [InlineData("--out")]
    public void A_mistyped_option_is_a_usage_error_not_a_regression(params string[] extra)
    {
        var b = Write(Base.Set("CoCA", "Beta", "Sm", 0.9), "base.json");
        var c = Write(Base.Set("CoCA", "Beta", "Sm", 0.5), "current.json");
        Assert.Equal(ExitCodes.Regression, Gate(b, c).ExitCode);

        var run = Gate(b, c, extra);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.StartsWith("cosod: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("REGRESSION", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_option_is_a_usage_error()
    {
        var run = CliRun.Of("gate", "--baseline", baseline.Path);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--current", run.Error, StringComparison.Ordinal);
    }

    // ---- --out ----

    [Fact]
    public void Out_writes_every_compared_value_in_a_fixed_order()
    {
        var b = Write(Base.Set("CoCA", "Beta", "Sm", 0.7360).Set("DS2", "Alpha", "MAE", 0.1100), "base.json");
        var c = Write(Base.Set("CoCA", "Beta", "Sm", 0.7301).Set("DS2", "Alpha", "MAE", 0.1000), "current.json");
        var outPath = _tree.PathOf("diff/gate.json");

        var run = Gate(b, c, "--out", outPath, "--tolerance", "MAE=0.001");

        Assert.Equal(ExitCodes.Regression, run.ExitCode);
        var bytes = File.ReadAllBytes(outPath);
        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        Assert.Equal(
            ["tool", "verdict", "exit_code", "baseline", "current", "profile", "aggregation", "tolerance", "metric_tolerances", "metrics",
                "checked", "regressed", "improved", "skipped", "comparisons", "notes"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("regression", root.GetProperty("verdict").GetString());
        Assert.Equal(1, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(b, root.GetProperty("baseline").GetString());
        Assert.Equal(0.002, root.GetProperty("tolerance").GetDouble());
        Assert.Equal(0.001, root.GetProperty("metric_tolerances").GetProperty("MAE").GetDouble());
        Assert.Equal(AllChecked, root.GetProperty("checked").GetInt32());
        Assert.Equal(1, root.GetProperty("regressed").GetInt32());
        Assert.Equal(1, root.GetProperty("improved").GetInt32());

        var comparisons = root.GetProperty("comparisons").EnumerateArray().ToList();
        Assert.Equal(AllChecked, comparisons.Count);
        Assert.Equal(
            ["method", "dataset", "metric", "baseline", "current", "delta", "tolerance", "direction", "verdict"],
            comparisons[0].EnumerateObject().Select(p => p.Name));
        var regressed = Assert.Single(comparisons, x => x.GetProperty("verdict").GetString() == "regressed");
        Assert.Equal("Beta", regressed.GetProperty("method").GetString());
        Assert.Equal("CoCA", regressed.GetProperty("dataset").GetString());
        Assert.Equal("Sm", regressed.GetProperty("metric").GetString());
        Assert.Equal(0.7360, regressed.GetProperty("baseline").GetDouble());
        Assert.Equal(0.7301, regressed.GetProperty("current").GetDouble());
        Assert.Equal(0.7301 - 0.7360, regressed.GetProperty("delta").GetDouble());
        Assert.Equal(0.002, regressed.GetProperty("tolerance").GetDouble());
        Assert.Equal("higher-is-better", regressed.GetProperty("direction").GetString());
        var improved = Assert.Single(comparisons, x => x.GetProperty("verdict").GetString() == "improved");
        Assert.Equal(("Alpha", "DS2", "MAE", "lower-is-better", 0.001),
            (improved.GetProperty("method").GetString(), improved.GetProperty("dataset").GetString(), improved.GetProperty("metric").GetString(),
                improved.GetProperty("direction").GetString(), improved.GetProperty("tolerance").GetDouble()));
        Assert.Equal(AllChecked - 2, comparisons.Count(x => x.GetProperty("verdict").GetString() == "pass"));

        // Baseline result order (CoCA Alpha, CoCA Beta, DS2 ...), then the conventional metric order.
        Assert.Equal(
            Base.Results.SelectMany(r => new[] { "Sm", "MAE", "wFm", "Fm.max", "Fm.mean", "Fm.adp", "Em.max", "Em.mean", "Em.adp" }
                .Select(m => $"{r.Dataset}/{r.Method}/{m}")),
            comparisons.Select(x => $"{x.GetProperty("dataset").GetString()}/{x.GetProperty("method").GetString()}/{x.GetProperty("metric").GetString()}"));

        Assert.Equal(ExitCodes.Regression, Gate(b, c, "--out", outPath, "--tolerance", "MAE=0.001").ExitCode);
        Assert.Equal(bytes, File.ReadAllBytes(outPath));
    }

    [Fact]
    public void Out_of_a_pass_says_pass_and_exit_zero_with_nulls_for_undefined_values()
    {
        var report = Base.Set("CoCA", "Beta", "Sm", null);
        var b = Write(report, "base.json");
        var outPath = _tree.PathOf("gate.json");

        var run = Gate(b, b, "--out", outPath);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllBytes(outPath));
        var root = json.RootElement;
        Assert.Equal("pass", root.GetProperty("verdict").GetString());
        Assert.Equal(0, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(1, root.GetProperty("skipped").GetInt32());
        var skipped = Assert.Single(root.GetProperty("comparisons").EnumerateArray(), x => x.GetProperty("verdict").GetString() == "skipped");
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("baseline").ValueKind);
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("delta").ValueKind);
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("undefined in both", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_is_not_written_for_unusable_input()
    {
        var outPath = _tree.PathOf("gate.json");

        var run = Gate(baseline.Path, _tree.PathOf("nowhere.json"), "--out", outPath);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.False(File.Exists(outPath));
    }
}
