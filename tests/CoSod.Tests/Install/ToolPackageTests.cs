using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using CoSod.Cli;
using CoSod.Evaluation.Running;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Install;

/// <summary>
/// The two tool packages: cosod holds no TorchSharp or libtorch and stays small; cosod-models adds them under the same
/// command; the base package installs into a tool path and evaluates the bundled sample exactly as the code in this
/// process does; and its model commands name the command that installs the model package.
/// </summary>
public sealed class ToolPackageTests
{
    /// <summary>The bound for the base package (a 211 MB package is what packing everything gave).</summary>
    private const long MaxBaseBytes = 25L * 1024 * 1024;

    private const string Entry = "tools/net10.0/any/";

    [PackageFact("cosod")]
    public void The_base_package_holds_no_TorchSharp_or_libtorch_file_and_is_at_most_25_MB()
    {
        var package = ToolPackages.PathOf("cosod");
        var names = Listing(package);

        Assert.True(new FileInfo(package).Length <= MaxBaseBytes, $"{package} is {new FileInfo(package).Length:N0} bytes, over 25 MB");
        var torch = names.Where(n => n.Contains("torch", StringComparison.OrdinalIgnoreCase) || n.Contains("libc10", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(torch.Count == 0, "TorchSharp or libtorch in the base package: " + string.Join(", ", torch));
        Assert.Contains(Entry + "cosod.dll", names);
        Assert.DoesNotContain(names, n => n.EndsWith("CoSod.Models.dll", StringComparison.Ordinal));
        Assert.Equal(("cosod", "cosod.dll"), Command(package));
        AssertOnlyLinuxX64Natives(names);
        Assert.Contains(Entry + "runtimes/linux-x64/native/libSkiaSharp.so", names);
    }

    [PackageFact("cosod-models")]
    public void The_model_package_adds_TorchSharp_and_libtorch_under_the_same_command()
    {
        var package = ToolPackages.PathOf("cosod-models");
        var names = Listing(package);

        Assert.Equal(("cosod", "cosod-models.dll"), Command(package));
        Assert.Contains(Entry + "TorchSharp.dll", names);
        Assert.Contains(Entry + "CoSod.Models.dll", names);
        Assert.Contains(Entry + "runtimes/linux-x64/native/libLibTorchSharp.so", names);
        Assert.Contains(Entry + "runtimes/linux-x64/native/libtorch_cpu.so", names);
        AssertOnlyLinuxX64Natives(names);
    }

    [PackageFact("cosod")]
    public void The_base_package_installs_into_a_tool_path_and_scores_the_bundled_sample_as_the_code_here_does()
    {
        using var tree = new TempTree();
        var tools = tree.PathOf("tools");
        var sample = SharedFixtures.SynthPublic;

        // Only the package folder as a source (nothing of nuget.org's can stand in), and an empty package cache (an
        // earlier install of the same version cannot either).
        var config = tree.Text("nuget.config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
        var install = Run(tree, "dotnet", "tool", "install", "cosod", "--tool-path", tools, "--add-source", ToolPackages.Folder,
            "--configfile", config, "--version", EvaluationRunner.ToolVersion);
        Assert.True(install.ExitCode == 0, install.Output + install.Error);

        var cosod = Path.Combine(tools, "cosod");
        var version = Run(tree, cosod, "--version");
        Assert.True(version.ExitCode == 0, version.Error);
        Assert.StartsWith(EvaluationRunner.ToolVersion, version.Output.Trim(), StringComparison.Ordinal);

        string[] eval = ["eval", "--gt", Path.Combine(sample, "datasets"), "--pred", Path.Combine(sample, "predictions"), "--allow-missing", "--threads", "2"];
        var installed = Run(tree, cosod, [.. eval, "--out", tree.PathOf("installed")]);
        var here = CliRun.OfBase([.. eval, "--out", tree.PathOf("here")]);

        Assert.True(installed.ExitCode == ExitCodes.Ok, installed.Error);
        Assert.Equal(ExitCodes.Ok, here.ExitCode);
        Assert.Equal(File.ReadAllBytes(tree.PathOf("here/metrics.json")), File.ReadAllBytes(tree.PathOf("installed/metrics.json")));
    }

    [Fact]
    public void The_base_command_line_references_no_model_assembly()
    {
        var references = typeof(CosodApp).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("CoSod.Models", references);
        Assert.DoesNotContain("TorchSharp", references);
        var deps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cosod.deps.json"));
        Assert.DoesNotContain("TorchSharp", deps, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("libtorch", deps, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void In_the_base_package_predict_and_eval_model_exit_2_naming_the_install_command()
    {
        using var tree = new TempTree();
        var predict = CliRun.OfBase("predict", "--model", "gicd", "--weights", "w.pth", "--images", "images", "--out", tree.PathOf("maps"));
        var live = CliRun.OfBase("eval", "--gt", "gt", "--images", "images", "--model", "gconet-plus", "--weights", "w.pth", "--out", tree.PathOf("out"));

        foreach (var run in new[] { predict, live })
        {
            Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
            Assert.Contains("dotnet tool install --global cosod-models --add-source ", run.Error, StringComparison.Ordinal);
            Assert.Contains(ToolPackages.Folder, run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("unknown option", run.Error, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(tree.PathOf("maps")));
        Assert.False(Directory.Exists(tree.PathOf("out")));
    }

    private static List<string> Listing(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    /// <summary>The command name and entry point DotnetToolSettings.xml declares.</summary>
    private static (string Command, string EntryPoint) Command(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var stream = zip.GetEntry(Entry + "DotnetToolSettings.xml")!.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        return (command.Attribute("Name")!.Value, command.Attribute("EntryPoint")!.Value);
    }

    /// <summary>Only what linux-x64 loads: its own folder and the families it falls back to (linux, unix).</summary>
    private static void AssertOnlyLinuxX64Natives(List<string> names)
    {
        string[] kept = ["runtimes/linux-x64/", "runtimes/linux/", "runtimes/unix/"];
        var others = names.Where(n => n.StartsWith(Entry + "runtimes/", StringComparison.Ordinal)
            && !kept.Any(k => n.StartsWith(Entry + k, StringComparison.Ordinal))).ToList();
        Assert.True(others.Count == 0, "assets of other runtimes: " + string.Join(", ", others.Take(5)));
    }

    private static CliRun Run(TempTree tree, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NUGET_PACKAGES"] = tree.PathOf("nuget-cache");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error);
    }
}
