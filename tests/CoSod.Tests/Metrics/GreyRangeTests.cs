using CoSod.Metrics.PySod;

namespace CoSod.Tests.Metrics;

/// <summary>
/// The grey-level range behind PySODMetrics' min-max normalisation, taken 32 pixels at a time: equal to a plain scan on
/// every length that reaches the vector loop, its tail and neither, with the extremes anywhere.
/// </summary>
public sealed class GreyRangeTests
{
    [Fact]
    public void The_vector_scan_finds_the_plain_scans_minimum_and_maximum()
    {
        var random = new Random(5);
        for (var length = 0; length <= 200; length++)
        {
            for (var trial = 0; trial < 4; trial++)
            {
                var pixels = new byte[length];
                var low = random.Next(256);
                var high = Math.Max(low, random.Next(256));
                for (var i = 0; i < length; i++)
                {
                    pixels[i] = (byte)random.Next(low, high + 1);
                }

                byte min = 255, max = 0;
                foreach (var p in pixels)
                {
                    min = Math.Min(min, p);
                    max = Math.Max(max, p);
                }

                Assert.Equal((min, max), PySodMetrics.Range(pixels));
            }
        }
    }
}
