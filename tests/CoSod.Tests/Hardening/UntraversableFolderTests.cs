using System.Diagnostics;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Hardening;

/// <summary>
/// A folder the process can list but not enter (read permission without execute) hides what is inside it behind
/// EACCES; .NET's Directory.Exists answers false, which once became "every prediction of this dataset is missing"
/// (exit 3). The run must say the folder cannot be reached, and exit 2. As root the command runs without the two
/// capabilities that let root enter any folder (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the
/// bounding set), so permissions apply to it as to the folder's owner. It stays root, so it still reaches the build
/// output wherever the clone is (a clone under `mktemp -d` is closed to other users).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UntraversableFolderTests : IDisposable
{
    private readonly TempTree _tree = new();

    public UntraversableFolderTests() => _tree.Standard();

    public void Dispose()
    {
        foreach (var folder in new[] { "pred/M1", "gt/DS" })
        {
            File.SetUnixFileMode(_tree.PathOf(folder), (UnixFileMode)0x1FF);
        }

        _tree.Dispose();
    }

    [Theory]
    [InlineData("pred/M1", "pred/M1/DS")]
    [InlineData("gt/DS", "gt/DS/GroundTruth")]
    public void A_folder_that_cannot_be_entered_is_named_as_such_not_as_missing(string locked, string unreachable)
    {
        // r--r--r-- on the folder: its names can be listed, nothing under it can be looked at.
        File.SetUnixFileMode(_tree.PathOf(locked), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var run = UnprivilegedEval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(_tree.PathOf(unreachable), run.Error, StringComparison.Ordinal);
        Assert.Contains("cannot be reached: permission denied", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("missing", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    private CliRun UnprivilegedEval()
    {
        string[] args = ["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("out"), "--threads", "1"];
        if (Environment.UserName != "root")
        {
            return CliRun.Of(args);
        }

        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--bounding-set=-dac_override,-dac_read_search", "dotnet", typeof(CosodApp).Assembly.Location })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error);
    }
}
