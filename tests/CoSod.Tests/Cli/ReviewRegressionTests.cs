using System.Buffers.Binary;
using System.IO.Hashing;
using CoSod.Cli;
using CoSod.Data.Imaging;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Cli;

/// <summary>Malformed inputs found in review: each gets a message naming the file and an exit code, never a crash.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReviewRegressionTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private CliRun Eval(params string[] extra) =>
        CliRun.Of(["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("out"), "--threads", "2", .. extra]);

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var offset = 8; offset + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            chunks.Add((System.Text.Encoding.ASCII.GetString(png, offset + 4, 4), png[(offset + 8)..(offset + 8 + length)]));
            offset += 12 + length;
        }

        return chunks;
    }

    private static byte[] Join(IEnumerable<(string Type, byte[] Data)> chunks)
    {
        var output = new List<byte> { 137, 80, 78, 71, 13, 10, 26, 10 };
        foreach (var (type, data) in chunks)
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
            System.Text.Encoding.ASCII.GetBytes(type, header.AsSpan(4));
            output.AddRange(header);
            output.AddRange(data);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32([.. header.AsSpan(4).ToArray(), .. data]));
            output.AddRange(crc);
        }

        return [.. output];
    }

    private byte[] RgbPng(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(200, 40, 90));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    [Fact]
    public void A_second_IHDR_declaring_a_huge_image_is_refused_before_decoding()
    {
        var chunks = Chunks(RgbPng(4, 4));
        var huge = (byte[])chunks[0].Data.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(huge, 20000);
        BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(4), 20000);
        chunks.Insert(1, ("IHDR", huge));
        var path = _tree.Bytes("x.png", Join(chunks));

        var error = Assert.Throws<ImageReadException>(() => GreyImageReader.Read(path, GreyConversion.OpenCv));

        Assert.Contains("a second IHDR chunk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_data_after_IEND_is_not_image_data()
    {
        var chunks = Chunks(RgbPng(6, 5));
        var data = chunks.Single(c => c.Type == "IDAT");
        chunks.Remove(data);
        chunks.Add(data); // IDAT after IEND: the file has no image data before its end marker
        var path = _tree.Bytes("late.png", Join(chunks));

        var error = Assert.Throws<ImageReadException>(() => GreyImageReader.Read(path, GreyConversion.Pil));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Junk_after_IEND_is_ignored_as_decoders_ignore_it()
    {
        var original = RgbPng(6, 5);
        var path = _tree.Bytes("junk.png", [.. original, 0, 16, 0, 0, (byte)'I', (byte)'D', (byte)'A', (byte)'T', 1, 2, 3]);

        var map = GreyImageReader.Read(path, GreyConversion.Pil);

        Assert.Equal(30, map.Pixels.Length);
        Assert.All(map.Pixels, p => Assert.Equal(GreyConversions.PilLuma(200, 40, 90), p));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_malformed_bmp_is_an_error_naming_the_file_not_a_crash(int bitDepth)
    {
        var bmp = new byte[70];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 4);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 4);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), (short)bitDepth);
        var path = _tree.Bytes("bad.bmp", bmp);

        var error = Assert.Throws<ImageReadException>(() => GreyImageReader.Read(path, GreyConversion.OpenCv));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prediction_folder_is_never_bound_to_two_groups_by_case()
    {
        _tree.Standard(groups: ["cat", "Cat"], perGroup: 2);
        Directory.Delete(_tree.PathOf("pred/M1/DS/Cat"), recursive: true);

        var run = Eval();

        Assert.Equal(ExitCodes.MissingPredictions, run.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("out"));
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal(2, result.GetProperty("images_scored").GetInt32());
        Assert.Equal(["Cat/Cat_000", "Cat/Cat_001"], result.GetProperty("missing_predictions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Nothing_scored_is_unusable_input_even_with_allow_missing()
    {
        _tree.Standard();

        var run = CliRun.Of("eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred/M1"), "--out", _tree.PathOf("out"), "--allow-missing");

        // pred/M1 is one level too deep, which is now recognised (and named) before anything is scored.
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--pred points one level too deep", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was scored", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_tree.PathOf("out/metrics.json")));
    }

    [Fact]
    public void Unreadable_files_of_every_dataset_are_reported_together()
    {
        _tree.Standard(dataset: "A");
        _tree.Standard(dataset: "B");
        var first = _tree.Text("pred/M1/A/Two/Two_000.png", "junk");
        var second = _tree.Text("pred/M1/B/Two/Two_001.png", "junk");

        var run = Eval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(first + ":", run.Error, StringComparison.Ordinal);
        Assert.Contains(second + ":", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pixel_cap_beyond_what_an_array_holds_is_a_usage_error()
    {
        _tree.Standard();

        var run = Eval("--max-pixels", "5000000000");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--max-pixels must be between 1 and", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_the_same_extension_in_two_cases_the_lower_case_file_is_used()
    {
        _tree.Standard();
        var lower = _tree.PathOf("pred/M1/DS/Two/Two_001.png");
        File.Copy(lower, _tree.PathOf("pred/M1/DS/Two/Two_001.PNG"));

        var run = Eval("--profile", "cosod-matlab");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("out"));
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal(6, result.GetProperty("images_scored").GetInt32());
        Assert.True(result.GetProperty("ignored_reasons").TryGetProperty("Two/Two_001.PNG", out _));
    }
}
