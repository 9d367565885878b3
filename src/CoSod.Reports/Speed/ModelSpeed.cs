namespace CoSod.Reports.Speed;

/// <summary>One measured model case: a network, a protocol and a group size, with its speed and size.</summary>
/// <param name="Label">What the chart and tables call it, e.g. "GCoNet+" or "GCoNet+ (official)".</param>
/// <param name="Method">The method name its accuracy is found under in a metrics.json ("GCoNet+" for both GCoNet+ rows).</param>
/// <param name="Protocol">"native", "fps" or "native, fps" (GCoNet+ at 256 with N = 8 follows both).</param>
/// <param name="ImageSize">The square input side S.</param>
/// <param name="GroupSize">Images per group, N.</param>
/// <param name="MillisecondsPerGroup">Mean time of one forward pass over the group.</param>
/// <param name="ImagesPerSecond">N / mean time.</param>
/// <param name="Parameters">Learnable parameters of every checkpoint file the network loads.</param>
/// <param name="ParameterMebibytes">fp32 size of parameters and buffers, in MiB (the papers' MB).</param>
public sealed record ModelSpeed(
    string Label,
    string Method,
    string Protocol,
    int ImageSize,
    int GroupSize,
    double MillisecondsPerGroup,
    double ImagesPerSecond,
    long Parameters,
    double ParameterMebibytes)
{
    /// <summary>The protocol name of the model's own input size.</summary>
    public const string NativeProtocol = "native";

    /// <summary>The protocol name of CoSOD_fps_collection's 256x256, batch 8.</summary>
    public const string FpsProtocol = "fps";

    /// <summary>True when the row follows <paramref name="protocol"/> (a row may follow several, comma-separated).</summary>
    public bool Follows(string protocol) =>
        Protocol.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Contains(protocol, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A benchmark run's model rows and where they were measured (model-speed.json, written by run-bench.ps1).</summary>
/// <param name="Device">"cpu" or "cuda".</param>
/// <param name="DeviceName">The CPU or GPU model, as the run recorded it.</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="Machine">The machine's name.</param>
/// <param name="Date">The UTC date of the run (yyyy-MM-dd).</param>
/// <param name="Models">One row per measured case.</param>
public sealed record ModelSpeedRun(
    string Device, string DeviceName, int Threads, string Machine, string Date, IReadOnlyList<ModelSpeed> Models);
