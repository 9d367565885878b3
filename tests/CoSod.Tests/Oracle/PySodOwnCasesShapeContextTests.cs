using System.Text.Json;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// HCE, cm and ccm on our own oracle cases (PySodOwnCases/: empty and full masks, one-pixel objects,
/// borders, thin crosses and rings, many small components, constant, binary and resized maps, RGB stand-ins), through
/// <c>EvaluationRunner</c> with <c>--images</c>, against what PySODMetrics 1.6.2 printed for them (expected.json).
/// </summary>
public sealed class PySodOwnCasesShapeContextTests
{
    private const double DatasetTolerance = 1e-9;

    /// <summary>Per image: the float32 relevance map and sklearn's patch choices are reproduced (SPEC 8.2: 2e-11 on these cases).</summary>
    private const double PerImageTolerance = 1e-10;

    private static readonly string Root = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Oracle", "PySodOwnCases");

    private static readonly Lazy<EvaluationReport> Report = new(() => EvaluationRunner.Run(new EvaluationRequest
    {
        GroundTruthRoot = Path.Combine(Root, "gt"),
        GroundTruthFolder = ".",
        PredictionRoot = Path.Combine(Root, "pred"),
        ImagesRoot = Path.Combine(Root, "images"),
        Profile = PySodMetricsProfile.Instance,
        Metrics = new MetricSelection(["HCE", "cm", "ccm"]),
        PerImage = true,
        Threads = 2,
    }));

    private static readonly Lazy<JsonDocument> Expected = new(() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "expected.json"))));

    [Fact]
    public void HceCmAndCcmMatchPySodMetricsOnEveryOwnCase()
    {
        var failures = new List<string>();
        var compared = 0;
        foreach (var want in Expected.Value.RootElement.GetProperty("results").EnumerateArray())
        {
            var method = want.GetProperty("method").GetString()!;
            var dataset = want.GetProperty("dataset").GetString()!;
            var result = Report.Value.Results.Single(r => r.Method == method && r.Dataset == dataset);
            var name = $"{method}/{dataset}";
            Assert.Equal(
                want.GetProperty("resized_images").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal),
                result.ResizedPredictions.Order(StringComparer.Ordinal));
            Check(failures, name + " HCE", want.GetProperty("metrics").GetProperty("HCE").GetDouble(), result.Metrics!["HCE"], DatasetTolerance);
            Check(failures, name + " cm", want.GetProperty("metrics").GetProperty("cm").GetDouble(), result.Metrics["cm"], DatasetTolerance);
            Check(failures, name + " ccm", want.GetProperty("ccm").GetDouble(), result.Metrics["ccm"], DatasetTolerance);

            var ours = result.PerImage!.ToDictionary(i => i.Key, i => i.Values.ToDictionary(v => v.Key, v => v.Value), StringComparer.Ordinal);
            foreach (var image in want.GetProperty("per_image").EnumerateObject())
            {
                var values = ours[image.Name];
                Check(failures, $"{name}/{image.Name} HCE", image.Value.GetProperty("HCE").GetDouble(), values["HCE"], 0.0);
                Check(failures, $"{name}/{image.Name} cm", image.Value.GetProperty("cm").GetDouble(), values["cm"], PerImageTolerance);
                Check(failures, $"{name}/{image.Name} ccm", image.Value.GetProperty("ccm").GetDouble(), values["ccm"], PerImageTolerance);
                compared++;
            }
        }

        Assert.True(compared >= 70, $"only {compared} images compared");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    private static void Check(List<string> failures, string name, double expected, double? actual, double tolerance)
    {
        if (actual is not { } a || Math.Abs(a - expected) > tolerance)
        {
            failures.Add($"{name}: expected {expected:R}, got {actual:R} (diff {(actual - expected):E2})");
        }
    }
}
