using System.Globalization;
using CoSod.Models.Inference;
using TorchSharp;

namespace CoSod.Benchmarks;

/// <summary>
/// Settings of the model benchmarks that come from the environment, because BenchmarkDotNet starts one process per
/// case and every process inherits it: run-bench.ps1 sets them from <c>-Device</c> and <c>-Threads</c>. The host
/// process reads the same variables for the Device and Threads columns, so the table says what the cases used.
/// </summary>
public static class BenchEnvironment
{
    /// <summary><c>cpu</c> (the default) or <c>cuda</c>; resolved by <see cref="ComputeDevice.Resolve"/>.</summary>
    public const string DeviceVariable = "COSOD_BENCH_DEVICE";

    /// <summary>libtorch's intra-op threads (<c>torch.set_num_threads</c>); the default is every logical core.</summary>
    public const string ThreadsVariable = "COSOD_BENCH_THREADS";

    public const string DefaultDevice = "cpu";

    /// <summary>The device name the model benchmarks run on.</summary>
    public static string DeviceName
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(DeviceVariable);
            return string.IsNullOrWhiteSpace(value) ? DefaultDevice : value.Trim().ToLowerInvariant();
        }
    }

    /// <summary>The intra-op thread count the model benchmarks set.</summary>
    /// <exception cref="InvalidOperationException">The variable is set but is not a positive integer.</exception>
    public static int Threads
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(ThreadsVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return Environment.ProcessorCount;
            }

            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads > 0
                ? threads
                : throw new InvalidOperationException($"{ThreadsVariable}={value}: expected a positive whole number of threads.");
        }
    }

    /// <summary>
    /// The device the model benchmarks run on.
    /// </summary>
    /// <exception cref="ModelSetupException">Unknown name, or <c>cuda</c> in a build or on a machine without CUDA.</exception>
    public static torch.Device ResolveDevice() => ComputeDevice.Resolve(DeviceName);
}
