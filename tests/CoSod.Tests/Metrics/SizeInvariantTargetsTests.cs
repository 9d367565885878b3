using CoSod.Metrics.PySod.SizeInvariance;

namespace CoSod.Tests.Metrics;

/// <summary>
/// The size-invariant targets as PySODMetrics 1.6.2 finds them: 4-connected components, 50 pixels or more, the largest
/// ones when none is that large, and the cases where it raises.
/// </summary>
public sealed class SizeInvariantTargetsTests
{
    [Fact]
    public void Squares_touching_only_at_a_corner_are_two_components_and_both_largest_become_targets()
    {
        var mask = new Mask(30, 30);
        mask.Fill(2, 2, 7, 7);
        mask.Fill(9, 9, 7, 7);
        mask.Fill(20, 20, 3, 3);

        var targets = SizeInvariantTargets.Of(mask.Pixels, 30, 30);

        Assert.Equal(SizeInvariantStatus.Defined, targets.Status);
        Assert.Equal([new Component(49, 2, 2, 8, 8), new Component(49, 9, 9, 15, 15)], targets.Targets);
        Assert.Equal(900 - (49 * 2), targets.OutsideCount);
    }

    [Fact]
    public void Fifty_pixels_make_a_target_and_smaller_components_then_belong_to_the_background()
    {
        var mask = new Mask(40, 20);
        mask.Fill(1, 1, 5, 10);
        mask.Fill(20, 10, 7, 7);

        var targets = SizeInvariantTargets.Of(mask.Pixels, 40, 20);

        Assert.Equal([new Component(50, 1, 1, 10, 5)], targets.Targets);
        Assert.Equal(50, targets.Mask(0).Area());
    }

    [Fact]
    public void Components_are_numbered_in_raster_order_of_their_first_pixel()
    {
        var mask = new Mask(20, 20);
        mask.Fill(10, 0, 8, 5);   // first pixel at row 0, column 10 (higher on the page, further right)
        mask.Fill(0, 3, 8, 8);    // first pixel at row 3
        var components = ConnectedComponents.Of(mask.Pixels, 20, 20);

        Assert.Equal([0, 3], components.Select(c => c.Top));
    }

    [Fact]
    public void An_empty_ground_truth_has_no_target_and_a_full_one_no_background()
    {
        Assert.Equal(0, SizeInvariantTargets.Of(new byte[12], 4, 3).Count);
        Assert.Equal(SizeInvariantStatus.Defined, SizeInvariantTargets.Of(new byte[12], 4, 3).Status);
        Assert.Equal(SizeInvariantStatus.NoBackground, SizeInvariantTargets.Of(Enumerable.Repeat((byte)1, 12).ToArray(), 4, 3).Status);
    }

    [Fact]
    public void Sixty_four_targets_are_more_than_PySODMetrics_encodes()
    {
        var mask = new Mask(8 * 9, 8 * 9);
        for (var k = 0; k < 64; k++)
        {
            mask.Fill((k % 8) * 9, (k / 8) * 9, 8, 8);
        }

        Assert.Equal(SizeInvariantStatus.TooManyTargets, SizeInvariantTargets.Of(mask.Pixels, 72, 72).Status);
        mask.Clear((7 * 9) + 2, (7 * 9) + 2, 6, 6);
        Assert.Equal(SizeInvariantStatus.Defined, SizeInvariantTargets.Of(mask.Pixels, 72, 72).Status);
    }

    [Fact]
    public void Past_53_nested_targets_the_float64_bit_fields_decide_the_masks_as_in_PySODMetrics()
    {
        // 55 nested corner shapes: where all 55 boxes overlap, 2^55 - 1 rounds to 2^55 in float64, a bit no target owns;
        // where boxes 1..54 overlap, 2^54 - 1 rounds to 2^54, target 55's bit: target 54 keeps no pixel at all.
        const int Size = 170;
        var mask = new Mask(Size, Size);
        for (var k = 0; k < 55; k++)
        {
            var a = 4 + (2 * k);
            mask.Fill(a, a, 1, Size - 3 - a);
            mask.Fill(a, a, Size - 3 - a, 1);
        }

        var targets = SizeInvariantTargets.Of(mask.Pixels, Size, Size);

        Assert.Equal(55, targets.Count);
        Assert.Equal(0, targets.Mask(53).Area());
        var box = targets.Targets[0];
        Assert.True(targets.Mask(0).Area() < (long)(box.Bottom - box.Top + 1) * (box.Right - box.Left + 1), "target 1 loses its rounded pixels");
        Assert.True(targets.Mask(54).Contains(Size - 4, 4 + (2 * 53), ((Size - 4) * Size) + 4 + (2 * 53)), "target 55 gains pixels outside its box");
    }

    private sealed class Mask(int width, int height)
    {
        public byte[] Pixels { get; } = new byte[width * height];

        public void Fill(int left, int top, int w, int h) => Set(left, top, w, h, 1);

        public void Clear(int left, int top, int w, int h) => Set(left, top, w, h, 0);

        private void Set(int left, int top, int w, int h, byte value)
        {
            for (var y = top; y < top + h; y++)
            {
                Pixels.AsSpan((y * width) + left, w).Fill(value);
            }
        }
    }
}
