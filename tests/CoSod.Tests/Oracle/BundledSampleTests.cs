using System.Security.Cryptography;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>samples/cosod-synth must stay an exact copy of the shared fixture it was taken from.</summary>
public sealed class BundledSampleTests
{
    [SharedFact]
    public void The_bundled_sample_is_byte_identical_to_the_shared_fixture()
    {
        var shared = SharedFixtures.SharedSynthPublic;
        var bundled = SharedFixtures.SynthPublic;
        var sharedFiles = Relative(shared);
        var bundledFiles = Relative(bundled);

        Assert.Equal(sharedFiles, bundledFiles);
        var differing = sharedFiles
            .Where(f => !SHA256.HashData(File.ReadAllBytes(Path.Combine(shared, f)))
                .SequenceEqual(SHA256.HashData(File.ReadAllBytes(Path.Combine(bundled, f)))))
            .ToList();
        Assert.True(differing.Count == 0, "differ: " + string.Join(", ", differing));
    }

    private static List<string> Relative(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
