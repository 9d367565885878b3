using CoSod.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Models.Inference;

/// <summary>
/// The official test scripts' post-processing (models-spec.md 0.3): the S×S map is resized back to the image's size
/// with bilinear <c>align_corners=True</c> in float32 (<see cref="TorchBilinearResize"/>), then <c>ToPILImage</c>
/// turns it into 8-bit grey with <c>(x * 255).byte()</c>, which truncates. No sigmoid: every map is already a
/// probability.
/// </summary>
/// <remarks>
/// Near 1.0 the truncation turns the last bit of the resize into a whole grey level: recomputed in double, 3,026 of
/// 120,000 pixels of the GCoNet+ parity case flip between 254 and 255, and with libtorch 2.10's own kernel 1,700 do.
/// </remarks>
public static class SaliencyMapOutput
{
    /// <summary>One image's map, <c>[1, S, S]</c> or <c>[1, 1, S, S]</c> float32 on any device, as an 8-bit map of the given size.</summary>
    public static GreyMap ToGreyMap(Tensor map, int height, int width)
    {
        var shape = map.shape;
        if (map.dtype != ScalarType.Float32 || shape.Length is < 3 or > 4 || shape[..^2].Any(d => d != 1))
        {
            throw new ArgumentException($"Expected one float32 map [1, S, S] or [1, 1, S, S], got {map.dtype} [{string.Join(", ", shape)}].", nameof(map));
        }

        using var values = map.detach().cpu().contiguous();
        return ToGreyMap(values.data<float>().ToArray(), (int)shape[^2], (int)shape[^1], height, width);
    }

    /// <summary>A row-major float32 map in [0, 1] as an 8-bit map of the given size.</summary>
    public static GreyMap ToGreyMap(ReadOnlySpan<float> map, int mapHeight, int mapWidth, int height, int width)
    {
        var resized = TorchBilinearResize.Resize(map, mapHeight, mapWidth, height, width);
        var pixels = new byte[resized.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            // float32 multiply, then a C cast (truncation), as (x * 255).byte() does.
            pixels[i] = (byte)(resized[i] * 255f);
        }

        return new GreyMap(width, height, pixels);
    }
}
