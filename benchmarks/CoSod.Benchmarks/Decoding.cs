using BenchmarkDotNet.Attributes;
using CoSod.Data.Imaging;

namespace CoSod.Benchmarks;

/// <summary>
/// Decoding alone, on the same files and in the same order as <see cref="EndToEndEvaluation"/>: the floor under
/// any end-to-end time.
/// </summary>
[MemoryDiagnoser]
public class Decoding
{
    private SyntheticDataset? dataset;

    [ParamsSource(nameof(Sizes))]
    public ImageSize Size { get; set; } = ImageSize.Anchor;

    public static IEnumerable<ImageSize> Sizes => ImageSize.All;

    [GlobalSetup]
    public void Setup() => dataset = SyntheticDataset.Create(Size);

    [GlobalCleanup]
    public void Cleanup()
    {
        dataset?.Dispose();
        dataset = null;
    }

    /// <summary>Ground truth and one method's prediction per pair (what OneMethod decodes).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = SyntheticDataset.ImageCount)]
    [BenchmarkCategory(Categories.Decoding)]
    public long OneMethodPairs()
    {
        var data = Data;
        long sum = 0;
        for (var i = 0; i < data.GroundTruthPaths.Count; i++)
        {
            sum += Read(data.GroundTruthPaths[i]) + Read(data.PredictionPaths[0][i]);
        }

        return sum;
    }

    /// <summary>Each ground truth once and three predictions for it (what ThreeMethods decodes).</summary>
    [Benchmark(OperationsPerInvoke = SyntheticDataset.MethodCount * SyntheticDataset.ImageCount)]
    [BenchmarkCategory(Categories.Decoding)]
    public long ThreeMethodPairs()
    {
        var data = Data;
        long sum = 0;
        for (var i = 0; i < data.GroundTruthPaths.Count; i++)
        {
            sum += Read(data.GroundTruthPaths[i]);
            for (var m = 0; m < data.PredictionPaths.Count; m++)
            {
                sum += Read(data.PredictionPaths[m][i]);
            }
        }

        return sum;
    }

    private SyntheticDataset Data => dataset ?? throw new InvalidOperationException("GlobalSetup has not run.");

    private static long Read(string path)
    {
        var map = GreyImageReader.Read(path, GreyConversion.OpenCv);
        return map.Pixels[map.PixelCount / 2] + map.PixelCount;
    }
}
