using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Models.Inference;

/// <summary>Where a network runs: <c>cpu</c> everywhere, <c>cuda</c> in a build whose libtorch has CUDA.</summary>
public static class ComputeDevice
{
    public static IReadOnlyList<string> Names { get; } = ["cpu", "cuda"];

    /// <summary>
    /// The device for <paramref name="name"/>. CUDA also turns TF32 off for matrix products and convolutions:
    /// libtorch enables it for cuDNN convolutions on Ampere and newer, which moves maps by ~1e-3 and flips the DB head
    /// of GCoNet+ (model-parity README section 4).
    /// </summary>
    /// <exception cref="ModelSetupException">The name is unknown, or CUDA is asked for and not available.</exception>
    public static Device Resolve(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "cpu":
                return CPU;
            case "cuda":
                if (!cuda.is_available())
                {
                    throw new ModelSetupException(
                        "--device cuda: CUDA is not available. This libtorch runs on the CPU (the bundled one does); point "
                        + $"{LibTorchRuntime.DirectoryVariable} at a CUDA libtorch {LibTorchRuntime.RequiredRelease} (the lib/ of a pip torch "
                        + $"{LibTorchRuntime.RequiredRelease} with CUDA) in a build without the bundled one, or build with -p:TorchBackend=cuda "
                        + "where the NuGet feed serves TorchSharp-cuda-linux; either needs an NVIDIA GPU and driver (README, Models). "
                        + "Or use --device cpu.");
                }

                backends.cuda.matmul.allow_tf32 = false;
                backends.cudnn.allow_tf32 = false;
                return CUDA;
            default:
                throw new ModelSetupException($"--device {name}: unknown device; use one of {string.Join(", ", Names)}.");
        }
    }

    /// <summary>Waits for queued device work, so a timing or a memory reading covers it (a no-op on the CPU).</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }
}
