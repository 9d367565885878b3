using CoSod.Cli;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Scale;

/// <summary>
/// Memory stays flat in the number of images: the 2,015 real CoSal2015 maps (one of them 6 MP) are evaluated in a child
/// process whose GC heap is capped at 256 MB, with per-image values, and the output is byte-identical to an uncapped
/// run. Before per-pair work stopped pooling image-sized buffers this run peaked at 1.5 GB and died under the cap.
/// </summary>
public sealed class FlatMemoryTests : IClassFixture<RealMapsDataset>
{
    /// <summary>The heap cap of issue 15's acceptance test.</summary>
    private const string HeapLimit = "0x10000000";

    private readonly RealMapsDataset _data;
    private readonly ITestOutputHelper _output;

    public FlatMemoryTests(RealMapsDataset data, ITestOutputHelper output)
    {
        _data = data;
        _output = output;
    }

    [SharedFact]
    public Task The_2015_real_maps_evaluate_under_a_256_MB_heap_to_the_same_bytes() => CappedEqualsFree("default", []);

    /// <summary>
    /// Every PySODMetrics family (ccm is left out with a note: no photos): the extended families keep more per image
    /// (the size-invariant handlers' per-target values among them), and still nothing of image size.
    /// </summary>
    [SharedFact]
    public Task Every_metric_of_the_2015_real_maps_evaluates_under_a_256_MB_heap_to_the_same_bytes() =>
        CappedEqualsFree("all", ["--metrics", "all"]);

    private async Task CappedEqualsFree(string name, string[] extra)
    {
        Assert.Equal(2015, _data.Count);
        string[] Args(string folder) =>
            ["eval", "--gt", _data.GroundTruth, "--pred", _data.Predictions, "--out", _data.PathOf(folder), "--per-image", "--threads", "1", .. extra];

        var capped = await CosodProcess.RunAsync(Args($"{name}-capped"), new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit });
        var free = await CosodProcess.RunAsync(Args($"{name}-free"));

        _output.WriteLine($"{name}: peak resident memory {capped.PeakBytes >> 20} MB capped, {free.PeakBytes >> 20} MB uncapped");
        Assert.True(capped.ExitCode == ExitCodes.Ok, capped.Error);
        Assert.True(free.ExitCode == ExitCodes.Ok, free.Error);
        Assert.Contains("Scored 2015 of 2015 expected images.", capped.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(_data.PathOf($"{name}-free/metrics.json")), File.ReadAllBytes(_data.PathOf($"{name}-capped/metrics.json")));
    }
}
