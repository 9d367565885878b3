using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.Context;
using CoSod.Metrics.PySod.Shape;
using CoSod.Reports.Tables;

namespace CoSod.Tests.Metrics;

/// <summary>
/// What HCE and cm allocate per pair: only what the pair needs, nothing kept. cm never makes an image of doubles (its
/// sums are made a leaf at a time, its coverage a row at a time); HCE makes three window-sized byte masks and the
/// contour tracer's framed image. Also the direction the reports read HCE in.
/// </summary>
public sealed class ShapeContextMemoryTests
{
    private const int Width = 400;
    private const int Height = 300;

    [Fact]
    public void ContextMeasureAllocatesLessThanOneBytePerPixel()
    {
        var (truth, prediction) = Pair(PySodGroundTruthWork.ContextMeasure);
        var pair = new PySodPair(prediction, truth);
        ContextMeasure.Context(pair);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var value = ContextMeasure.Context(pair);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(value, 0.0, 1.0);
        Assert.True(allocated < Width * Height, $"cm allocated {allocated} bytes for {Width * Height} pixels");
    }

    [Fact]
    public void HceAllocatesAFewBytesPerPixelOfItsWindow()
    {
        var (truth, prediction) = Pair(PySodGroundTruthWork.Skeleton);
        var pair = new PySodPair(prediction, truth);
        HumanCorrectionEffort.Compute(pair);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var value = HumanCorrectionEffort.Compute(pair);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(value > 0);
        Assert.True(allocated < (5L * Width * Height) + 65536, $"HCE allocated {allocated} bytes for {Width * Height} pixels");
    }

    [Fact]
    public void ReportsReadHceAsLowerIsBetter()
    {
        Assert.True(MetricNames.LowerIsBetter("HCE"));
        Assert.Equal("↓", MetricNames.Arrow("HCE"));
        Assert.False(MetricNames.LowerIsBetter("cm"));
        Assert.False(MetricNames.LowerIsBetter("ccm"));
    }

    /// <summary>An elliptic object and a shifted, noisy soft prediction of it, with stray false positives.</summary>
    private static (PySodGroundTruth Truth, byte[] Prediction) Pair(PySodGroundTruthWork work)
    {
        var random = new Random(7);
        var groundTruth = new byte[Width * Height];
        var prediction = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var dx = (x - 190) / 90.0;
                var dy = (y - 150) / 60.0;
                groundTruth[(y * Width) + x] = (dx * dx) + (dy * dy) <= 1 ? (byte)255 : (byte)0;
                var sx = (x - 200) / 95.0;
                var sy = (y - 145) / 58.0;
                prediction[(y * Width) + x] = (byte)Math.Clamp(((sx * sx) + (sy * sy) <= 1 ? 200 : 20) + random.Next(-20, 40), 0, 255);
            }
        }

        // Two false positives in opposite corners: HCE's window is the whole image.
        prediction[(2 * Width) + 2] = 255;
        prediction[((Height - 3) * Width) + Width - 3] = 255;
        return (PySodGroundTruth.Create(groundTruth, Width, Height, work), prediction);
    }
}
