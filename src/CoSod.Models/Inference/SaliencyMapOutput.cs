using CoSod.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Models.Inference;

/// <summary>
/// The official test scripts' post-processing (models-spec.md 0.3): the S×S map is resized back to the image's size
/// with bilinear <c>align_corners=True</c> in float32, then <c>ToPILImage</c> turns it into 8-bit grey with
/// <c>(x * 255).byte()</c>, which truncates. No sigmoid: every map is already a probability.
/// </summary>
/// <remarks>
/// The resize must be libtorch's float32 <c>interpolate</c>: recomputed in double, 3,026 of 120,000 pixels of the
/// GCoNet+ parity case flip between 254 and 255 (model-parity README section 4).
/// </remarks>
public static class SaliencyMapOutput
{
    /// <summary>One image's map, <c>[1, S, S]</c> or <c>[1, 1, S, S]</c> float32 on any device, as an 8-bit map of the given size.</summary>
    public static GreyMap ToGreyMap(Tensor map, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        using var scope = NewDisposeScope();
        var batched = map.dim() == 3 ? map.unsqueeze(0) : map;
        if (batched.dim() != 4 || batched.shape[0] != 1 || batched.shape[1] != 1)
        {
            throw new ArgumentException($"Expected one map [1, S, S] or [1, 1, S, S], got [{string.Join(", ", map.shape)}].", nameof(map));
        }

        var resized = batched.shape[2] == height && batched.shape[3] == width
            ? batched
            : nn.functional.interpolate(batched, new long[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: true);
        var bytes = resized.mul(255).to_type(ScalarType.Byte).cpu().contiguous();
        return new GreyMap(width, height, bytes.data<byte>().ToArray());
    }
}
