using System.Text.Json;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// The eval-co-sod profile end to end (our discovery, PIL-rule decoding and PIL bilinear resize, float32
/// metrics) against expected.eval-co-sod.json.
/// </summary>
public sealed class EvalCoSodProfileOracleTests
{
    /// <summary>The bound per dataset scalar (float32 accumulation; a float32 emulation matched to &lt; 5e-7).</summary>
    private const double ScalarTolerance = 1e-5;

    private static readonly Lazy<EvaluationReport> Report = new(() => EvaluationRunner.Run(new EvaluationRequest
    {
        GroundTruthRoot = Path.Combine(SharedFixtures.SynthPublic, "datasets"),
        PredictionRoot = Path.Combine(SharedFixtures.SynthPublic, "predictions"),
        Profile = EvalCoSodProfile.Instance,
        Threads = 2,
    }));

    private static readonly Lazy<JsonDocument> Expected =
        new(() => SharedFixtures.ReadJson(Path.Combine(SharedFixtures.SynthPublic, "expected.eval-co-sod.json")));

    public static TheoryData<string, string> Cases() => OracleCases.DatasetMethodPairs(() => Expected.Value);

    [Theory]
    [MemberData(nameof(Cases))]
    public void DatasetScalarsMatchTheOracle(string dataset, string method)
    {
        var expected = Expected.Value.RootElement.GetProperty("datasets").GetProperty(dataset)
            .GetProperty("methods").GetProperty(method);
        var result = Report.Value.Results.Single(r => r.Dataset == dataset && r.Method == method);
        Assert.Equal(expected.GetProperty("num_images").GetInt32(), result.ImagesScored);

        var summary = expected.GetProperty("summary");
        var metrics = result.Metrics!;
        var failures = new List<string>();
        foreach (var (ours, want) in new (string, double)[]
        {
            ("Sm", summary.GetProperty("Sm").GetDouble()),
            ("MAE", summary.GetProperty("MAE").GetDouble()),
            ("Fm.max", summary.GetProperty("Fm").GetProperty("max").GetDouble()),
            ("Fm.mean", summary.GetProperty("Fm").GetProperty("mean").GetDouble()),
            ("Em.max", summary.GetProperty("Em").GetProperty("max").GetDouble()),
            ("Em.mean", summary.GetProperty("Em").GetProperty("mean").GetDouble()),
            ("AP", summary.GetProperty("AP").GetDouble()),
            ("AUC", summary.GetProperty("AUC").GetDouble()),
        })
        {
            if (metrics[ours] is not { } got || Math.Abs(got - want) > ScalarTolerance)
            {
                failures.Add($"{ours}: expected {want:R}, got {metrics[ours]:R}");
            }
        }

        foreach (var curve in new[] { "precision", "recall", "fm", "em" })
        {
            var want = summary.GetProperty("curves").GetProperty(curve).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var got = metrics.Curve(curve)!;
            Assert.Equal(want.Length, got.Length);
            for (var i = 0; i < want.Length; i++)
            {
                if (Math.Abs(want[i] - got[i]) > ScalarTolerance)
                {
                    failures.Add($"{curve}[{i}]: expected {want[i]:R}, got {got[i]:R}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Fact]
    public void ThresholdsAreTheToolboxFloat32Values()
    {
        var want = Expected.Value.RootElement.GetProperty("thresholds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var got = Report.Value.Results[0].Metrics!.Curve("thresholds")!;
        Assert.Equal(want, got);
    }
}
