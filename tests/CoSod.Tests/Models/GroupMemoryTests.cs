using System.Diagnostics;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Models;

/// <summary>
/// A 64-image GCoNet+ group at 256×256 on the CPU stays within 8 GB peak resident memory. Measured on a separate
/// <c>cosod predict</c> process of the model package (the test host holds other networks), from its kernel
/// high-water mark.
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

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            typeof(CoSod.Cli.Models.TorchModelSupport).Assembly.Location, "predict", "--model", "gconet-plus", "--weights", _data.Weights,
            "--images", tree.PathOf("images"), "--out", tree.PathOf("out"), "--threads", "2",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(100))
        {
            // VmHWM only grows, so the last reading before the exit is the peak (the process is exiting after that).
            peak = Math.Max(peak, HighWaterMark(process.Id));
        }

        await output;
        _output.WriteLine($"peak resident memory of cosod predict: {peak / (1 << 20)} MB");
        Assert.True(process.ExitCode == ExitCodes.Ok, await error);
        Assert.Equal(64, Directory.GetFiles(tree.PathOf("out/Big/group"), "*.png").Length);
        Assert.True(peak > 256L << 20, $"implausible peak reading {peak} bytes: the measurement is broken");
        Assert.True(peak <= Budget, $"peak resident memory {peak / (1 << 20)} MB exceeds {Budget / (1 << 20)} MB");
    }

    /// <summary>The process' peak resident set in bytes (VmHWM of /proc/pid/status), or 0 once it has gone.</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
