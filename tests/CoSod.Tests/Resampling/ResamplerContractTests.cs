using CoSod.Data.Resampling;
using CoSod.Metrics;

namespace CoSod.Tests.Resampling;

/// <summary>
/// The contract every resampler shares, whatever its arithmetic: a copy at the same size, a plan cache that is
/// safe under concurrent use, and arguments refused with both sizes in the message.
/// </summary>
public sealed class ResamplerContractTests
{
    private delegate void SpanResize(ReadOnlySpan<byte> source, int sw, int sh, Span<byte> destination, int dw, int dh);

    private static readonly Dictionary<string, (SpanResize Spans, Func<GreyMap, int, int, GreyMap> Map)> Resamplers = new()
    {
        ["opencv-linear"] = (OpenCvLinearResize.Resize, OpenCvLinearResize.Resize),
        ["pil-bilinear"] = (PilBilinearResize.Resize, PilBilinearResize.Resize),
        ["octave-bicubic"] = (OctaveBicubicResize.Resize, OctaveBicubicResize.Resize),
    };

    public static TheoryData<string> Names() => new(Resamplers.Keys);

    public static TheoryData<string, int, int, int, int> NonPositiveSizes()
    {
        var data = new TheoryData<string, int, int, int, int>();
        foreach (var name in Resamplers.Keys)
        {
            data.Add(name, 0, 5, 3, 3);
            data.Add(name, 5, -1, 3, 3);
            data.Add(name, 5, 5, 0, 3);
            data.Add(name, 5, 5, 3, -2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Same_size_returns_an_equal_copy(string name)
    {
        var source = new GreyMap(7, 5, ResizeOracle.RandomPixels(35, seed: 7));

        var result = Resamplers[name].Map(source, 7, 5);

        Assert.NotSame(source.Pixels, result.Pixels);
        Assert.Equal(source.Pixels, result.Pixels);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Concurrent_calls_agree_with_sequential_ones(string name)
    {
        // The plan cache is shared: many threads asking for the same and different sizes at once must see
        // complete plans.
        var resize = Resamplers[name].Spans;
        var sizes = new (int Sw, int Sh, int Dw, int Dh)[]
        {
            (97, 89, 31, 37), (31, 37, 97, 89), (16, 16, 8, 8), (24, 24, 25, 17), (24, 17, 7, 17), (17, 24, 17, 5),
        };
        var sources = sizes.Select((s, i) => ResizeOracle.RandomPixels(s.Sw * s.Sh, seed: 100 + i)).ToArray();
        var sequential = sizes.Select((s, i) =>
        {
            var output = new byte[s.Dw * s.Dh];
            resize(sources[i], s.Sw, s.Sh, output, s.Dw, s.Dh);
            return output;
        }).ToArray();

        var parallel = new byte[96][];
        Parallel.For(0, parallel.Length, j =>
        {
            var s = sizes[j % sizes.Length];
            var output = new byte[s.Dw * s.Dh];
            resize(sources[j % sizes.Length], s.Sw, s.Sh, output, s.Dw, s.Dh);
            parallel[j] = output;
        });

        for (var j = 0; j < parallel.Length; j++)
        {
            Assert.Equal(sequential[j % sizes.Length], parallel[j]);
        }
    }

    [Theory]
    [MemberData(nameof(NonPositiveSizes))]
    public void Rejects_non_positive_sizes_naming_them(string name, int sourceWidth, int sourceHeight, int destinationWidth, int destinationHeight)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Resamplers[name].Spans(
            new byte[25], sourceWidth, sourceHeight, new byte[9], destinationWidth, destinationHeight));

        Assert.Contains($"{sourceWidth}x{sourceHeight}", error.Message);
        Assert.Contains($"{destinationWidth}x{destinationHeight}", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Rejects_a_source_span_of_the_wrong_length(string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Resamplers[name].Spans(new byte[24], 5, 5, new byte[9], 3, 3));

        Assert.Contains("5x5", error.Message);
        Assert.Contains("24", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Rejects_a_destination_span_of_the_wrong_length(string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Resamplers[name].Spans(new byte[25], 5, 5, new byte[10], 3, 3));

        Assert.Contains("3x3", error.Message);
        Assert.Contains("10", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Rejects_a_null_map_and_a_non_positive_target(string name)
    {
        var map = Resamplers[name].Map;
        Assert.Throws<ArgumentNullException>(() => map(null!, 3, 3));

        var width = Assert.ThrowsAny<ArgumentException>(() => map(new GreyMap(2, 2, new byte[4]), 0, 3));
        Assert.Contains("0x3", width.Message);
        var height = Assert.ThrowsAny<ArgumentException>(() => map(new GreyMap(2, 2, new byte[4]), 3, -1));
        Assert.Contains("3x-1", height.Message);
    }
}
