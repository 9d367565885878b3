using System.Text.Json;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// <c>--metrics all</c> on the bundled sample against expected.pysodmetrics-extended.json (PySODMetrics 1.6.2 on the
/// same inputs, ../shared): the FmeasureV2 handlers, AUCs, MSIoU and size-invariant numbers, the curves iou, dice, fpr
/// and msiou, the per-image values, and the images PySODMetrics cannot score.
/// </summary>
public sealed class PySodMetricsExtendedOracleTests
{
    private static readonly Lazy<EvaluationReport> Report = new(() => EvaluationRunner.Run(new EvaluationRequest
    {
        GroundTruthRoot = Path.Combine(SharedFixtures.SynthPublic, "datasets"),
        PredictionRoot = Path.Combine(SharedFixtures.SynthPublic, "predictions"),
        Profile = PySodMetricsProfile.Instance,
        Aggregation = Aggregation.ImageMean,
        Metrics = PySodExtendedOracle.All,
        PerImage = true,
        Threads = 2,
    }));

    private static readonly Lazy<JsonDocument> Expected = new(() => SharedFixtures.ReadJson(
        SharedFixtures.Under("fixtures", "cosod-synth-public-extended", "expected.pysodmetrics-extended.json")));

    /// <summary>Every (method, dataset) of the bundled sample.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "Degenerate", "NearBinary", "Noisy", "Resized", "SoftBlur" })
        {
            foreach (var dataset in new[] { "CoCA", "CoSOD3k", "CoSal2015" })
            {
                data.Add(method, dataset);
            }
        }

        return data;
    }

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void Every_number_curve_per_image_value_and_undefined_image_matches_PySODMetrics(string method, string dataset)
    {
        var expected = Expected.Value.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == method && r.GetProperty("dataset").GetString() == dataset);
        var result = Report.Value.Results.Single(r => r.Method == method && r.Dataset == dataset);

        Assert.Equal(expected.GetProperty("images").GetInt32(), result.ImagesScored);
        var failures = PySodExtendedOracle.Compare(expected, result);

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    [SharedFact]
    public void The_oracle_lists_an_undefined_image_so_the_undefined_check_is_not_vacuous()
    {
        var undefined = Expected.Value.RootElement.GetProperty("results").EnumerateArray()
            .Count(r => r.GetProperty("undefined_in_pysodmetrics").EnumerateObject().Any());

        Assert.True(undefined >= 5, $"{undefined} results list undefined images");
        Assert.Contains(Report.Value.Results, r => r.Metrics!.Undefined.ContainsKey("SizeInvarianceFmeasureV2"));
    }
}
