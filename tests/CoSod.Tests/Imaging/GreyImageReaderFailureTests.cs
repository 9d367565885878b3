using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using CoSod.Data.Imaging;

namespace CoSod.Tests.Imaging;

/// <summary>
/// Bad files fail with an <see cref="ImageReadException"/> whose message names the file and the problem, under
/// both rules, and never come back as a half-black map (ImageSharp alone fills missing PNG/BMP data with
/// black). OpenCV and PIL refuse every one of these files too (checked when the inputs were designed).
/// </summary>
public sealed class GreyImageReaderFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cosod-imaging-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<GreyConversion> Rules() => new() { GreyConversion.OpenCv, GreyConversion.Pil };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Missing_file(GreyConversion rule)
    {
        AssertFails(Path.Combine(_folder, "nowhere", "absent.png"), rule, "does not exist");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Empty_file(GreyConversion rule)
    {
        AssertFails(Write("empty.png", []), rule, "the file is empty");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Text_file_named_png(GreyConversion rule)
    {
        AssertFails(ImagingFiles.PathOf("text.png"), rule, "not a PNG, JPEG or BMP image");
    }

    /// <summary>Cut after the signature, inside IHDR, inside the first and the second IDAT, before IEND, inside IEND.</summary>
    [Theory]
    [InlineData("signature", GreyConversion.OpenCv)]
    [InlineData("signature", GreyConversion.Pil)]
    [InlineData("ihdr", GreyConversion.OpenCv)]
    [InlineData("first-idat", GreyConversion.OpenCv)]
    [InlineData("first-idat", GreyConversion.Pil)]
    [InlineData("second-idat", GreyConversion.OpenCv)]
    [InlineData("before-iend", GreyConversion.OpenCv)]
    [InlineData("inside-iend", GreyConversion.OpenCv)]
    public void Truncated_png(string where, GreyConversion rule)
    {
        var png = ImagingFiles.Bytes("rgb8.png");
        var chunks = Chunks(png);
        var idats = chunks.Where(c => c.Type == "IDAT").ToList();
        Assert.Equal(2, idats.Count); // the crafted files split their data over two IDAT chunks
        var cut = where switch
        {
            "signature" => 8,
            "ihdr" => 8 + 8 + 6,
            "first-idat" => idats[0].Offset + 8 + (idats[0].Length / 2),
            "second-idat" => idats[1].Offset + 8 + (idats[1].Length / 2),
            "before-iend" => png.Length - 12,
            "inside-iend" => png.Length - 2,
            _ => throw new ArgumentOutOfRangeException(nameof(where)),
        };

        AssertFails(Write($"cut-{where}.png", png[..cut]), rule, "truncated");
    }

    /// <summary>Pillow's load_end stops quietly where a chunk header is cut; the image data is whole, so it keeps the image.</summary>
    [Theory]
    [InlineData("before-iend")]
    [InlineData("inside-iend")]
    public void Png_cut_in_its_IEND_reads_as_Pillow_reads_it(string where)
    {
        var png = ImagingFiles.Bytes("rgb8.png");
        var path = Write($"cut-{where}.png", png[..(where == "before-iend" ? png.Length - 12 : png.Length - 2)]);

        var map = GreyImageReader.Read(path, GreyConversion.Pil);

        Assert.Equal(GreyImageReader.Read(ImagingFiles.PathOf("rgb8.png"), GreyConversion.Pil).Pixels, map.Pixels);
    }

    /// <summary>libpng checks every chunk's CRC (a critical chunk's is an error); Pillow never looks at IDAT CRCs.</summary>
    [Fact]
    public void Png_with_a_flipped_byte_inside_IDAT()
    {
        var png = ImagingFiles.Bytes("grey8.png");
        var idat = Chunks(png).First(c => c.Type == "IDAT");
        png[idat.Offset + 8 + 5] ^= 0x10;
        var path = Write("flipped.png", png);

        var e = AssertFails(path, GreyConversion.OpenCv, "CRC mismatch", "IDAT");
        Assert.Contains($"at byte {idat.Offset}", e.Problem, StringComparison.Ordinal);
        AssertFails(path, GreyConversion.Pil, "image data is corrupt", "zlib");
    }

    /// <summary>Whole chunks with correct CRCs, but the deflate stream stops halfway: libpng says "Not enough image data".</summary>
    [Theory]
    [MemberData(nameof(Rules))]
    public void Png_whose_IDAT_stream_is_cut_short(GreyConversion rule)
    {
        var png = ImagingFiles.Bytes("rgb8.png");
        var stream = IdatStream(png);

        var path = Write("short-stream.png", WithIdat(png, stream[..(stream.Length / 2)]));

        AssertFails(path, rule, "image data is truncated");
    }

    /// <summary>
    /// 17 rows of 1 + 23 bytes, a complete zlib stream of the first 8: libpng refuses ("Not enough image data");
    /// Pillow stops at the stream's end and leaves the other rows black, which the shared rule calls corrupt.
    /// </summary>
    [Fact]
    public void Png_whose_IDAT_stream_holds_half_the_rows()
    {
        var rows = new byte[8 * 24];
        var path = Write("eight-rows.png", WithIdat(ImagingFiles.Bytes("grey8.png"), ZlibOf(rows)));

        AssertFails(path, GreyConversion.OpenCv, "image data is truncated");
        AssertFails(path, GreyConversion.Pil, "the image data ends before the last row");
        var accepted = GreyImageReader.Read(path, GreyConversion.Pil, ImageLimits.Default with { AcceptCorrupt = true });
        Assert.All(accepted.Pixels, p => Assert.Equal(0, p));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Png_whose_IDAT_stream_is_garbage(GreyConversion rule)
    {
        var png = ImagingFiles.Bytes("grey8.png");
        var stream = IdatStream(png);
        for (var i = 2; i < stream.Length - 4; i++)
        {
            stream[i] = 0xFF; // a valid zlib header followed by an invalid block type
        }

        AssertFails(Write("garbage.png", WithIdat(png, stream)), rule, "image data is corrupt");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Png_without_IDAT(GreyConversion rule)
    {
        var png = ImagingFiles.Bytes("grey8.png");
        var chunks = Chunks(png);
        var bytes = png[..8].Concat(png[chunks[0].Offset..(chunks[0].Offset + 25)]).Concat(png[^12..]).ToArray();

        AssertFails(Write("no-idat.png", bytes), rule, "no image data");
    }

    /// <summary>Inside the headers and in the middle of the entropy-coded data.</summary>
    [Theory]
    [InlineData("colour420.jpg", 0.05, "JPEG is truncated")]
    [InlineData("colour420.jpg", 0.6, "JPEG is truncated")]
    [InlineData("colour420.jpg", 0.9, "JPEG is truncated")]
    [InlineData("colour420_progressive.jpg", 0.7, "JPEG is truncated")]
    [InlineData("grey.jpg", 0.5, "JPEG is truncated")]
    public void Truncated_jpeg(string file, double keep, string problem)
    {
        var jpeg = ImagingFiles.Bytes(file);
        var path = Write("cut-" + file, jpeg[..(int)(jpeg.Length * keep)]);

        AssertFails(path, GreyConversion.OpenCv, problem);
        AssertFails(path, GreyConversion.Pil, problem);
    }

    [Theory]
    [InlineData("rgb24.bmp", 0.5)]
    [InlineData("rgb24.bmp", 0.99)]
    [InlineData("palette8.bmp", 0.8)]
    public void Truncated_bmp(string file, double keep)
    {
        var bmp = ImagingFiles.Bytes(file);
        var path = Write("cut-" + file, bmp[..(int)(bmp.Length * keep)]);

        AssertFails(path, GreyConversion.OpenCv, "truncated", "BMP pixel rows need");
        AssertFails(path, GreyConversion.Pil, "truncated", "BMP pixel rows need");
    }

    [Fact]
    public void Bmp_cut_inside_its_header()
    {
        var path = Write("header.bmp", ImagingFiles.Bytes("rgb24.bmp")[..30]);

        var e = Assert.Throws<ImageReadException>(() => GreyImageReader.Read(path, GreyConversion.OpenCv));

        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains("BMP", e.Problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// A valid 128-byte PNG whose IHDR declares 50000 x 50000: refused from the header, before anything is
    /// inflated or allocated.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rules))]
    public void Decompression_bomb_fails_fast_without_allocating_the_image(GreyConversion rule)
    {
        var path = ImagingFiles.PathOf("bomb_50000x50000.png");
        Assert.NotNull(CoSod.Data.Imaging.Png.LibPngRules.Read(File.ReadAllBytes(path)).Header); // chunks and CRCs are all valid
        GreyImageReader.Read(ImagingFiles.PathOf("grey8.png"), rule); // warm up the code paths

        var watch = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var e = AssertFails(path, rule, "50000x50000 = 2500000000 pixels", "over the limit of 100000000");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Contains("decompression bomb", e.Problem, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"reading the bomb allocated {allocated} bytes");
        Assert.True(watch.ElapsedMilliseconds < 2000, $"reading the bomb took {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Jpeg_and_bmp_bombs_are_refused_from_their_headers(GreyConversion rule)
    {
        var jpeg = ImagingFiles.Bytes("grey.jpg");
        var sof = IndexOf(jpeg, [0xFF, 0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 60000); // height
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 60000); // width
        AssertFails(Write("bomb.jpg", jpeg), rule, "60000x60000", "over the limit");

        var bmp = ImagingFiles.Bytes("rgb24.bmp");
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 50000);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 50000);
        AssertFails(Write("bomb.bmp", bmp), rule, "50000x50000", "over the limit");
    }

    /// <summary>The pixel limit is inclusive: W x H pixels pass a limit of W x H and fail one below it.</summary>
    [Theory]
    [InlineData("grey8.png", 23 * 17)]
    [InlineData("rgb16.png", 23 * 17)]
    [InlineData("colour420.jpg", 37 * 29)]
    [InlineData("rgb24.bmp", 23 * 17)]
    public void Pixel_limit_is_applied_to_every_format(string file, int pixels)
    {
        var path = ImagingFiles.PathOf(file);

        Assert.Equal(pixels, GreyImageReader.Read(path, GreyConversion.OpenCv, new ImageLimits(pixels, 1 << 20)).PixelCount);
        AssertFails(path, GreyConversion.OpenCv, new ImageLimits(pixels - 1, 1 << 20), $"over the limit of {pixels - 1}");
    }

    [Fact]
    public void File_size_limit()
    {
        var path = ImagingFiles.PathOf("rgb8.png");
        var length = new FileInfo(path).Length;

        Assert.Equal(23, GreyImageReader.Read(path, GreyConversion.Pil, new ImageLimits(1000, length)).Width);
        AssertFails(path, GreyConversion.Pil, new ImageLimits(1000, length - 1), $"{length} bytes, over the {length - 1}-byte limit");
    }

    private static ImageReadException AssertFails(string path, GreyConversion rule, params string[] problem) =>
        AssertFails(path, rule, null, problem);

    private static ImageReadException AssertFails(string path, GreyConversion rule, ImageLimits? limits, params string[] problem)
    {
        var e = Assert.Throws<ImageReadException>(() => GreyImageReader.Read(path, rule, limits));

        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(e.Advice));
        foreach (var fragment in problem)
        {
            Assert.Contains(fragment, e.Problem, StringComparison.Ordinal);
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }

        return e;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private sealed record Chunk(string Type, int Offset, int Length);

    private static List<Chunk> Chunks(byte[] png)
    {
        var chunks = new List<Chunk>();
        for (var offset = 8; offset + 12 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            chunks.Add(new Chunk(System.Text.Encoding.ASCII.GetString(png, offset + 4, 4), offset, length));
            offset += 12 + length;
        }

        return chunks;
    }

    private static byte[] IdatStream(byte[] png) =>
        Chunks(png).Where(c => c.Type == "IDAT").SelectMany(c => png.Skip(c.Offset + 8).Take(c.Length)).ToArray();

    /// <summary>The PNG with all its IDAT chunks replaced by one holding <paramref name="stream"/>, CRC correct.</summary>
    private static byte[] WithIdat(byte[] png, byte[] stream)
    {
        var output = new MemoryStream();
        output.Write(png, 0, 8);
        var wroteData = false;
        foreach (var chunk in Chunks(png))
        {
            if (chunk.Type != "IDAT")
            {
                output.Write(png, chunk.Offset, chunk.Length + 12);
            }
            else if (!wroteData)
            {
                wroteData = true;
                var body = "IDAT"u8.ToArray().Concat(stream).ToArray();
                var length = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(length, stream.Length);
                var crc = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(body));
                output.Write(length);
                output.Write(body);
                output.Write(crc);
            }
        }

        return output.ToArray();
    }

    private static byte[] ZlibOf(byte[] raw)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }

    private static int IndexOf(byte[] data, byte[] pattern)
    {
        var i = data.AsSpan().IndexOf(pattern);
        Assert.True(i >= 0);
        return i;
    }
}
