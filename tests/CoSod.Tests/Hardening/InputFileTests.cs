using CoSod.Data.Files;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Hardening;

public sealed class InputFileTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/urandom", "a character device")]
    [InlineData("/dev/null", "a character device")]
    public void A_link_to_a_device_is_refused_by_type_before_any_read(string device, string kind)
    {
        var link = SpecialFiles.LinkTo(_tree.PathOf("map.png"), device);

        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(link, 1024, "x"));

        Assert.Contains(kind, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(link + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_without_a_writer_is_refused_at_once_instead_of_hanging()
    {
        var fifo = SpecialFiles.Fifo(_tree.PathOf("map.png"));

        var error = SpecialFiles.WithinHangGuard(() => Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(fifo, 1024, "x")));

        Assert.Contains("a FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_missing_file_and_a_file_in_place_of_a_folder_each_say_what_they_are()
    {
        var folder = _tree.Folder("a-folder");
        var file = _tree.Text("plain", "x");

        Assert.Contains("it is a folder, not a regular file", Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(folder, 9, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("the file does not exist", Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(_tree.PathOf("nope"), 9, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("a part of the path is a file", Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(Path.Combine(file, "x.png"), 9, "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_a_regular_file_is_followed_and_a_file_over_the_cap_is_refused_with_its_size()
    {
        var target = _tree.Text("real.txt", "0123456789");
        var link = SpecialFiles.LinkTo(_tree.PathOf("link.txt"), target);

        Assert.Equal("0123456789"u8.ToArray(), InputFile.ReadAllBytes(link, 10, "x"));
        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(link, 9, "make it smaller"));
        Assert.Contains("the file is 10 bytes, over the 9-byte limit. make it smaller", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_named_as_such_not_as_missing()
    {
        var source = _tree.Text("source.txt", "x");
        SpecialFiles.CopyUnderNonUtf8Name(source, _tree.PathOf("odd"), "name", ".png");
        var listed = Directory.GetFiles(_tree.PathOf("odd")).Single();

        var error = Assert.Throws<InputFileException>(() => InputFile.ReadAllBytes(listed, 9, "x"));

        Assert.Contains("its name is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kind_of_follows_links_and_tells_devices_fifos_and_folders_apart()
    {
        Assert.Equal(FileKind.CharacterDevice, InputFile.KindOf(SpecialFiles.LinkTo(_tree.PathOf("z"), "/dev/zero")));
        Assert.Equal(FileKind.Fifo, InputFile.KindOf(SpecialFiles.Fifo(_tree.PathOf("f"))));
        Assert.Equal(FileKind.Directory, InputFile.KindOf(_tree.Folder("d")));
        Assert.Equal(FileKind.Regular, InputFile.KindOf(_tree.Text("r", "x")));
        Assert.Equal(FileKind.Missing, InputFile.KindOf(_tree.PathOf("none")));
    }
}
