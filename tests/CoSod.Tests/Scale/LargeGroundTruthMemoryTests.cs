using CoSod.Cli;
using CoSod.Data.Imaging;
using CoSod.Metrics;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Scale;

/// <summary>
/// A ground truth at the 100 MP limit (a 120 KB PNG with one round object) against a small map that is resized up to
/// it: every profile stays under the fuzz suite's 1.5 GB per case. Before the metrics stopped pooling and copying
/// image-sized buffers this pair took 1.9 GB under pysodmetrics and 2.3 to 2.8 GB under cosod-matlab.
/// </summary>
public sealed class LargeGroundTruthMemoryTests : IClassFixture<LargeGroundTruthMemoryTests.Data>
{
    private const long Budget = 1536L << 20;

    private readonly Data _data;
    private readonly ITestOutputHelper _output;

    public LargeGroundTruthMemoryTests(Data data, ITestOutputHelper output)
    {
        _data = data;
        _output = output;
    }

    [Theory]
    [InlineData("pysodmetrics")]
    [InlineData("cosod-matlab")]
    [InlineData("eval-co-sod")]
    public async Task A_100_megapixel_ground_truth_stays_under_one_and_a_half_gigabytes(string profile)
    {
        var run = await CosodProcess.RunAsync(
            ["eval", "--gt", _data.Tree.PathOf("gt"), "--pred", _data.Tree.PathOf("pred"), "--out", _data.Tree.PathOf("out-" + profile),
             "--profile", profile, "--threads", "1"]);

        _output.WriteLine($"{profile}: peak resident memory {run.PeakBytes >> 20} MB");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("Scored 1 of 1 expected images.", run.Output, StringComparison.Ordinal);
        Assert.True(run.PeakBytes > 100L << 20, $"implausible peak reading {run.PeakBytes} bytes: the measurement is broken");
        Assert.True(run.PeakBytes <= Budget, $"{profile}: peak resident memory {run.PeakBytes >> 20} MB exceeds {Budget >> 20} MB");
    }

    /// <summary>The 10000x10000 mask (a disc of radius 2000) and a 300x300 map of a smaller disc.</summary>
    public sealed class Data : IDisposable
    {
        public Data()
        {
            GreyPngWriter.Write(Disc(10_000, 2_000, 255), Tree.PathOf("gt/DS/g/a.png"));
            GreyPngWriter.Write(Disc(300, 60, 200), Tree.PathOf("pred/M/DS/g/a.png"));
        }

        public TempTree Tree { get; } = new();

        public void Dispose() => Tree.Dispose();

        private static GreyMap Disc(int size, int radius, byte value)
        {
            var pixels = new byte[size * size];
            var centre = size / 2;
            for (var y = centre - radius; y <= centre + radius; y++)
            {
                var half = (int)Math.Sqrt(((long)radius * radius) - ((long)(y - centre) * (y - centre)));
                pixels.AsSpan((y * size) + centre - half, (2 * half) + 1).Fill(value);
            }

            return new GreyMap(size, size, pixels);
        }
    }
}
