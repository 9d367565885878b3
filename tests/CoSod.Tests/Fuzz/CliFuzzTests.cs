using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CoSod.Cli;
using CoSod.Data.Imaging;
using CoSod.Fuzz;
using CoSod.Metrics;
using CoSod.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoSod.Tests.Fuzz;

/// <summary>
/// The issue-11 regression cases through the real command line, each in a child process with .NET's heap capped at
/// 1.5 GB (DOTNET_GCHeapHardLimit) and measured by GNU time: exit 0 where the profile's reference reads the file
/// (with a note under --accept-corrupt for corrupt data), exit 2 with one line naming the file where it refuses it or
/// the data is corrupt, never another exit code or a stack trace, within 20 s and 1.5 GB resident. The 16-bit RGBA
/// and 8-bit grey PNGs that hold 10000 x 10000 pixels in under a megabyte are among them.
/// </summary>
public sealed class CliFuzzTests(ITestOutputHelper output)
{
    private const long MemoryBudget = 1536L << 20;
    private const string TimeTool = "/usr/bin/time";

    public static TheoryData<string, string, bool> Runs()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var fuzzCase in FuzzCorpus.Cases.Where(c => c.Name.StartsWith("regression-", StringComparison.Ordinal)))
        {
            data.Add(fuzzCase.Name, "pysodmetrics", false);
            var verdicts = FuzzCorpus.For(fuzzCase);
            if (FuzzExpectations.Corruption(fuzzCase, verdicts, GreyConversion.OpenCv) is not null && verdicts.OpenCv.Decoded)
            {
                data.Add(fuzzCase.Name, "pysodmetrics", true);
            }

            if (fuzzCase.Name.Contains("png", StringComparison.Ordinal) || fuzzCase.Name.Contains("plte", StringComparison.Ordinal))
            {
                data.Add(fuzzCase.Name, "eval-co-sod", fuzzCase.Name.Contains("short-plte", StringComparison.Ordinal));
            }
        }

        data.Add("regression-png-stale-adler-own-chunk", "cosod-matlab", true);
        data.Add("regression-png-grey8-10000x10000", "cosod-matlab", false);
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void A_regression_case_exits_as_the_reference_reads_it_within_time_and_memory(string name, string profile, bool acceptCorrupt)
    {
        Assert.True(File.Exists(TimeTool), $"{TimeTool} (Debian package 'time') is needed to measure the CLI's memory");
        var fuzzCase = FuzzCorpus.Cases.Single(c => c.Name == name);
        var rule = profile == "eval-co-sod" ? GreyConversion.Pil : GreyConversion.OpenCv;
        var expected = FuzzExpectations.For(fuzzCase, FuzzCorpus.For(fuzzCase), rule, acceptCorrupt);
        using var tree = new TempTree();
        var size = expected.Refused ? (37, 29) : (expected.Width, expected.Height);
        tree.Png("gt/DS/GroundTruth/g/x.png", Math.Min(size.Item1, 64), Math.Min(size.Item2, 64), new byte[Math.Min(size.Item1, 64) * Math.Min(size.Item2, 64)]);
        var prediction = tree.Bytes("pred/M/DS/g/x" + fuzzCase.Extension, fuzzCase.Bytes);

        var run = RunCli(tree, profile, acceptCorrupt);
        output.WriteLine($"{name} {profile}{(acceptCorrupt ? " --accept-corrupt" : "")}: exit {run.ExitCode}, {run.Seconds:F2} s, {run.PeakBytes >> 20} MB");

        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.True(run.Seconds < 20, $"took {run.Seconds} s");
        Assert.True(run.PeakBytes <= MemoryBudget, $"peak resident memory {run.PeakBytes >> 20} MB");
        if (expected.Refused)
        {
            Assert.True(run.ExitCode == ExitCodes.UnusableInput, $"expected exit 2 ({expected.Why}), got {run.ExitCode}: {run.Error}");
            Assert.Contains(prediction + ": ", run.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(tree.PathOf("out/metrics.json")));
            return;
        }

        Assert.True(run.ExitCode == ExitCodes.Ok, $"expected exit 0 ({expected.Why}), got {run.ExitCode}: {run.Error}");
        using var metrics = CliRun.ReadMetrics(tree.PathOf("out"));
        var notes = metrics.RootElement.GetProperty("results")[0].GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        var corrupt = FuzzExpectations.Corruption(fuzzCase, FuzzCorpus.For(fuzzCase), rule) is not null;
        Assert.Equal(corrupt, notes.Any(n => n.Contains("g/x (prediction) was scored despite corrupt data", StringComparison.Ordinal)));
    }

    private sealed record Measured(int ExitCode, string Error, double Seconds, long PeakBytes);

    private static Measured RunCli(TempTree tree, string profile, bool acceptCorrupt)
    {
        var timing = tree.PathOf("time.txt");
        var start = new ProcessStartInfo(TimeTool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-f", "%e %M", "-o", timing, "dotnet", typeof(CosodApp).Assembly.Location, "eval", "--gt", tree.PathOf("gt"),
            "--pred", tree.PathOf("pred"), "--out", tree.PathOf("out"), "--profile", profile, "--threads", "1",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (acceptCorrupt)
        {
            start.ArgumentList.Add("--accept-corrupt");
        }

        start.Environment["DOTNET_GCHeapHardLimit"] = "0x60000000";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("cosod eval ran for more than 60 s");
        }

        var measured = File.ReadAllLines(timing).Last().Split(' ');
        return new Measured(
            process.ExitCode, error.Result,
            double.Parse(measured[0], CultureInfo.InvariantCulture),
            long.Parse(measured[1], CultureInfo.InvariantCulture) * 1024);
    }
}
