using BenchmarkDotNet.Attributes;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;

namespace CoSod.Benchmarks;

/// <summary>
/// <c>cosod eval</c> without the CLI: discovery, decoding, ground-truth preparation, metrics and reduction over
/// PNG files, PySODMetrics profile, one thread. With three methods each ground truth is still decoded and
/// prepared once, so the time per pair drops below the one-method time.
/// </summary>
[MemoryDiagnoser]
public class EndToEndEvaluation
{
    private SyntheticDataset? dataset;

    [ParamsSource(nameof(Sizes))]
    public ImageSize Size { get; set; } = ImageSize.Anchor;

    public static IEnumerable<ImageSize> Sizes => ImageSize.All;

    [GlobalSetup]
    public void Setup()
    {
        dataset = SyntheticDataset.Create(Size);
        Check(Evaluate(SyntheticDataset.Methods), SyntheticDataset.MethodCount);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        dataset?.Dispose();
        dataset = null;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SyntheticDataset.ImageCount)]
    [BenchmarkCategory(Categories.EndToEnd)]
    public EvaluationReport OneMethod() => Evaluate([SyntheticDataset.Methods[0]]);

    [Benchmark(OperationsPerInvoke = SyntheticDataset.MethodCount * SyntheticDataset.ImageCount)]
    [BenchmarkCategory(Categories.EndToEnd)]
    public EvaluationReport ThreeMethods() => Evaluate(SyntheticDataset.Methods);

    private EvaluationReport Evaluate(IReadOnlyList<string> methods)
    {
        var data = dataset ?? throw new InvalidOperationException("GlobalSetup has not run.");
        return EvaluationRunner.Run(new EvaluationRequest
        {
            GroundTruthRoot = data.GroundTruthRoot,
            PredictionRoot = data.PredictionRoot,
            Methods = methods,
            Profile = PySodMetricsProfile.Instance,
            Threads = 1,
        });
    }

    /// <summary>Fails the setup (and so the run) unless every pair was found, decoded and scored at its own size.</summary>
    private static void Check(EvaluationReport report, int methods)
    {
        if (report.Results.Count != methods)
        {
            throw new InvalidOperationException($"Expected {methods} results, got {report.Results.Count}.");
        }

        foreach (var result in report.Results)
        {
            if (result.ImagesScored != SyntheticDataset.ImageCount || !result.Complete || result.Metrics is null
                || result.ResizedPredictions.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{result.Method}: scored {result.ImagesScored} of {SyntheticDataset.ImageCount} pairs "
                    + $"({result.ResizedPredictions.Count} resized); the synthetic dataset is not what the benchmark expects.");
            }
        }
    }
}
