using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CoSod.Benchmarks;

/// <summary>
/// The summary columns of the model and pre-processing benchmarks. Numbers are written with the invariant culture,
/// so run-bench.ps1 can read them back from the CSV export.
/// </summary>
public static class ModelColumns
{
    /// <summary>Images per second: images per operation / mean time per operation.</summary>
    public static CaseColumn ImagesPerSecond { get; } = new(
        "Images/s",
        "Images per second: N / Mean for a group of N (ModelLatency), 1 s / Mean per image (pre-processing); FPS in the papers' sense",
        isNumeric: true,
        priority: 0,
        (summary, c) => ImagesPerSecondOf(summary, c)?.ToString("#,##0.00", CultureInfo.InvariantCulture));

    /// <summary>Which speed protocol a model case follows.</summary>
    public static CaseColumn Protocol { get; } = new(
        "Protocol",
        "native: the model's own input size (224 or 256); fps: CoSOD_fps_collection's 256x256, batch 8 (both for GCoNet+ at 256, N=8)",
        isNumeric: false,
        priority: 1,
        (_, c) => ModelLatency.ProtocolOf(c));

    public static CaseColumn Parameters { get; } = new(
        "Params",
        "Learnable parameters of every checkpoint file the network loads (dead and training-only branches included)",
        isNumeric: true,
        priority: 2,
        (_, c) => Model(c) is { } model ? ModelSizes.Of(model).Parameters.ToString("#,##0", CultureInfo.InvariantCulture) : null);

    public static CaseColumn ParameterMebibytes { get; } = new(
        "Param MB",
        "fp32 size of those parameters and buffers: 4 bytes x elements / 2^20 (the papers' MB)",
        isNumeric: true,
        priority: 3,
        (_, c) => Model(c) is { } model ? ModelSizes.Of(model).Mebibytes.ToString("0.00", CultureInfo.InvariantCulture) : null);

    public static CaseColumn Device { get; } = new(
        "Device",
        $"Where libtorch ran the case ({BenchEnvironment.DeviceVariable}; run-bench.ps1 -Device)",
        isNumeric: false,
        priority: 4,
        (_, _) => BenchEnvironment.DeviceName);

    public static CaseColumn Threads { get; } = new(
        "Threads",
        $"libtorch intra-op threads, torch.set_num_threads ({BenchEnvironment.ThreadsVariable}; default: every core)",
        isNumeric: true,
        priority: 5,
        (_, _) => BenchEnvironment.Threads.ToString(CultureInfo.InvariantCulture));

    /// <summary>Null when the case has no statistics (failed, or filtered out).</summary>
    public static double? ImagesPerSecondOf(Summary summary, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var images = benchmarkCase.Parameters[nameof(ModelLatency.Group)] is int group ? group : 1;
        return nanoseconds is > 0 ? images * 1e9 / nanoseconds.Value : null;
    }

    private static ModelChoice? Model(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters[nameof(ModelLatency.Model)] as ModelChoice;
}
