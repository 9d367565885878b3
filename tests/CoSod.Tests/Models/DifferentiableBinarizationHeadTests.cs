using CoSod.Models.Layers;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>GCoNet+'s DB step: k = 300 unless any element of the batch overflows, then k = 50 for the whole batch.</summary>
[Collection(TorchCollection.Name)]
public sealed class DifferentiableBinarizationHeadTests
{
    // exp(300 · 0.2957) is the first float32 overflow: ln(float.MaxValue) = 88.7228.
    private const float Overflowing = -0.3f;
    private const float Safe = -0.29f;

    [Fact]
    public void One_overflowing_pixel_in_one_image_switches_the_whole_batch_to_k_50()
    {
        using var shrink = full(new long[] { 2, 1, 4, 4 }, 0.5f);
        using var threshold = full(new long[] { 2, 1, 4, 4 }, 0.4f);
        threshold[1, 0, 3, 3] = tensor(0.5f - Overflowing);

        using var result = DifferentiableBinarizationHead.Step(shrink, threshold, out var k);

        Assert.Equal(DifferentiableBinarizationHead.FallbackK, k);
        // Image 0 has no overflow of its own, yet follows k = 50: 1 / (1 + exp(-50 · 0.1)).
        var expected = 1.0 / (1.0 + Math.Exp(-50 * 0.1));
        Assert.Equal(expected, result[0, 0, 0, 0].item<float>(), 5);
        Assert.NotEqual(1.0 / (1.0 + Math.Exp(-300 * 0.1)), result[0, 0, 0, 0].item<float>(), 5);
        Assert.False(isinf(result).any().item<bool>());
        Assert.Equal(1.0 / (1.0 + Math.Exp(-50 * Overflowing)), result[1, 0, 3, 3].item<float>(), 5);
    }

    [Fact]
    public void Without_overflow_the_batch_keeps_k_300()
    {
        using var shrink = full(new long[] { 2, 1, 4, 4 }, 0.5f);
        using var threshold = full(new long[] { 2, 1, 4, 4 }, 0.5f - Safe);

        using var result = DifferentiableBinarizationHead.Step(shrink, threshold, out var k);

        Assert.Equal(DifferentiableBinarizationHead.SharpK, k);
        Assert.Equal(1.0 / (1.0 + Math.Exp(-300 * Safe)), result[0, 0, 0, 0].item<float>(), 9);
    }
}
