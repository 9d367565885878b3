using CoSod.Models.Networks;

namespace CoSod.Models.Inference;

/// <summary>
/// How big a network's checkpoint files are in elements: every parameter and every buffer (BatchNorm running
/// statistics and step counters) of its <see cref="ISaliencyNetwork.WeightParts"/>, dead and training-only ones
/// included, because the papers' "MB" columns count what the released files hold.
/// </summary>
/// <param name="Parameters">Learnable elements (what papers call the parameter count).</param>
/// <param name="BufferElements">Elements of the registered buffers (0 for networks without BatchNorm).</param>
public sealed record ModelSize(long Parameters, long BufferElements)
{
    /// <summary>Bytes per element in fp32: the papers' MB figures count every element at this width.</summary>
    public const int BytesPerElement = sizeof(float);

    /// <summary>The papers' "MB" are binary mebibytes: 2^20 bytes.</summary>
    public const double BytesPerMebibyte = 1 << 20;

    /// <summary>Parameters plus buffer elements.</summary>
    public long Elements => Parameters + BufferElements;

    /// <summary>fp32 size of the parameters alone, in MiB (GCoNet+: 70.25).</summary>
    public double ParameterMebibytes => Parameters * BytesPerElement / BytesPerMebibyte;

    /// <summary>
    /// fp32 size of parameters and buffers, in MiB: the figure the papers report (GCoNet+: 70.29, its "70.3 MB";
    /// GCoNet and GICD have no buffers). Every buffer element counts 4 bytes, although BatchNorm's step counter
    /// is an int64: that is how the published figure was computed.
    /// </summary>
    public double Mebibytes => Elements * BytesPerElement / BytesPerMebibyte;

    /// <summary>Counts the elements of every parameter and buffer of <paramref name="network"/>'s weight parts.</summary>
    public static ModelSize Of(ISaliencyNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        long parameters = 0, buffers = 0;
        foreach (var part in network.WeightParts)
        {
            foreach (var parameter in part.Module.parameters())
            {
                parameters += parameter.numel();
            }

            foreach (var buffer in part.Module.buffers())
            {
                buffers += buffer.numel();
            }
        }

        return new ModelSize(parameters, buffers);
    }
}
