using CoSod.Cli;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Models;

/// <summary>
/// A 64-image GCoNet+ group at 256×256 on the CPU stays within 8 GB peak resident memory. Measured on a separate
/// <c>cosod predict</c> process (the test host holds other networks), from its kernel high-water mark.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class GroupMemoryTests : IClassFixture<ModelRunData>
{
    private const long Budget = 8L << 30;
    private readonly ModelRunData _data;
    private readonly ITestOutputHelper _output;

    public GroupMemoryTests(ModelRunData data, ITestOutputHelper output)
    {
        _data = data;
        _output = output;
    }

    [Fact]
    public async Task A_64_image_group_at_256_stays_within_8_GB_peak_resident_memory()
    {
        using var tree = new TempTree();
        var source = _data.Images.Select(i => i.Path).ToList();
        for (var i = 0; i < 64; i++)
        {
            // The same few images under 64 names: memory depends on the group size, not on the content.
            var image = source[i % source.Count];
            var target = tree.PathOf($"images/Big/group/img{i:D2}{Path.GetExtension(image)}");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(image, target);
        }

        var run = await CosodProcess.RunAsync(
        [
            "predict", "--model", "gconet-plus", "--weights", _data.Weights,
            "--images", tree.PathOf("images"), "--out", tree.PathOf("out"), "--threads", "2",
        ], withModels: true);
        var peak = run.PeakBytes;
        _output.WriteLine($"peak resident memory of cosod predict: {peak / (1 << 20)} MB");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal(64, Directory.GetFiles(tree.PathOf("out/Big/group"), "*.png").Length);
        Assert.True(peak > 256L << 20, $"implausible peak reading {peak} bytes: the measurement is broken");
        Assert.True(peak <= Budget, $"peak resident memory {peak / (1 << 20)} MB exceeds {Budget / (1 << 20)} MB");
    }
}
