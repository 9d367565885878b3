using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;
using CoSod.Tests.Metrics.Context;

namespace CoSod.Tests.Oracle;

/// <summary>
/// HCE, cm and ccm on PySODMetrics' own test pairs (examples/test_data, with skimage's astronaut as every stem's image,
/// laid out as <c>&lt;gt&gt;/PySOD/all/</c>), through <c>EvaluationRunner</c> with <c>--images</c>: the dataset numbers
/// its examples/test_metrics.py asserts (version_performance.json: HCE in v1_5_1, cm and ccm in v1_6_0) and the
/// per-image numbers PySODMetrics printed (context-oracles.json "suite").
/// </summary>
public sealed class PySodSuiteShapeContextTests : IDisposable
{
    /// <summary>PySODMetrics' own suite asserts equality; the issue asks 1e-9 of the dataset numbers.</summary>
    private const double DatasetTolerance = 1e-9;

    /// <summary>Per image: the relevance map is OpenCV's float32 one and the camouflage degree's choices are sklearn's.</summary>
    private const double PerImageTolerance = 1e-12;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [SharedFact]
    public void SuiteNumbersAreReproducedWithTheAstronautAsImage()
    {
        var source = SharedFixtures.Under("fixtures", "real", "pysodmetrics-testdata");
        foreach (var mask in Directory.GetFiles(Path.Combine(source, "examples", "test_data", "masks"), "*.png"))
        {
            var name = Path.GetFileName(mask);
            Copy(mask, Path.Combine("gt", "PySOD", "GroundTruth", "all", name));
            Copy(Path.Combine(source, "examples", "test_data", "preds", name), Path.Combine("pred", "PySODMetrics", "PySOD", "all", name));
            Copy(Path.Combine(source, "astronaut.png"), Path.Combine("images", "PySOD", "all", name));
        }

        var report = EvaluationRunner.Run(new EvaluationRequest
        {
            GroundTruthRoot = _tree.PathOf("gt"),
            PredictionRoot = _tree.PathOf("pred"),
            ImagesRoot = _tree.PathOf("images"),
            Profile = PySodMetricsProfile.Instance,
            Metrics = new MetricSelection(["HCE", "cm", "ccm"]),
            PerImage = true,
            Threads = 2,
        });

        var result = Assert.Single(report.Results);
        var expected = SharedFixtures.ReadJson(Path.Combine(source, "examples", "version_performance.json")).RootElement;
        Assert.Equal(expected.GetProperty("v1_5_1").GetProperty("HCE").GetDouble(), result.Metrics!["HCE"]!.Value, DatasetTolerance);
        Assert.Equal(expected.GetProperty("v1_6_0").GetProperty("cm").GetDouble(), result.Metrics["cm"]!.Value, DatasetTolerance);
        Assert.Equal(expected.GetProperty("v1_6_0").GetProperty("ccm").GetDouble(), result.Metrics["ccm"]!.Value, DatasetTolerance);

        var perImage = result.PerImage!.ToDictionary(i => i.Key, i => i.Values.ToDictionary(v => v.Key, v => v.Value));
        foreach (var item in ContextOracles.Root.GetProperty("suite").EnumerateArray())
        {
            var values = perImage["all/" + item.GetProperty("stem").GetString()];
            Assert.Equal(item.GetProperty("HCE").GetDouble(), values["HCE"]);
            Assert.Equal(item.GetProperty("cm").GetDouble(), values["cm"]!.Value, PerImageTolerance);
            Assert.Equal(item.GetProperty("ccm").GetDouble(), values["ccm"]!.Value, PerImageTolerance);
        }
    }

    private void Copy(string from, string relative)
    {
        var target = _tree.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(from, target);
    }
}
