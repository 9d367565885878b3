using System.Security.Cryptography;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Oracle;

/// <summary>
/// samples/cosod-synth must stay an exact copy of the shared fixture it was taken from, except its <c>images/</c>
/// folder: the RGB inputs this repository adds (scripts/make-sample-images.py), one per ground-truth mask; and its
/// README only adds, at the top, that the datasets are a synthetic subset, not the benchmarks whose names they carry.
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
        var bundledFiles = Relative(bundled).Where(f => !f.StartsWith(AddedImages, StringComparison.Ordinal)).ToList();

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

    [Fact]
    public void The_added_images_mirror_the_ground_truth_one_jpeg_per_mask()
    {
        var root = SharedFixtures.SynthPublic;
        var masks = Relative(Path.Combine(root, "datasets"))
            .Select(f => f.Replace("/GroundTruth/", "/Image/", StringComparison.Ordinal).Replace(".png", ".jpg", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(30, masks.Count);
        Assert.Equal(masks, Relative(Path.Combine(root, "images")));
    }

    private const string AddedImages = "images/";

    private static List<string> Relative(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
