using System.Text.Json;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

/// <summary>
/// The full-size checkpoints that scripts/make-test-checkpoints.py writes (about 3.2 GiB, so not in the
/// repository): by default into tests/CoSod.Tests/bin/generated-checkpoints, or where
/// <see cref="OverrideVariable"/> points.
/// </summary>
public static class GeneratedCheckpoints
{
    public const string OverrideVariable = "COSOD_GENERATED_CHECKPOINTS";

    public static string Folder
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable(OverrideVariable);
            return !string.IsNullOrEmpty(overridden)
                ? Path.GetFullPath(overridden)
                : Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "bin", "generated-checkpoints");
        }
    }

    /// <summary>The command that makes (or refreshes) the folder.</summary>
    public static string Command => $"/usr/bin/python3 scripts/make-test-checkpoints.py {Folder}";

    public static bool Available => File.Exists(ManifestPath);

    /// <summary>Why a test of these files is skipped, or null when it must run (CI, or the files exist).</summary>
    public static string? SkipReason =>
        Available || SharedFixtures.Required
            ? null
            : $"the generated checkpoints are not in {Folder}; make them with: {Command}";

    private static string ManifestPath => Path.Combine(Folder, "manifest.json");

    /// <summary>The file of <paramref name="model"/> in <paramref name="format"/> ("zip" or "legacy") and its SHA-256.</summary>
    public static (string Path, string Sha256) Locate(string model, string format)
    {
        Assert.True(Available, $"{ManifestPath} is missing: make the generated checkpoints with: {Command}");
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllBytes(ManifestPath));
        var record = manifest.RootElement.GetProperty("models").GetProperty(model).GetProperty("files").GetProperty(format);
        var path = Path.Combine(Folder, record.GetProperty("name").GetString()!);
        Assert.True(System.IO.File.Exists(path), $"{path} is missing: make it with: {Command}");
        return (path, record.GetProperty("sha256").GetString()!);
    }
}

/// <summary>
/// A theory over the generated checkpoints: a <see cref="SharedTheoryAttribute"/> (they are made from ../shared)
/// that also skips visibly when the files were not made, unless CI requires them, where it fails and names the
/// command.
/// </summary>
public sealed class GeneratedCheckpointTheoryAttribute : SharedTheoryAttribute
{
    public GeneratedCheckpointTheoryAttribute()
    {
        Skip ??= GeneratedCheckpoints.SkipReason;
    }
}
