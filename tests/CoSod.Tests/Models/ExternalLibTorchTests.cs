using System.Diagnostics;
using System.Text.Json;
using CoSod.Models.Inference;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

/// <summary>
/// COSOD_LIBTORCH_DIR: the model package runs on a libtorch 2.10 folder from elsewhere (a pip torch's lib/), loaded by
/// path before anything touches torch. The end-to-end test runs the CLI in a child process from a copy of the
/// application without its libtorch, with NUGET_PACKAGES empty and the NuGet libtorch moved to a folder of its own:
/// it must score exactly as the bundled libtorch does, record the folder and version, and never let TorchSharp copy a
/// libtorch into &lt;app&gt;/cpu/.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class ExternalLibTorchTests : IClassFixture<ModelRunData>
{
    private const string LibTorchPackage = "libtorch-cpu-linux-x64";

    private readonly ModelRunData _data;

    public ExternalLibTorchTests(ModelRunData data) => _data = data;

    [Fact]
    public void The_version_is_read_from_version_py_or_a_build_version_file()
    {
        using var tree = new TempTree();
        var pip = FakeLibTorch(tree, "site-packages/torch/lib");
        tree.Text("site-packages/torch/version.py", "from typing import Optional\n\n__version__ = '2.10.0+cu128'\ndebug = False\n");
        var download = FakeLibTorch(tree, "libtorch/lib");
        tree.Text("libtorch/build-version", "2.10.1+cpu\n");
        var beside = FakeLibTorch(tree, "moved");
        tree.Text("moved/build-version", "2.10.0");

        Assert.Equal("2.10.0+cu128", LibTorchRuntime.Inspect(pip).Version);
        Assert.Equal("2.10.1+cpu", LibTorchRuntime.Inspect(download).Version);
        var moved = LibTorchRuntime.Inspect(beside);
        Assert.Equal("2.10.0", moved.Version);
        Assert.Equal(Path.GetFullPath(beside), moved.Folder);
    }

    [Theory]
    [InlineData("2.11.0+cu130", "it is libtorch 2.11.0+cu130")]
    [InlineData("2.1.0", "it is libtorch 2.1.0")]
    [InlineData("2.100.0", "it is libtorch 2.100.0")]
    public void Another_libtorch_release_is_refused_naming_its_version(string version, string expected)
    {
        using var tree = new TempTree();
        var folder = FakeLibTorch(tree, "torch/lib");
        tree.Text("torch/version.py", $"__version__ = '{version}'\n");

        var refusal = Assert.Throws<ModelSetupException>(() => LibTorchRuntime.Inspect(folder));

        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("needs libtorch 2.10.x", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_version_or_without_libtorch_is_refused_with_what_to_do()
    {
        using var tree = new TempTree();
        var unversioned = FakeLibTorch(tree, "unversioned/lib");
        tree.Folder("empty");

        var noVersion = Assert.Throws<ModelSetupException>(() => LibTorchRuntime.Inspect(unversioned));
        var noLibrary = Assert.Throws<ModelSetupException>(() => LibTorchRuntime.Inspect(tree.PathOf("empty")));
        var noFolder = Assert.Throws<ModelSetupException>(() => LibTorchRuntime.Inspect(tree.PathOf("nowhere")));

        Assert.Contains("its version is not known", noVersion.Message, StringComparison.Ordinal);
        Assert.Contains("build-version", noVersion.Message, StringComparison.Ordinal);
        Assert.Contains("libtorch_cpu.so is not in it", noLibrary.Message, StringComparison.Ordinal);
        Assert.Contains("no such folder", noFolder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_application_that_ships_its_own_libtorch_refuses_a_second_one_and_one_without_needs_the_variable()
    {
        using var tree = new TempTree();
        var external = FakeLibTorch(tree, "external/lib");
        tree.Text("external/lib/build-version", "2.10.0");
        var bundled = FakeLibTorch(tree, "app/runtimes/linux-x64/native");

        var twice = Assert.Throws<ModelSetupException>(() => LibTorchRuntime.Load(external, [tree.PathOf("app"), bundled]));
        var none = Assert.Throws<ModelSetupException>(() => LibTorchRuntime.Load(null, [tree.PathOf("app")]));

        Assert.Contains("ships its own libtorch", twice.Message, StringComparison.Ordinal);
        Assert.Contains("two copies of libtorch in one process", twice.Message, StringComparison.Ordinal);
        Assert.Contains("holds no libtorch", none.Message, StringComparison.Ordinal);
        Assert.Contains(LibTorchRuntime.DirectoryVariable, none.Message, StringComparison.Ordinal);
        Assert.Null(LibTorchRuntime.Load(null, [bundled]));
    }

    [Fact]
    public void A_moved_libtorch_runs_the_model_package_records_its_folder_and_copies_nothing_out_of_the_nuget_cache()
    {
        using var tree = new TempTree();
        var app = AppCopy.Make("cosod-models", tree.PathOf("app"), LibTorchPackage);
        Assert.False(File.Exists(Path.Combine(tree.PathOf("app"), "runtimes", "linux-x64", "native", "libtorch_cpu.so")), "the copy must hold no libtorch");
        var moved = MoveNuGetLibTorch(tree, "moved/lib");
        tree.Text("moved/lib/build-version", "2.10.0\n");
        tree.Folder("empty-nuget");

        var run = RunModels(tree, app, moved, "eval", "--gt", _data.GroundTruthRoot, "--images", _data.ImagesRoot, "--model", "gconet-plus",
            "--weights", _data.Weights, "--threads", "2", "--out", tree.PathOf("out"));
        var bundled = CliRun.Of("eval", "--gt", _data.GroundTruthRoot, "--images", _data.ImagesRoot, "--model", "gconet-plus",
            "--weights", _data.Weights, "--threads", "2", "--out", tree.PathOf("bundled"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(Directory.Exists(tree.PathOf("app/cpu")), "TorchSharp copied a libtorch into <app>/cpu/");
        Assert.Empty(Directory.EnumerateFileSystemEntries(tree.PathOf("empty-nuget")));
        using var external = CliRun.ReadMetrics(tree.PathOf("out"));
        using var inProcess = CliRun.ReadMetrics(tree.PathOf("bundled"));
        Assert.Equal(inProcess.RootElement.GetProperty("results").GetRawText(), external.RootElement.GetProperty("results").GetRawText());
        var options = external.RootElement.GetProperty("options");
        Assert.Equal("2.10.0", options.GetProperty("model_libtorch").GetString());
        Assert.Equal(Path.GetFullPath(moved), options.GetProperty("model_libtorch_dir").GetString());
        Assert.Equal("2.10.0 (bundled)", inProcess.RootElement.GetProperty("options").GetProperty("model_libtorch").GetString());
    }

    [Fact]
    public void A_moved_libtorch_of_another_version_or_of_none_stops_the_command_before_anything_is_written()
    {
        using var tree = new TempTree();
        var app = AppCopy.Make("cosod-models", tree.PathOf("app"), LibTorchPackage);
        var wrong = MoveNuGetLibTorch(tree, "wrong/lib");
        tree.Text("wrong/lib/build-version", "2.11.0");
        var unknown = MoveNuGetLibTorch(tree, "unknown/lib");
        tree.Folder("empty-nuget");
        string[] predict = ["predict", "--images", _data.ImagesRoot, "--model", "gconet-plus", "--weights", _data.Weights, "--out", tree.PathOf("maps")];

        var wrongRun = RunModels(tree, app, wrong, predict);
        var unknownRun = RunModels(tree, app, unknown, predict);
        var unsetRun = RunModels(tree, app, null, predict);

        Assert.Equal(2, wrongRun.ExitCode);
        Assert.Contains("it is libtorch 2.11.0", wrongRun.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknownRun.ExitCode);
        Assert.Contains("its version is not known", unknownRun.Error, StringComparison.Ordinal);
        Assert.Equal(2, unsetRun.ExitCode);
        Assert.Contains("holds no libtorch", unsetRun.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tree.PathOf("maps")));
        Assert.False(Directory.Exists(tree.PathOf("app/cpu")));
    }

    /// <summary>Empty stand-ins for libtorch's two libraries: enough for the checks that never load them.</summary>
    private static string FakeLibTorch(TempTree tree, string folder)
    {
        tree.Bytes(folder + "/libtorch_cpu.so", [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        tree.Bytes(folder + "/libtorch.so", [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        return tree.PathOf(folder);
    }

    /// <summary>
    /// The NuGet libtorch's native files, linked into a folder of their own (no copy of ~480 MB): the test output's
    /// copies, which are the package's files as restored.
    /// </summary>
    private static string MoveNuGetLibTorch(TempTree tree, string folder)
    {
        var target = tree.Folder(folder);
        using var deps = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "cosod-models.deps.json")));
        var library = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value.EnumerateObject()
            .First(l => l.Name.StartsWith(LibTorchPackage + "/", StringComparison.Ordinal));
        foreach (var asset in library.Value.GetProperty("runtimeTargets").EnumerateObject()
            .Where(a => a.Value.GetProperty("rid").GetString() == "linux-x64"))
        {
            var source = Path.Combine(AppContext.BaseDirectory, asset.Name);
            File.CreateSymbolicLink(Path.Combine(target, Path.GetFileName(asset.Name)), source);
        }

        Assert.True(File.Exists(Path.Combine(target, "libtorch_cpu.so")), "the test output holds no libtorch_cpu.so to move");
        return target;
    }

    private static CliRun RunModels(TempTree tree, string app, string? libTorch, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(app);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NUGET_PACKAGES"] = tree.PathOf("empty-nuget");
        start.Environment["CI"] = "true";
        start.Environment.Remove(LibTorchRuntime.DirectoryVariable);
        if (libTorch is not null)
        {
            start.Environment[LibTorchRuntime.DirectoryVariable] = libTorch;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error);
    }
}
