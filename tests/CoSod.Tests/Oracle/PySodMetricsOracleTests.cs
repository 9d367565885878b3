using System.Text.Json;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// The default profile against expected.pysodmetrics.json (PySODMetrics 1.6.2 + PySODEvalToolkit, produced
/// by the reference code): every scalar and curve point, image-mean and group-mean, and the skip lists.
/// </summary>
public sealed class PySodMetricsOracleTests
{
    /// <summary>The oracle's guidance: a double port following the spec matches to 1e-9; more means a semantic gap.</summary>
    private const double Tolerance = 1e-9;

    private static readonly Lazy<EvaluationReport> ImageMean = new(() => Evaluate(Aggregation.ImageMean));
    private static readonly Lazy<EvaluationReport> GroupMean = new(() => Evaluate(Aggregation.GroupMean));
    private static readonly Lazy<JsonDocument> Expected =
        new(() => SharedFixtures.ReadJson(Path.Combine(SharedFixtures.SynthPublic, "expected.pysodmetrics.json")));

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in OracleCases.DatasetMethodPairs(() => Expected.Value))
        {
            var (dataset, method) = ((string)row[0], (string)row[1]);
            data.Add(dataset, method, "image_mean");
            data.Add(dataset, method, "group_mean");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DatasetNumbersMatchTheOracle(string dataset, string method, string summary)
    {
        var expected = Expected.Value.RootElement.GetProperty("datasets").GetProperty(dataset)
            .GetProperty("methods").GetProperty(method);
        var report = summary == "image_mean" ? ImageMean.Value : GroupMean.Value;
        var result = report.Results.Single(r => r.Dataset == dataset && r.Method == method);

        Assert.Equal(expected.GetProperty("num_images").GetInt32(), result.ImagesScored);
        Assert.Equal(
            expected.GetProperty("skipped_gt_without_prediction").EnumerateArray().Select(e => e.GetString()!),
            result.MissingPredictions);
        Assert.Equal(
            expected.GetProperty("resized_images").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal),
            result.ResizedPredictions.Order(StringComparer.Ordinal));

        // Under group-mean a map of another size is resized with INTER_CUBIC, as PySODEvalToolkit's grouped mode does;
        // the oracle has the scalars of that variant (its curves are checked against the toolkit's own grouped output in
        // PySodEvalToolkitGroupedTests).
        var cubicGroupMean = summary == "group_mean" && result.ResizedPredictions.Count > 0;
        var want = cubicGroupMean
            ? expected.GetProperty("resize_sensitivity").GetProperty("cv2_INTER_CUBIC").GetProperty("group_mean")
            : expected.GetProperty("summary").GetProperty(summary);
        var metrics = result.Metrics!;
        var failures = new List<string>();
        void Check(string name, double expectedValue, double? actual)
        {
            if (actual is not { } a || Math.Abs(a - expectedValue) > Tolerance)
            {
                failures.Add($"{name}: expected {expectedValue:R}, got {actual:R} (diff {(actual - expectedValue):E2})");
            }
        }

        Check("Sm", want.GetProperty("Sm").GetDouble(), metrics["Sm"]);
        Check("MAE", want.GetProperty("MAE").GetDouble(), metrics["MAE"]);
        Check("wFm", want.GetProperty("wFm").GetDouble(), metrics["wFm"]);
        foreach (var family in new[] { "Fm", "Em" })
        {
            foreach (var stat in new[] { "max", "mean", "adp" })
            {
                Check($"{family}.{stat}", want.GetProperty(family).GetProperty(stat).GetDouble(), metrics[$"{family}.{stat}"]);
            }
        }

        foreach (var curve in cubicGroupMean ? [] : new[] { "precision", "recall", "fm", "em" })
        {
            var expectedCurve = want.GetProperty("curves").GetProperty(curve).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var actualCurve = metrics.Curve(curve)!;
            Assert.Equal(expectedCurve.Length, actualCurve.Length);
            for (var t = 0; t < expectedCurve.Length; t++)
            {
                Check($"{curve}[{t}]", expectedCurve[t], actualCurve[t]);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PerImageNumbersMatchTheOracle(string dataset, string method, string summary)
    {
        if (summary != "image_mean")
        {
            return;
        }

        var expected = Expected.Value.RootElement.GetProperty("datasets").GetProperty(dataset)
            .GetProperty("methods").GetProperty(method).GetProperty("per_image");
        var result = ImageMean.Value.Results.Single(r => r.Dataset == dataset && r.Method == method);
        var failures = new List<string>();
        foreach (var image in result.PerImage!)
        {
            var want = expected.GetProperty(image.Key);
            var got = image.Values.ToDictionary(v => v.Key, v => v.Value);
            foreach (var (ours, theirs) in new[]
            {
                ("Sm", "Sm"), ("MAE", "MAE"), ("wFm", "wFm"), ("Fm.adp", "adpFm"), ("Em.adp", "adpEm"),
                ("Fm.max", "maxFm_of_image_curve"), ("Fm.mean", "meanFm_of_image_curve"),
                ("Em.max", "maxEm_of_image_curve"), ("Em.mean", "meanEm_of_image_curve"),
            })
            {
                var w = want.GetProperty(theirs).GetDouble();
                if (got[ours] is not { } g || Math.Abs(g - w) > Tolerance)
                {
                    failures.Add($"{image.Key} {ours}: expected {w:R}, got {got[ours]:R}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    private static EvaluationReport Evaluate(Aggregation aggregation) => EvaluationRunner.Run(new EvaluationRequest
    {
        GroundTruthRoot = Path.Combine(SharedFixtures.SynthPublic, "datasets"),
        PredictionRoot = Path.Combine(SharedFixtures.SynthPublic, "predictions"),
        Profile = PySodMetricsProfile.Instance,
        Aggregation = aggregation,
        PerImage = true,
        Threads = 2,
    });
}
