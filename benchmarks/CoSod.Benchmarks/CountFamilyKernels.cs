using BenchmarkDotNet.Attributes;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.SizeInvariance;

namespace CoSod.Benchmarks;

/// <summary>
/// The extended PySODMetrics families of the pysodmetrics profile (FmeasureV2, MSIoU, the size-invariant MAE and
/// FmeasureV2), one pair at a time on decoded arrays, one thread, each beside PySODMetrics' own time for it (anchor
/// figures in results/bench-metrics/anchor-extended-families.md). Every benchmark builds a fresh
/// <see cref="PySodPair"/>, so it includes the shared per-pair work it reads; the size-invariant and MSIoU ones also
/// prepare the ground truth in the call, as PySODMetrics does in every <c>step</c>.
/// </summary>
[MemoryDiagnoser]
public class CountFamilyKernels
{
    public const int PairsPerCall = 8;

    private byte[][] groundTruths = [];
    private byte[][] predictions = [];
    private PySodGroundTruth[] plain = [];
    private PySodGroundTruth[] withEdges = [];
    private PySodGroundTruth[] withTargets = [];
    private double[] curves = [];
    private PySodThresholdCounts[] sharedCounts = [];

    [ParamsSource(nameof(Sizes))]
    public ImageSize Size { get; set; } = ImageSize.Anchor;

    public static IEnumerable<ImageSize> Sizes => ImageSize.All;

    [GlobalSetup]
    public void Setup()
    {
        groundTruths = new byte[PairsPerCall][];
        predictions = new byte[PairsPerCall][];
        plain = new PySodGroundTruth[PairsPerCall];
        withEdges = new PySodGroundTruth[PairsPerCall];
        withTargets = new PySodGroundTruth[PairsPerCall];
        curves = new double[ConfusionHandlers.Count * PySodConstants.Levels];
        sharedCounts = new PySodThresholdCounts[PairsPerCall];
        for (var k = 0; k < PairsPerCall; k++)
        {
            groundTruths[k] = SyntheticMaps.GroundTruth(Size, new Random(SyntheticMaps.Seed(Size, k, 0)));
            predictions[k] = SyntheticMaps.Prediction(groundTruths[k], Size, new Random(SyntheticMaps.Seed(Size, k, 1)));
            plain[k] = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.None);
            withEdges[k] = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.MultiScaleEdges);
            withTargets[k] = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.SizeInvariantTargets);
            sharedCounts[k] = new PySodPair(predictions[k], plain[k]).Counts;
        }
    }

    /// <summary>
    /// FmeasureV2 with the test suite's 33 handlers: threshold, adaptive and binary counts, and the eleven handler
    /// curves and values of the image (what the reduction computes per image). Anchor: 2.03 ms per pair.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodCountFamilies)]
    public double FmeasureV2()
    {
        var sum = 0.0;
        Span<double> values = stackalloc double[ConfusionHandlers.Count];
        for (var k = 0; k < PairsPerCall; k++)
        {
            var pair = new PySodPair(predictions[k], plain[k]);
            var counts = pair.Counts;
            counts.HandlerCurves(curves);
            var adaptive = counts.Adaptive;
            var binary = pair.BinaryCounts;
            ConfusionHandlers.Values(adaptive.TruePositives, adaptive.FalsePositives, adaptive.TrueNegatives, adaptive.FalseNegatives, values);
            sum += values[0];
            ConfusionHandlers.Values(binary.TruePositives, binary.FalsePositives, binary.TrueNegatives, binary.FalseNegatives, values);
            sum += values[0] + curves[128];
        }

        return sum;
    }

    /// <summary>
    /// What FmeasureV2 adds to a run that computes Fm or Em anyway: the pair's counts are shared, so only the eleven
    /// handler curves and the adaptive and binary values are left (the counts are computed in the setup).
    /// </summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodCountFamilies)]
    public double FmeasureV2OnSharedCounts()
    {
        var sum = 0.0;
        Span<double> values = stackalloc double[ConfusionHandlers.Count];
        for (var k = 0; k < PairsPerCall; k++)
        {
            var counts = sharedCounts[k];
            counts.HandlerCurves(curves);
            var adaptive = counts.Adaptive;
            ConfusionHandlers.Values(adaptive.TruePositives, adaptive.FalsePositives, adaptive.TrueNegatives, adaptive.FalseNegatives, values);
            sum += values[0] + curves[128];
        }

        return sum;
    }

    /// <summary>MSIoU: the 257-threshold curve, adaptive and binary, on a prepared ground truth. Anchor: 2,200 ms per pair.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodCountFamilies)]
    public double MsIou()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var scores = MultiScaleIoU.Measure(new PySodPair(predictions[k], withEdges[k]));
            sum += scores.Curve[100] + scores.Adaptive + scores.Binary;
        }

        return sum;
    }

    /// <summary>MSIoU with its ground-truth edge cells made in the call (PySODMetrics redraws them every step).</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodCountFamilies)]
    public double MsIouPreparingGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var truth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.MultiScaleEdges);
            var scores = MultiScaleIoU.Measure(new PySodPair(predictions[k], truth));
            sum += scores.Curve[100] + scores.Adaptive + scores.Binary;
        }

        return sum;
    }

    /// <summary>SizeInvarianceMAE with the targets found in the call, as every PySODMetrics step does. Anchor: 20.8 ms per pair.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodCountFamilies)]
    public double SizeInvarianceMae()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var truth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.SizeInvariantTargets);
            sum += SizeInvariantMae.Measure(new PySodPair(predictions[k], truth)).Value;
        }

        return sum;
    }

    /// <summary>
    /// SizeInvarianceFmeasureV2 with the test suite's 44 handlers, targets found in the call, every target reduced.
    /// Anchor: 25.2 ms per pair.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodCountFamilies)]
    public double SizeInvarianceFmeasureV2()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var truth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.SizeInvariantTargets);
            var scores = SizeInvariantFMeasure.Measure(new PySodPair(predictions[k], truth));
            sum += scores.SampleMax[0] + scores.OverallCurves[128];
        }

        return sum;
    }

    /// <summary>Both size-invariant families on one prepared ground truth (how a run shares the targets between methods).</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodCountFamilies)]
    public double SizeInvarianceBothSharedGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var pair = new PySodPair(predictions[k], withTargets[k]);
            sum += SizeInvariantMae.Measure(pair).Value + SizeInvariantFMeasure.Measure(pair).SampleMean[0];
        }

        return sum;
    }
}
