using CoSod.Evaluation.Results;
using CoSod.Reports.Gate;

namespace CoSod.Tests.Gate;

/// <summary>The comparison itself, on reports built in memory: directions, tolerances, undefined values, order.</summary>
public sealed class RegressionGateTests
{
    private static readonly GateOptions Defaults = new();

    private static EvaluationReport One(double? sm, double? mae, string method = "M", string dataset = "D") =>
        GateReports.Make((method, dataset, [("Sm", sm), ("MAE", mae)]));

    [Theory]
    [InlineData(0.5, 0.498, 0.002, false, GateVerdict.Pass)]
    [InlineData(0.5, 0.4979, 0.002, false, GateVerdict.Regressed)]
    [InlineData(0.5, 0.5021, 0.002, false, GateVerdict.Improved)]
    [InlineData(0.5, 0.502, 0.002, false, GateVerdict.Pass)] // an equal improvement is within the tolerance too
    [InlineData(0.5, 0.5021, 0.002, true, GateVerdict.Regressed)]
    [InlineData(0.5, 0.4979, 0.002, true, GateVerdict.Improved)]
    [InlineData(0.5, 0.5, 0.0, false, GateVerdict.Pass)]
    [InlineData(0.5, 0.4999999, 0.0, false, GateVerdict.Regressed)]
    [InlineData(0.5, 0.5 - 5e-13, 0.0, false, GateVerdict.Pass)] // below the 1e-12 noise
    public void Judge_reads_each_metric_in_its_own_direction(double before, double after, double tolerance, bool lowerIsBetter, GateVerdict expected)
    {
        Assert.Equal(expected, RegressionGate.Judge(before, after, tolerance, lowerIsBetter));
    }

    [Theory]
    [InlineData(null, null, GateVerdict.Skipped)]
    [InlineData(0.5, null, GateVerdict.Regressed)]
    [InlineData(null, 0.5, GateVerdict.Pass)]
    public void Judge_of_undefined_values(double? before, double? after, GateVerdict expected)
    {
        Assert.Equal(expected, RegressionGate.Judge(before, after, 1.0, lowerIsBetter: false));
        Assert.Equal(expected, RegressionGate.Judge(before, after, 1.0, lowerIsBetter: true));
    }

