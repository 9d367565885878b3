using System.Diagnostics;
using System.Text.Json;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

/// <summary>
/// Full-size checkpoints written by real <c>torch.save</c> (scripts/make-test-checkpoints.py, Debian's python3-torch),
/// made per test: only the files one test reads, into a temporary folder that is deleted when the test is done, so at
/// most about a GiB (GICD's two files) exists at a time and nothing stays behind. With
/// <see cref="OverrideVariable"/> pointing at a folder the script already filled, that folder is used and kept.
/// </summary>
public static class GeneratedCheckpoints
{
    public const string OverrideVariable = "COSOD_GENERATED_CHECKPOINTS";

    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>Why a test of these files is skipped, or null when it must run (CI, or everything needed is here).</summary>
    public static string? SkipReason =>
        Missing.Value is null || SharedFixtures.Required
            ? null
            : $"the full-size checkpoint tests need {Missing.Value}; skipped";

    /// <summary>Writes the files of <paramref name="models"/> (script names: gconet_plus, gconet, gicd_ginet, vgg16) in one format.</summary>
    public static GeneratedFiles Make(IReadOnlyList<string> models, string format)
    {
        var kept = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(kept) && File.Exists(Path.Combine(kept, "manifest.json")))
        {
            return new GeneratedFiles(Path.GetFullPath(kept), delete: false);
        }

        Assert.True(Missing.Value is null, $"the full-size checkpoint tests need {Missing.Value}");
        var folder = Path.Combine(Path.GetTempPath(), "cosod-checkpoints", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(SharedFixtures.RepositoryRoot, "scripts", "make-test-checkpoints.py"),
            "--state-dicts", SharedFixtures.Under("docs", "state-dicts"),
            "--only", string.Join(",", models),
            "--formats", format,
            folder,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var files = new GeneratedFiles(folder, delete: true);
        if (process.ExitCode != 0)
        {
            files.Dispose();
            Assert.Fail($"scripts/make-test-checkpoints.py exited {process.ExitCode}: {error}{output.Result}");
        }

        return files;
    }

    private static string? FindMissing()
    {
        if (!SharedFixtures.Available)
        {
            return "../shared/docs/state-dicts";
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch, numpy"]) { RedirectStandardError = true })!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0 ? null : "Debian's python3-torch and python3-numpy (apt-get install python3-torch)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{Python} with python3-torch";
        }
    }
}

/// <summary>Checkpoints the script wrote, deleted on dispose (unless they are a kept folder).</summary>
public sealed class GeneratedFiles(string folder, bool delete) : IDisposable
{
    public string Folder { get; } = folder;

    /// <summary>The file of <paramref name="model"/> in <paramref name="format"/> and its SHA-256, as the manifest records them.</summary>
    public (string Path, string Sha256) Locate(string model, string format)
    {
        var manifestPath = Path.Combine(Folder, "manifest.json");
        Assert.True(File.Exists(manifestPath), $"{manifestPath} is missing");
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var record = manifest.RootElement.GetProperty("models").GetProperty(model).GetProperty("files").GetProperty(format);
        var path = Path.Combine(Folder, record.GetProperty("name").GetString()!);
        Assert.True(File.Exists(path), $"{path} is missing");
        return (path, record.GetProperty("sha256").GetString()!);
    }

    public void Dispose()
    {
        if (delete && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>
/// A theory over the generated checkpoints: a <see cref="SharedTheoryAttribute"/> (they are made from ../shared) that
/// also skips visibly when python3-torch is missing, unless CI requires them, where it fails and says what is missing.
/// </summary>
public sealed class GeneratedCheckpointTheoryAttribute : SharedTheoryAttribute
{
    public GeneratedCheckpointTheoryAttribute()
    {
        Skip ??= GeneratedCheckpoints.SkipReason;
    }
}
