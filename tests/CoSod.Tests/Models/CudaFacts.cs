namespace CoSod.Tests.Models;

/// <summary>Whether libtorch in this test process sees a CUDA device (an NVIDIA GPU and a CUDA build of libtorch).</summary>
internal static class CudaAvailability
{
    private static readonly Lazy<string?> Absence = new(() =>
    {
        try
        {
            return TorchSharp.torch.cuda.is_available()
                ? null
                : "CUDA is not available here (no NVIDIA GPU, or libtorch is the CPU build); skipped";
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            return $"libtorch did not load ({e.Message}); skipped";
        }
    });

    /// <summary>Null when CUDA is available; otherwise why not.</summary>
    public static string? WhyNot => Absence.Value;
}

/// <summary>A test that needs CUDA: skipped visibly where there is none (this project's CI machines have no GPU).</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        Skip = CudaAvailability.WhyNot;
    }
}

/// <summary>A theory that needs CUDA and ../shared.</summary>
public sealed class CudaSharedTheoryAttribute : Infrastructure.SharedTheoryAttribute
{
    public CudaSharedTheoryAttribute()
    {
        Skip ??= CudaAvailability.WhyNot;
    }
}

/// <summary>A test of what happens without CUDA: skipped visibly where CUDA is available.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        Skip = CudaAvailability.WhyNot is null ? "CUDA is available here, so the CPU-only refusal cannot be seen; skipped" : null;
    }
}
