using CoSod.Data.Files;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Hardening;

public sealed class OutputBatchTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Nothing_is_in_place_before_commit_and_everything_is_after_with_no_temporary_left()
    {
        var folder = _tree.PathOf("out/deeper");
        using (var batch = new OutputBatch())
        {
            batch.Add(Path.Combine(folder, "metrics.csv"), "csv"u8);
            batch.Add(Path.Combine(folder, "metrics.json"), "json"u8);
            Assert.False(File.Exists(Path.Combine(folder, "metrics.csv")));
            Assert.False(File.Exists(Path.Combine(folder, "metrics.json")));
            batch.Commit(anchor: Path.Combine(folder, "metrics.json"));
        }

        Assert.Equal(["metrics.csv", "metrics.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("json", File.ReadAllText(Path.Combine(folder, "metrics.json")));
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_previous_files_untouched_and_no_temporary()
    {
        var target = _tree.Text("out/metrics.json", "previous");

        using (var batch = new OutputBatch())
        {
            batch.Add(_tree.PathOf("out/metrics.csv"), "new csv"u8);
            var error = Assert.Throws<OutputException>(() => batch.Add(target, stream =>
            {
                stream.Write("half"u8);
                throw new IOException("No space left on device");
            }));
            Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal("previous", File.ReadAllText(target));
        Assert.Equal(["metrics.json"], Directory.GetFiles(_tree.PathOf("out")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_symbolic_link_at_the_target_is_replaced_and_what_it_points_at_is_never_written()
    {
        var groundTruth = _tree.Text("gt/mask.png", "ground truth bytes");
        var link = SpecialFiles.LinkTo(_tree.PathOf("out/metrics.csv"), groundTruth);

        OutputBatch.WriteFile(link, "results");

        Assert.Equal("ground truth bytes", File.ReadAllText(groundTruth));
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.Equal("results", File.ReadAllText(link));
    }

    [Fact]
    public void A_folder_at_one_target_stops_the_whole_commit_before_the_anchor_is_touched()
    {
        var previous = _tree.Text("out/metrics.json", "previous run");
        _tree.Folder("out/metrics.csv");

        using (var batch = new OutputBatch())
        {
            batch.Add(previous, "new run"u8);
            batch.Add(_tree.PathOf("out/metrics.csv"), "csv"u8);
            batch.Add(_tree.PathOf("out/metrics.md"), "md"u8);
            var error = Assert.Throws<OutputException>(() => batch.Commit(anchor: previous));
            Assert.Contains("a folder stands where this file is to be written", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal("previous run", File.ReadAllText(previous));
        Assert.False(File.Exists(_tree.PathOf("out/metrics.md")), "no file of the failed batch is put in place");
        Assert.Empty(Directory.GetFiles(_tree.PathOf("out"), "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_output_path_is_refused(string path)
    {
        Assert.Contains("an empty path", Assert.Throws<OutputException>(() => OutputLocation.CheckFolder(path, "--out")).Message, StringComparison.Ordinal);
        Assert.Contains("an empty path", Assert.Throws<OutputException>(() => OutputLocation.CheckFile(path, "--out")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_inside_an_input_tree_is_refused_unless_a_hidden_folder_keeps_discovery_out()
    {
        var pred = _tree.Folder("pred");
        var inputs = new[] { new InputRoot(pred, "--pred", "a method") };

        var inside = Assert.Throws<OutputException>(() => OutputLocation.CheckFolder(Path.Combine(pred, "results"), "--out", inputs));
        var itself = Assert.Throws<OutputException>(() => OutputLocation.CheckFolder(pred, "--out", inputs));
        var throughLink = Assert.Throws<OutputException>(() =>
            OutputLocation.CheckFolder(Path.Combine(SpecialFiles.LinkTo(_tree.PathOf("alias"), pred), "x"), "--out", inputs));

        Assert.Contains("lies inside the --pred folder", inside.Message, StringComparison.Ordinal);
        Assert.Contains("read it as a method", inside.Message, StringComparison.Ordinal);
        Assert.Contains("it is the --pred folder itself", itself.Message, StringComparison.Ordinal);
        Assert.Contains("lies inside the --pred folder", throughLink.Message, StringComparison.Ordinal);
        OutputLocation.CheckFolder(Path.Combine(pred, ".results", "run1"), "--out", inputs);
        OutputLocation.CheckFolder(_tree.PathOf("elsewhere"), "--out", inputs);
        Assert.False(Directory.Exists(_tree.PathOf("elsewhere")), "checking creates nothing");
    }
}
