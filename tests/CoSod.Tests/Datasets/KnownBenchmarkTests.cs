using CoSod.Cli;
using CoSod.Data.Datasets;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Datasets;

/// <summary>
/// A dataset named CoCA, CoSOD3k or CoSal2015 is compared with its official release (the lists committed under
/// src/CoSod.Data/Datasets/Benchmarks): what differs is said in a note, never as an exit code.
/// </summary>
public sealed class KnownBenchmarkTests
{
    private static readonly string[] CoSal2015Files = File.ReadAllLines(
        Path.Combine(SharedFixtures.RepositoryRoot, "src", "CoSod.Data", "Datasets", "Benchmarks", "cosal2015-images.txt"));

    private static DatasetGroundTruth Dataset(string name, IEnumerable<string> groupSlashFile) =>
        new(name, "/nowhere", groupSlashFile
            .Select(f => new DatasetImage(f[..f.IndexOf('/')], Path.GetFileNameWithoutExtension(f[(f.IndexOf('/') + 1)..]), "/nowhere/" + f))
            .OrderBy(i => i.Key, StringComparer.Ordinal)
            .ToList(), []);

    [Fact]
    public void The_committed_release_lists_have_the_official_counts()
    {
        Assert.Equal(2015, CoSal2015Files.Length);
        Assert.Equal(50, CoSal2015Files.Select(f => f[..f.IndexOf('/')]).Distinct().Count());
        Assert.Equal(80, File.ReadAllLines(Path.Combine(SharedFixtures.RepositoryRoot, "src", "CoSod.Data", "Datasets", "Benchmarks", "coca-groups.txt")).Length);
    }

    [Fact]
    public void A_complete_CoSal2015_matches_whatever_its_case_spaces_and_underscores()
    {
        var spelled = CoSal2015Files.Select(f => f.Replace("_", " ", StringComparison.Ordinal).ToUpperInvariant());

        var exact = KnownBenchmarks.Compare(Dataset("CoSal2015", CoSal2015Files))!;
        var respelled = KnownBenchmarks.Compare(Dataset("cosal2015", spelled))!;

        Assert.True(exact.Matches, string.Join("; ", exact.Differences));
        Assert.Null(exact.Note);
        Assert.True(respelled.Matches, string.Join("; ", respelled.Differences));
    }

    [Fact]
    public void A_CoSal2015_copy_with_one_group_missing_and_one_file_renamed_is_flagged_with_both()
    {
        var missingGroup = CoSal2015Files[100][..CoSal2015Files[100].IndexOf('/')];
        var renamed = CoSal2015Files[1000];
        var copy = CoSal2015Files
            .Where(f => !f.StartsWith(missingGroup + "/", StringComparison.Ordinal))
            .Select(f => f == renamed ? f.Replace(".png", "_copy.png", StringComparison.Ordinal) : f);

        var comparison = KnownBenchmarks.Compare(Dataset("COSAL2015", copy))!;

        Assert.False(comparison.Matches);
        var note = comparison.Note!;
        Assert.Contains("not the official CoSal2015 release (50 groups, 2,015 images)", note, StringComparison.Ordinal);
        Assert.Contains($"1 release group(s) absent ({missingGroup})", note, StringComparison.Ordinal);
        Assert.Contains($"1 release image(s) absent ({Path.ChangeExtension(renamed, null)})", note, StringComparison.Ordinal);
        Assert.Contains($"1 image(s) not in the release ({Path.ChangeExtension(renamed, null)}_copy)", note, StringComparison.Ordinal);
    }

    [Fact]
    public void CoCA_group_names_and_CoSOD3k_counts_are_compared_and_other_names_are_left_alone()
    {
        var coca = KnownBenchmarks.Compare(Dataset("CoCA", ["alarm clock/1.png", "Accordion/2.png", "zebra/3.png"]))!;
        var cosod3k = KnownBenchmarks.Compare(Dataset("CoSOD3k", ["axe/1.png"]))!;

        Assert.Contains("78 release group(s) absent", coca.Note, StringComparison.Ordinal);
        Assert.Contains("1 group(s) not in the release (zebra)", coca.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("alarm", coca.Note, StringComparison.Ordinal);
        Assert.Contains("not the official CoSOD3k release (160 groups, 3,316 images): 1 group(s) and 1 image(s) here", cosod3k.Note, StringComparison.Ordinal);
        Assert.Null(KnownBenchmarks.Compare(Dataset("MyCoSal", ["a/1.png"])));
    }

    [Fact]
    public void The_difference_is_a_note_in_every_result_of_the_dataset_and_the_exit_code_is_unchanged()
    {
        using var tree = new TempTree();
        tree.Standard(dataset: "cosal2015", methods: ["M1", "M2"]);

        var run = CliRun.Of("eval", "--gt", tree.PathOf("gt"), "--pred", tree.PathOf("pred"), "--out", tree.PathOf("out"), "--threads", "1");
        var check = CliRun.Of("check", "--gt", tree.PathOf("gt"), "--pred", tree.PathOf("pred"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        using var json = CliRun.ReadMetrics(tree.PathOf("out"));
        foreach (var result in json.RootElement.GetProperty("results").EnumerateArray())
        {
            Assert.Contains(result.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("cosal2015: not the official CoSal2015 release", StringComparison.Ordinal));
        }

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Contains("note: not the official CoSal2015 release", check.Output, StringComparison.Ordinal);
    }
}
