using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Metrics.PySod;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Metrics;

/// <summary>
/// PySODMetrics' own example data (3 real pairs, one with an empty mask) against the scores the library
/// publishes in examples/version_performance.json["v1_4_0"] (image mean, OpenCV grey reading).
/// </summary>
public sealed class PySodRealDataTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-12;

    private static string Root => Path.Combine(SharedFixtures.Real, "pysodmetrics-testdata", "examples");

    [SharedFact]
    public void ExampleDataReproducesThePublishedScores()
    {
        var masks = Directory.GetFiles(Path.Combine(Root, "test_data", "masks"), "*.png")
            .OrderBy(Path.GetFileName, StringComparer.Ordinal).ToArray();
        Assert.Equal(3, masks.Length);

        var images = new List<PySodImageScores>();
        foreach (var maskPath in masks)
        {
            var mask = GreyImageReader.Read(maskPath, GreyConversion.OpenCv);
            var predPath = Path.Combine(Root, "test_data", "preds", Path.GetFileName(maskPath));
            var prediction = GreyImageReader.Read(predPath, GreyConversion.OpenCv);
            if (!prediction.SameSizeAs(mask))
            {
                prediction = OpenCvLinearResize.Resize(prediction, mask.Width, mask.Height);
            }

            var scores = PySodMetrics.Measure(prediction.Pixels, PySodGroundTruth.Create(mask.Pixels, mask.Width, mask.Height));
            output.WriteLine($"{Path.GetFileName(maskPath)}: {mask} FG={scores.ForegroundCount} Sm={scores.SMeasure:R} wFm={scores.WeightedF:R}");
            images.Add(scores);
        }

        // The readme: one of the masks is pure background.
        Assert.Contains(images, s => s.ForegroundCount == 0);

        var dataset = PySodReduction.ImageMean(images);
        Assert.Empty(dataset.UndefinedSMeasure);
        using var json = SharedFixtures.ReadJson(Path.Combine(Root, "version_performance.json"));
        var expected = json.RootElement.GetProperty("v1_4_0");
        var actual = new Dictionary<string, double>
        {
            ["Smeasure"] = dataset.SMeasure,
            ["wFmeasure"] = dataset.WeightedF,
            ["MAE"] = dataset.Mae,
            ["adpEm"] = dataset.AdaptiveE,
            ["meanEm"] = dataset.MeanE,
            ["maxEm"] = dataset.MaxE,
            ["adpFm"] = dataset.AdaptiveF,
            ["meanFm"] = dataset.MeanF,
            ["maxFm"] = dataset.MaxF,
        };

        var failures = new List<string>();
        var largest = 0.0;
        foreach (var (name, value) in actual)
        {
            var want = expected.GetProperty(name).GetDouble();
            var diff = Math.Abs(value - want);
            largest = Math.Max(largest, diff);
            output.WriteLine($"{name}: expected {want:R}, got {value:R}, diff {diff:E2}");
            if (!(diff <= Tolerance))
            {
                failures.Add($"{name}: expected {want:R}, got {value:R} (diff {diff:E2})");
            }
        }

        output.WriteLine($"largest difference {largest:E2}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
