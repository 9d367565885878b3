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
                        "--device cuda: CUDA is not available. This build runs libtorch on the CPU (the default); build "
                        + "with -p:TorchBackend=cuda on a machine whose NuGet feed serves TorchSharp-cuda-linux and that has "
                        + "an NVIDIA driver (see README, Models), or use --device cpu.");
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
