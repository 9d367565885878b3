using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using CoSod.Models.Inference;
using CoSod.Models.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Benchmarks;

/// <summary>
/// Latency of one forward pass over one group (<see cref="ISaliencyNetwork.PredictGroup"/>), per network, fp32,
/// random weights (speed does not depend on their values) and a random normal input made in the untimed setup. Two
/// protocols: the network's native input size with groups of 2 and 8, and CoSOD_fps_collection's 256x256, batch 8
/// (models-spec.md section 5). Unlike that script, every measurement ends with a device synchronisation, so on a GPU
/// the queued kernels are inside the time. The mean is ms per group; Images/s = N / mean.
/// </summary>
/// <remarks>
/// <para>A call takes seconds on a CPU (GICD with N = 8: about 3 s on a quiet 2-core machine, 20-30 s on a busy one),
/// so BenchmarkDotNet's default job, with its pilot stage and 15+ iterations per case, would take far too long. run-bench.ps1 gives these cases a job of their own: <c>--strategy Monitoring --launchCount 1 --warmupCount 1
/// --iterationCount 3 --invocationCount 1 --unrollFactor 1</c> (no jitting or pilot stage, no overhead runs: one
/// untimed warm-up call, then three timed calls, in one process per case). Run it directly with that job, e.g.
/// <c>dotnet run -c Release --project benchmarks/CoSod.Benchmarks -- --filter '*ModelLatency*' --strategy Monitoring
/// --launchCount 1 --warmupCount 1 --iterationCount 3 --invocationCount 1 --unrollFactor 1</c>.</para>
/// <para>Device and threads come from <see cref="BenchEnvironment"/>. Inference runs in <c>torch.inference_mode()</c>,
/// except GICD, whose gradient step needs autograd and runs in <c>torch.no_grad()</c>. With random weights the GCoNet+
/// DB head may take its k = 50 fallback; that costs nothing measurable.</para>
/// </remarks>
[Config(typeof(ModelLatencyConfig))]
[BenchmarkCategory(Categories.ModelLatency)]
public class ModelLatency
{
    /// <summary>CoSOD_fps_collection's input side (<c>test_fps(model, size=256, ...)</c>).</summary>
    public const int FpsCollectionSize = 256;

    /// <summary>CoSOD_fps_collection's batch (<c>BATCH_SIZE = [8,5][0]</c>).</summary>
    public const int FpsCollectionGroup = 8;

    /// <summary>The two native group sizes: the GCoNet+ paper's pair, and the fps collection's batch.</summary>
    public const int SmallGroup = 2;

    /// <summary>Seed of the random input (any fixed value: only its shape matters to the speed).</summary>
    private const int InputSeed = 20_240_601;

    private ISaliencyNetwork? _network;
    private Tensor? _input;
    private Device _device = CPU;
    private bool _needsAutograd;
    private int _threadsBefore;

    [ParamsSource(nameof(Models))]
    public ModelChoice Model { get; set; } = ModelChoice.All[0];

    /// <summary>Input side S: every native size and the fps collection's; the filter keeps the meaningful pairs.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; } = FpsCollectionSize;

    /// <summary>Images per group, N.</summary>
    [Params(SmallGroup, FpsCollectionGroup)]
    public int Group { get; set; } = SmallGroup;

    public static IEnumerable<ModelChoice> Models => ModelChoice.All;

    public static IEnumerable<int> Sizes =>
        ModelChoice.All.Select(m => m.NativeSize).Append(FpsCollectionSize).Distinct().Order();

    /// <summary>
    /// The cases worth measuring: native size with N = 2 and 8, and 256x256 with N = 8. (GCoNet+ is native at 256, so
    /// its N = 8 case serves both protocols.)
    /// </summary>
    public static bool IsMeasured(ModelChoice model, int size, int group) =>
        size == model.NativeSize || (size == FpsCollectionSize && group == FpsCollectionGroup);

    /// <summary>The protocol(s) a case follows; null for a case without model parameters.</summary>
    public static string? ProtocolOf(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        if (benchmarkCase.Parameters[nameof(Model)] is not ModelChoice model
            || benchmarkCase.Parameters[nameof(Size)] is not int size
            || benchmarkCase.Parameters[nameof(Group)] is not int group)
        {
            return null;
        }

        var native = size == model.NativeSize;
        var fps = size == FpsCollectionSize && group == FpsCollectionGroup;
        return native && fps ? "native, fps" : native ? "native" : "fps";
    }

    [GlobalSetup]
    public void Setup()
    {
        _device = BenchEnvironment.ResolveDevice();
        _threadsBefore = get_num_threads();
        set_num_threads(BenchEnvironment.Threads);
        _needsAutograd = Model.NeedsAutograd;
        _network = Model.Create();
        ModelSizes.Remember(Model, ModelSize.Of(_network));
        _network.MoveTo(_device);
        using var generator = new Generator(InputSeed);
        using var input = randn(new long[] { Group, 3, Size, Size }, generator: generator);
        _input = input.to(_device);
        ComputeDevice.Synchronize(_device);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _input?.Dispose();
        _input = null;
        _network?.Dispose();
        _network = null;
        set_num_threads(_threadsBefore);
    }

    /// <summary>One group through the network; returns the mean of its maps, read after the device has finished.</summary>
    [Benchmark]
    public double PredictGroup()
    {
        var network = _network ?? throw new InvalidOperationException("GlobalSetup has not run.");
        using var mode = _needsAutograd ? no_grad() : inference_mode();
        using var maps = network.PredictGroup(_input!);
        ComputeDevice.Synchronize(_device);
        using var mean = maps.mean();
        return mean.item<float>();
    }
}

/// <summary>The model benchmarks' columns, and the filter that keeps only <see cref="ModelLatency.IsMeasured"/> cases.</summary>
public sealed class ModelLatencyConfig : ManualConfig
{
    public ModelLatencyConfig()
    {
        AddColumn(
            ModelColumns.Protocol,
            ModelColumns.ImagesPerSecond,
            ModelColumns.Parameters,
            ModelColumns.ParameterMebibytes,
            ModelColumns.Device,
            ModelColumns.Threads);
        AddFilter(new SimpleFilter(IsMeasured));
    }

    private static bool IsMeasured(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type != typeof(ModelLatency)
        || (benchmarkCase.Parameters[nameof(ModelLatency.Model)] is ModelChoice model
            && benchmarkCase.Parameters[nameof(ModelLatency.Size)] is int size
            && benchmarkCase.Parameters[nameof(ModelLatency.Group)] is int group
            && ModelLatency.IsMeasured(model, size, group));
}
