using BenchmarkDotNet.Attributes;
using CoSod.Metrics.EvalCoSod;
using CoSod.Metrics.PySod;

namespace CoSod.Benchmarks;

/// <summary>
/// The per-image metric kernels on decoded arrays in memory, one thread. Each call scores
/// <see cref="PairsPerCall"/> different pairs so caches and branch predictors see varied images.
/// </summary>
/// <remarks>
/// The S-measure and weighted-F benchmarks run one family kernel on a fresh <see cref="PySodPair"/>, so each includes
/// the shared per-pair work it reads (grey levels, histograms, the map's sum); what
/// <see cref="PySodMetrics.Measure(ReadOnlySpan{byte}, PySodGroundTruth)"/> spends beyond them is the difference.
/// </remarks>
[MemoryDiagnoser]
public class MetricKernels
{
    public const int PairsPerCall = 8;

    private byte[][] groundTruths = [];
    private byte[][] predictions = [];
    private PySodGroundTruth[] prepared = [];

    [ParamsSource(nameof(Sizes))]
    public ImageSize Size { get; set; } = ImageSize.Anchor;

    public static IEnumerable<ImageSize> Sizes => ImageSize.All;

    [GlobalSetup]
    public void Setup()
    {
        groundTruths = new byte[PairsPerCall][];
        predictions = new byte[PairsPerCall][];
        prepared = new PySodGroundTruth[PairsPerCall];
        for (var k = 0; k < PairsPerCall; k++)
        {
            groundTruths[k] = SyntheticMaps.GroundTruth(Size, new Random(SyntheticMaps.Seed(Size, k, 0)));
            predictions[k] = SyntheticMaps.Prediction(groundTruths[k], Size, new Random(SyntheticMaps.Seed(Size, k, 1)));
            prepared[k] = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height);

        }
    }

    /// <summary>Every default-profile metric of one method's pair, ground truth prepared in the call: one method's cost.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double PySodAllPreparingGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var groundTruth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height);
            sum += Checksum(PySodMetrics.Measure(predictions[k], groundTruth));
        }

        return sum;
    }

    /// <summary>Every default-profile metric with the ground truth prepared once and shared by all methods.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double PySodAllSharedGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            sum += Checksum(PySodMetrics.Measure(predictions[k], prepared[k]));
        }

        return sum;
    }

    /// <summary>Ground-truth preparation alone: mask, centroid, bounding box, distance transform.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public int PySodGroundTruthOnly()
    {
        var sum = 0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var groundTruth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height);
            sum += groundTruth.SplitColumn;
        }

        return sum;
    }

    /// <summary>S-measure alone, with the per-pair work it reads (levels, histograms, the map's sum).</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double PySodSMeasureOnly()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            sum += SMeasure.Compute(new PySodPair(predictions[k], prepared[k]));
        }

        return sum;
    }

    /// <summary>Weighted F-measure alone (the ground truth's distance transform precomputed).</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double PySodWeightedFOnly()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            sum += WeightedFMeasure.Compute(new PySodPair(predictions[k], prepared[k]));
        }

        return sum;
    }

    /// <summary>The eval-co-sod profile kernel (float32 MAE, S, F and E curves) on the same pairs.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.EvalCoSodKernels)]
    public double EvalCoSodAll()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var scores = EvalCoSodMetrics.Measure(predictions[k], groundTruths[k], Size.Width);
            sum += scores.Mae + scores.Sm;
        }

        return sum;
    }

    private static double Checksum(PySodImageScores scores) =>
        scores.Mae + scores.WeightedF + scores.AdaptiveF + scores.TruePositives[128]
        + (double.IsNaN(scores.SMeasure) ? 0 : scores.SMeasure);
}
