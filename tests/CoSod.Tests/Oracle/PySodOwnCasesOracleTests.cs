using System.Text.Json;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// <c>--metrics all</c> on our own small cases (PySodOwnCases/: empty, full and one-pixel masks, thin and ringed
/// objects, many small and diagonally touching components, boxes covering the image, 55, 63 and 64 size-invariant
/// targets, constant, binary and resized maps) against the numbers PySODMetrics 1.6.2 printed for them
/// (run_own_cases.py).
/// </summary>
public sealed class PySodOwnCasesOracleTests
{
    private static readonly string Root = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Oracle", "PySodOwnCases");

    private static readonly Lazy<EvaluationReport> Report = new(() => EvaluationRunner.Run(new EvaluationRequest
    {
        GroundTruthRoot = Path.Combine(Root, "gt"),
        PredictionRoot = Path.Combine(Root, "pred"),
        ImagesRoot = Path.Combine(Root, "images"),
        Profile = PySodMetricsProfile.Instance,
        Aggregation = Aggregation.ImageMean,
        Metrics = PySodExtendedOracle.AllWithImages,
        PerImage = true,
        Threads = 2,
    }));

    private static readonly Lazy<JsonDocument> Expected = new(() => SharedFixtures.ReadJson(Path.Combine(Root, "expected.json")));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "Binary", "Const", "Resized", "Soft" })
        {
            foreach (var dataset in new[] { "BBoxFullSet", "CompSet", "EdgeSet", "OrdinarySet", "TargetSet" })
            {
                data.Add(method, dataset);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_number_curve_per_image_value_and_undefined_image_matches_PySODMetrics(string method, string dataset)
    {
        var expected = Expected.Value.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("dataset").GetString() == dataset);
        var result = Report.Value.Results.Single(r => r.Method == method && r.Dataset == dataset);

        Assert.Equal(expected.GetProperty("images").GetInt32(), result.ImagesScored);
        Assert.Equal(
            expected.GetProperty("resized_images").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal),
            result.ResizedPredictions.Order(StringComparer.Ordinal));
        var failures = PySodExtendedOracle.Compare(expected, result);

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    [Fact]
    public void Images_PySODMetrics_cannot_score_are_listed_with_a_note_that_says_what_it_does()
    {
        var targets = Report.Value.Results.Single(r => r.Method == "Soft" && r.Dataset == "TargetSet");
        var edges = Report.Value.Results.Single(r => r.Method == "Soft" && r.Dataset == "EdgeSet");

        Assert.Equal(["nested/nested64"], targets.Metrics!.Undefined["SizeInvarianceFmeasureV2"]);
        Assert.Equal(["nested/nested55", "nested/nested63", "nested/nested64"], targets.Metrics.Undefined["si_mae"]);
        Assert.Null(targets.Metrics["si_mae"]);
        Assert.Contains(targets.Notes, n => n.Contains("64 or more targets", StringComparison.Ordinal));
        Assert.Contains(targets.Notes, n => n.Contains("returns NaN", StringComparison.Ordinal));
        Assert.Equal(["degenerate/full02"], edges.Metrics!.Undefined["SizeInvarianceFmeasureV2"]);
        Assert.Contains(edges.Notes, n => n.Contains("raises AssertionError", StringComparison.Ordinal));
        Assert.NotNull(edges.Metrics["si_sample_maxiou"]);
    }
}
