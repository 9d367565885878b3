using System.Security.Cryptography;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// samples/cosod-synth must stay an exact copy of the shared fixture it was taken from; its README only adds, at the
/// top, that the datasets are a synthetic subset and not the benchmarks whose names they carry.
/// </summary>
public sealed class BundledSampleTests
{
    private const string Readme = "README.md";

    [SharedFact]
    public void The_bundled_sample_is_byte_identical_to_the_shared_fixture()
    {
        var shared = SharedFixtures.SharedSynthPublic;
        var bundled = SharedFixtures.SynthPublic;
        var sharedFiles = Relative(shared);
        var bundledFiles = Relative(bundled);

        Assert.Equal(sharedFiles, bundledFiles);
        var differing = sharedFiles
            .Where(f => f != Readme)
            .Where(f => !SHA256.HashData(File.ReadAllBytes(Path.Combine(shared, f)))
                .SequenceEqual(SHA256.HashData(File.ReadAllBytes(Path.Combine(bundled, f)))))
            .ToList();
        Assert.True(differing.Count == 0, "differ: " + string.Join(", ", differing));
        Assert.EndsWith(File.ReadAllText(Path.Combine(shared, Readme)), File.ReadAllText(Path.Combine(bundled, Readme)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_s_readme_says_it_is_a_synthetic_subset()
    {
        var readme = File.ReadAllText(Path.Combine(SharedFixtures.SynthPublic, Readme));

        Assert.StartsWith("> **A synthetic subset, not the benchmarks.**", readme, StringComparison.Ordinal);
        Assert.Contains("not comparable with published results", readme, StringComparison.Ordinal);
    }

    private static List<string> Relative(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