    [Fact]
    public void Compare_follows_the_baseline_order_and_the_conventional_metric_order()
    {
        var baseline = GateReports.Make(
            ("B", "D1", [("MAE", 0.1), ("Fm.max", 0.8), ("Sm", 0.7)]),
            ("A", "D1", [("MAE", 0.1), ("Fm.max", 0.8), ("Sm", 0.7)]));
        var current = GateReports.Make(
            ("A", "D1", [("Sm", 0.7), ("MAE", 0.1), ("Fm.max", 0.8)]),
            ("B", "D1", [("Sm", 0.6), ("MAE", 0.1), ("Fm.max", 0.8)]),
            ("C", "D1", [("Sm", 0.6), ("MAE", 0.1), ("Fm.max", 0.8)]));

        var result = RegressionGate.Compare(baseline, current, Defaults);

        Assert.Equal(["Sm", "MAE", "Fm.max"], result.Metrics);
        Assert.Equal(
            ["B Sm", "B MAE", "B Fm.max", "A Sm", "A MAE", "A Fm.max"],
            result.Comparisons.Select(c => $"{c.Method} {c.Metric}"));
        var regressed = Assert.Single(result.Comparisons, c => c.Verdict == GateVerdict.Regressed);
        Assert.Equal(("B", "Sm", 0.7, 0.6), (regressed.Method, regressed.Metric, regressed.Baseline!.Value, regressed.Current!.Value));
        Assert.Equal(0.6 - 0.7, regressed.Delta);
        Assert.False(result.Passed);
        Assert.Equal((6, 1, 0), (result.Checked, result.Regressed, result.Improved));
        Assert.Contains(result.Notes, n => n.StartsWith("D1 / C: only in current", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_metrics_both_files_have_are_checked_by_default_but_a_named_one_is_checked()
    {
        var baseline = GateReports.Make(("M", "D", [("Sm", 0.7), ("AP", 0.9)]));
        var current = GateReports.Make(("M", "D", [("Sm", 0.7)]));

        var all = RegressionGate.Compare(baseline, current, Defaults);
        var named = RegressionGate.Compare(baseline, current, Defaults with { Metrics = ["AP"] });

        Assert.Equal(["Sm"], all.Metrics);
        Assert.True(all.Passed);
        var ap = Assert.Single(named.Comparisons);
        Assert.Equal(("AP", GateVerdict.Regressed, (double?)null), (ap.Metric, ap.Verdict, ap.Current));
    }

    [Fact]
    public void Per_metric_tolerances_apply_to_their_metric_only()
    {
        var options = GateOptions.WithTolerances(Defaults, ["MAE=0.01"]);

        var result = RegressionGate.Compare(One(0.7, 0.1), One(0.695, 0.105), options);

        Assert.Equal(0.002, options.Tolerance);
        Assert.Equal([("Sm", 0.002, GateVerdict.Regressed), ("MAE", 0.01, GateVerdict.Pass)],
            result.Comparisons.Select(c => (c.Metric, c.Tolerance, c.Verdict)));
        Assert.Equal([false, true], result.Comparisons.Select(c => c.LowerIsBetter));
    }

    [Fact]
    public void Tolerances_parse_a_global_number_and_key_value_pairs()
    {
        var options = GateOptions.WithTolerances(Defaults, ["0.01", " Fm.max = 0.0005 ", "MAE=1e-3"]);

        Assert.Equal(0.01, options.Tolerance);
        Assert.Equal(0.0005, options.ToleranceOf("Fm.max"));
        Assert.Equal(0.001, options.ToleranceOf("MAE"));
        Assert.Equal(0.01, options.ToleranceOf("Sm"));
        Assert.Equal(GateOptions.DefaultTolerance, GateOptions.WithTolerances(Defaults, []).Tolerance);
        Assert.Equal(0.002, GateOptions.DefaultTolerance);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("Infinity")]
    [InlineData("-1")]
    [InlineData("Sm=-0.1")]
    [InlineData("Sm==0.1")]
    [InlineData("=0.1")]
    public void Malformed_tolerances_are_refused(string value)
    {
        var error = Assert.Throws<GateInputException>(() => GateOptions.WithTolerances(Defaults, [value]));

        Assert.StartsWith("--tolerance " + value + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_do_not_change_numbers_are_not_compared_but_the_others_are()
    {
        var baseline = One(0.7, 0.1);
        var capped = baseline.WithOption("max_pixels", "42");
        var other = baseline.WithOption("resize", "nearest");

        Assert.True(RegressionGate.Compare(baseline, capped, Defaults).Passed);
        var error = Assert.Throws<GateInputException>(() => RegressionGate.Compare(baseline, other, Defaults with { CurrentName = "now.json" }));
        Assert.Equal(
            "now.json: number-changing options differ from the baseline baseline: options.resize (baseline not set, current nearest). "
            + "Re-run cosod eval with the baseline's options.",
            error.Message);
    }

    [Fact]
    public void The_top_level_aggregation_is_compared_even_when_the_options_agree()
    {
        var baseline = One(0.7, 0.1);
        var current = baseline.Copy(aggregation: "group-mean");

        var error = Assert.Throws<GateInputException>(() => RegressionGate.Compare(baseline, current, Defaults));

        Assert.Contains("aggregation (baseline image-mean, current group-mean)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicated_result_or_an_empty_baseline_is_refused()
    {
        var twice = GateReports.Make(("M", "D", [("Sm", 0.7)]), ("M", "D", [("Sm", 0.7)]));
        var empty = GateReports.Make();

        var duplicate = Assert.Throws<GateInputException>(() => RegressionGate.Compare(One(0.7, 0.1), twice, Defaults));
        var nothing = Assert.Throws<GateInputException>(() => RegressionGate.Compare(empty, One(0.7, 0.1), Defaults));

        Assert.Equal("current: method M on dataset D appears twice; pass a metrics.json written by 'cosod eval'.", duplicate.Message);
        Assert.StartsWith("baseline: the baseline has no results", nothing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_exclude_skipped_values()
    {
        var result = RegressionGate.Compare(One(null, 0.1), One(null, 0.2), Defaults);

        Assert.Equal((1, 1, 0, 1), (result.Checked, result.Regressed, result.Improved, result.Skipped));
        Assert.Equal(GateVerdict.Skipped, result.Comparisons[0].Verdict);
        Assert.Null(result.Comparisons[0].Delta);
    }
}
