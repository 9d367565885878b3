using System.Diagnostics;
using System.Globalization;
using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Models.Preprocessing;
using CoSod.Tests.Imaging;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

/// <summary>
/// The official loaders' pre-processing, stage by stage: <c>Image.open(p).convert('RGB')</c>, Pillow's BILINEAR
/// resize to S x S, then ToTensor and Normalize in float32. Each stage is compared with Pillow 9.4 / numpy float32
/// by sha256: on the 9 real JPEGs of ../shared (model-parity README, section 5) and on crafted files that cover
/// the PNG, BMP and JPEG kinds the datasets could hold (Data/expected.json).
/// </summary>
public sealed class PreprocessingTests : IDisposable
{
    private static readonly int[] ModelSizes = [ModelInputPipeline.GcoNetPlusSize, ModelInputPipeline.GcoNetSize];

    private readonly string _folder = Directory.CreateTempSubdirectory("cosod-preprocessing-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, int> RealJpegStages()
    {
        var data = new TheoryData<string, int>();
        foreach (var row in SharedImageDecodingTests.RealJpegs())
        {
            foreach (var size in ModelSizes)
            {
                data.Add((string)row[0], size);
            }
        }

        return data;
    }

    public static TheoryData<string> CraftedDecodes()
    {
        var data = new TheoryData<string>();
        foreach (var name in DecodableCraftedFiles())
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string> ImagingDecodes()
    {
        var data = new TheoryData<string>();
        foreach (var name in PreprocessingFiles.ImagingFiles.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string, string> CraftedResizes()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in DecodableCraftedFiles())
        {
            foreach (var size in PreprocessingFiles.Files[name].Resized.Keys.Order(StringComparer.Ordinal))
            {
                data.Add(name, size);
            }
        }

        return data;
    }

    public static TheoryData<string, int> CraftedModelInputs()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in DecodableCraftedFiles())
        {
            foreach (var size in PreprocessingFiles.Files[name].ModelInput.Keys.Order())
            {
                data.Add(name, size);
            }
        }

        return data;
    }

    private const string SixteenBitBmp = "rgb555.bmp";

    /// <summary>Indices past its PLTE: corrupt data by the shared rule, read only under --accept-corrupt.</summary>
    private const string PaletteShort = "palette_short.png";

    /// <summary>Every crafted file Pillow reads, but the 16-bit BMP, which the reader refuses on purpose.</summary>
    private static IEnumerable<string> DecodableCraftedFiles() =>
        PreprocessingFiles.Files
            .Where(f => f.Value.PilError is null && f.Key is not (PaletteShort or "palette4_no_plte.png"))
            .Select(f => f.Key)
            .Order(StringComparer.Ordinal);

    // ------------------------------------------------------------------ the real JPEGs of ../shared

    /// <summary>
    /// real-jpeg-preprocessing.json gives each stage's sha256 for the 9 real photos (500x334, 230x230, 374x500
    /// portrait, ...): the decode, the S x S resize and the [3, S, S] float32 input, for S = 256 and 224. The
    /// pipeline must give the same input as the stages run one by one, and the original size.
    /// </summary>
    [SharedTheory]
    [MemberData(nameof(RealJpegStages))]
    public void Real_jpeg_matches_the_official_loader_stage_by_stage(string file, int size)
    {
        var relative = $"real/{SharedImageDecodingTests.RealJpegFolder}/{file}";
        using var json = SharedFixtures.ReadJson(SharedFixtures.Under("fixtures", "model-parity", "real-jpeg-preprocessing.json"));
        var entry = json.RootElement.GetProperty("images").GetProperty(relative);
        var path = SharedFixtures.Under("fixtures", relative);
        var key = size.ToString(CultureInfo.InvariantCulture);

        var decoded = RgbImageReader.Read(path);
        Assert.Equal((entry.GetProperty("width").GetInt32(), entry.GetProperty("height").GetInt32()), (decoded.Width, decoded.Height));
        Assert.Equal(entry.GetProperty("decoded_rgb_sha256").GetString(), PreprocessingFiles.Sha256(decoded.Pixels));

        var resized = PilBilinearResize.Resize(decoded, size, size);
        Assert.Equal(entry.GetProperty("resized_rgb_sha256").GetProperty(key).GetString(), PreprocessingFiles.Sha256(resized.Pixels));

        var input = ImageNetNormalisation.ToChw(resized);
        Assert.Equal(entry.GetProperty("model_input_sha256").GetProperty(key).GetString(), PreprocessingFiles.Sha256(input));

        var loaded = new ModelInputPipeline(size).Load(path);
        Assert.Equal((size, decoded.Height, decoded.Width), (loaded.Size, loaded.OriginalHeight, loaded.OriginalWidth));
        Assert.Equal(PreprocessingFiles.Sha256(input), PreprocessingFiles.Sha256(loaded.Values));
    }

    // ------------------------------------------------------------------ crafted files: each stage against Pillow

    [Theory]
    [MemberData(nameof(CraftedDecodes))]
    public void Crafted_file_decodes_as_PILs_convert_RGB(string name)
    {
        var actual = RgbImageReader.Read(PreprocessingFiles.PathOf(name));

        PreprocessingFiles.AssertDecoded(PreprocessingFiles.Files[name], actual, name);
    }

    /// <summary>The grey reader's crafted inputs (1/2/4/8/16-bit grey, tRNS, gAMA, palettes, BMPs, EXIF JPEGs), read as RGB.</summary>
    [Theory]
    [MemberData(nameof(ImagingDecodes))]
    public void Imaging_file_decodes_as_PILs_convert_RGB(string name)
    {
        var actual = RgbImageReader.Read(ImagingFiles.PathOf(name));

        PreprocessingFiles.AssertDecoded(PreprocessingFiles.ImagingFiles[name], actual, "Imaging/Files/" + name);
    }

    /// <summary>
    /// Odd-sized up- and downscales (53x41 to 256, 224 and 97x61; 317x211 to 256, 224 and 31x17), resizes that skip
    /// one pass (a width or height unchanged), and every small crafted file upscaled to S x S.
    /// </summary>
    [Theory]
    [MemberData(nameof(CraftedResizes))]
    public void Crafted_file_resizes_as_PILs_BILINEAR(string name, string size)
    {
        var parts = size.Split('x');
        var (width, height) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        var decoded = RgbImageReader.Read(PreprocessingFiles.PathOf(name));

        var resized = PilBilinearResize.Resize(decoded, width, height);

        Assert.Equal((width, height), (resized.Width, resized.Height));
        Assert.Equal(PreprocessingFiles.Files[name].Resized[size], PreprocessingFiles.Sha256(resized.Pixels));
    }

    [Theory]
    [MemberData(nameof(CraftedModelInputs))]
    public void Crafted_file_model_input_matches_ToTensor_and_Normalize(string name, int size)
    {
        var expected = PreprocessingFiles.Files[name];

        var input = new ModelInputPipeline(size).Load(PreprocessingFiles.PathOf(name));

        Assert.Equal((size, expected.Height, expected.Width), (input.Size, input.OriginalHeight, input.OriginalWidth));
        Assert.Equal(3 * size * size, input.Values.Length);
        Assert.Equal(expected.ModelInput[size], PreprocessingFiles.Sha256(input.Values));
    }

    [Fact]
    public void Every_crafted_kind_is_in_the_oracle()
    {
        var files = PreprocessingFiles.Files;
        Assert.Equal("L", files["grey.jpg"].PilMode);
        Assert.Equal("CMYK", files["cmyk.jpg"].PilMode);
        Assert.Equal("P", files["palette_trns.png"].PilMode);
        Assert.Equal("RGBA", files["rgba.png"].PilMode);
        Assert.Equal("LA", files["greyalpha.png"].PilMode);
        Assert.Equal("I", files["grey16.png"].PilMode);
        Assert.Equal("RGBA", files["greyalpha16.png"].PilMode);
        Assert.Equal("RGB", files["rgb16.png"].PilMode);
        Assert.Equal("RGB", files[SixteenBitBmp].PilMode);
        Assert.Contains("truncated", files["truncated.jpg"].PilError, StringComparison.Ordinal);
        Assert.Contains("truncated", files["truncated.png"].PilError, StringComparison.Ordinal);
        Assert.Contains("cannot identify", files["not_an_image.jpg"].PilError, StringComparison.Ordinal);
        Assert.True(files["resize_large.png"].Resized.Count >= 5);
        Assert.Equal(ImagingFiles.Inputs().Order(StringComparer.Ordinal), PreprocessingFiles.ImagingFiles.Keys.Order(StringComparer.Ordinal));
    }

    // ------------------------------------------------------------------ Pillow's rules, spelled out

    /// <summary>
    /// Pillow starts a palette as a grey ramp and copies in only the PLTE's entries, so an index past them reads
    /// (i, i, i). ImageSharp repeats the last entry instead ((70, 80, 90) here) and libpng gives black.
    /// </summary>
    [Fact]
    public void Palette_index_past_the_PLTE_reads_Pillows_grey_ramp()
    {
        var image = RgbImageReader.Read(PreprocessingFiles.PathOf("palette_short.png"), ImageLimits.Default with { AcceptCorrupt = true });

        Assert.Equal(
            new byte[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 3, 3, 3, 200, 200, 200, 255, 255, 255 },
            image.Pixels[..18]);

        // With no PLTE at all, Pillow still reads the file: every index is grey.
        var bare = RgbImageReader.Read(PreprocessingFiles.PathOf("palette4_no_plte.png"), ImageLimits.Default with { AcceptCorrupt = true });
        Assert.Equal(new byte[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 8, 8, 8, 15, 15, 15 }, bare.Pixels[..18]);
    }

    /// <summary>A 16-bit grey PNG opens as mode I and convert('RGB') clips it (256 and up read 255); it does not scale.</summary>
    [Fact]
    public void Sixteen_bit_grey_is_clipped_not_scaled()
    {
        var image = RgbImageReader.Read(PreprocessingFiles.PathOf("grey16.png"));

        Assert.Equal(new byte[] { 0, 1, 255, 255, 255, 255 }, Channel(image, 0)[..6]); // stored 0, 1, 255, 256, 32768, 65535
        Assert.Equal(Channel(image, 0), Channel(image, 1));
        Assert.Equal(Channel(image, 0), Channel(image, 2));
    }

    /// <summary>16-bit RGB keeps the high byte of each sample (a rounding rescale would make 0x12FF 0x13).</summary>
    [Fact]
    public void Sixteen_bit_colour_keeps_the_high_byte()
    {
        var image = RgbImageReader.Read(PreprocessingFiles.PathOf("rgb16.png"));

        // Stored (0x12FF, 0x3400, 0xFF01), (255, 256, 511), (65535, 0, 32768).
        Assert.Equal(new byte[] { 0x12, 0x34, 0xFF, 0, 1, 1, 255, 0, 128 }, image.Pixels[..9]);
    }

    /// <summary>convert('RGB') drops alpha: a fully transparent pixel keeps its colour (no compositing on black or white).</summary>
    [Fact]
    public void Alpha_is_dropped_without_compositing()
    {
        var image = RgbImageReader.Read(PreprocessingFiles.PathOf("rgba.png"));

        Assert.Equal(new byte[] { 200, 100, 50, 255, 255, 255 }, image.Pixels[..6]); // alpha 0 and 0
    }

    /// <summary>Image.open leaves the pixels as stored: a JPEG tagged "rotate 90" (EXIF orientation 6) keeps its 13x7.</summary>
    [Fact]
    public void Exif_orientation_is_not_applied()
    {
        var upright = RgbImageReader.Read(ImagingFiles.PathOf("grey_exif_orientation1.jpg"));
        var tagged = RgbImageReader.Read(ImagingFiles.PathOf("grey_exif_orientation6.jpg"));

        Assert.Equal((13, 7), (tagged.Width, tagged.Height));
        Assert.Equal(upright.Pixels, tagged.Pixels);
    }

    // ------------------------------------------------------------------ failures

    [Theory]
    [InlineData("truncated.jpg", "truncated")]
    [InlineData("truncated.png", "truncated")]
    [InlineData("not_an_image.jpg", "not a PNG, JPEG or BMP image")]
    public void File_Pillow_refuses_is_refused_naming_the_file(string name, string problem)
    {
        Assert.NotNull(PreprocessingFiles.Files[name].PilError);
        var path = PreprocessingFiles.PathOf(name);

        AssertFails(path, problem);

        // The pipeline lets the reader's exception through, file name and all.
        var e = Assert.Throws<ImageReadException>(() => new ModelInputPipeline(ModelInputPipeline.GicdSize).Load(path));
        Assert.Equal(path, e.FilePath);
    }

    /// <summary>
    /// Pillow reads 16-bit BMPs, widening 5-bit samples by truncating v * 255 / 31; ImageSharp rounds, which moves a
    /// third of the values by one level. Rather than give near-PIL pixels, the reader refuses these files.
    /// </summary>
    [Fact]
    public void Sixteen_bit_bmp_decodes_as_Pillow_widens_its_five_bit_samples()
    {
        Assert.Equal("RGB", PreprocessingFiles.Files[SixteenBitBmp].PilMode);

        var actual = RgbImageReader.Read(PreprocessingFiles.PathOf(SixteenBitBmp));

        PreprocessingFiles.AssertDecoded(PreprocessingFiles.Files[SixteenBitBmp], actual, SixteenBitBmp);
    }

    /// <summary>
    /// A palette index past the PLTE is corrupt data: refused by default (the same rule as cosod eval's), decoded as
    /// Pillow decodes it (a grey ramp under the PLTE) when corrupt data is accepted.
    /// </summary>
    [Fact]
    public void Palette_index_past_the_PLTE_is_refused_unless_corrupt_data_is_accepted()
    {
        var path = PreprocessingFiles.PathOf(PaletteShort);
        var e = AssertFails(path, "palette index 255 is past the 3 entries of the PLTE");
        Assert.Contains("--accept-corrupt", e.Advice, StringComparison.Ordinal);

        var accepted = RgbImageReader.Read(path, ImageLimits.Default with { AcceptCorrupt = true });

        PreprocessingFiles.AssertDecoded(PreprocessingFiles.Files[PaletteShort], accepted, PaletteShort);
        foreach (var size in PreprocessingFiles.Files[PaletteShort].ModelInput.Keys)
        {
            var input = new ModelInputPipeline(size, ImageLimits.Default with { AcceptCorrupt = true }).Load(path);
            Assert.Equal(PreprocessingFiles.Files[PaletteShort].ModelInput[size], PreprocessingFiles.Sha256(input.Values));
        }
    }

    [Fact]
    public void Missing_and_empty_files_are_refused()
    {
        AssertFails(Path.Combine(_folder, "absent.jpg"), "does not exist");
        AssertFails(Write("empty.jpg", []), "the file is empty");
    }

    /// <summary>
    /// Cut inside the IDAT data of an 8-bit, a 16-bit, an interlaced and a palette PNG (each a different decode
    /// path), and just before IEND: ImageSharp alone would fill the missing rows with black.
    /// </summary>
    [Theory]
    [InlineData("palette_trns.png")]
    [InlineData("grey16.png")]
    [InlineData("rgb_interlaced.png")]
    [InlineData("rgba.png")]
    public void Truncated_png_is_refused_on_every_decode_path(string name)
    {
        var png = File.ReadAllBytes(PreprocessingFiles.PathOf(name));
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        Assert.True(idat > 0);

        AssertFails(Write("cut-data-" + name, png[..(idat + 20)]), "truncated");

        // Cut before IEND, the image data whole: Pillow's load_end stops quietly at the missing chunk and keeps the image.
        var intact = RgbImageReader.Read(PreprocessingFiles.PathOf(name), ImageLimits.Default with { AcceptCorrupt = true });
        var cut = RgbImageReader.Read(Write("cut-end-" + name, png[..^12]), ImageLimits.Default with { AcceptCorrupt = true });
        Assert.Equal(intact.Pixels, cut.Pixels);
    }

    [Fact]
    public void Truncated_colour_and_grey_jpegs_are_refused()
    {
        foreach (var name in new[] { "colour420.jpg", "grey.jpg", "cmyk.jpg" })
        {
            var jpeg = File.ReadAllBytes(PreprocessingFiles.PathOf(name));
            AssertFails(Write("cut-" + name, jpeg[..(jpeg.Length / 2)]), "truncated");
        }
    }

    /// <summary>The 50000 x 50000 PNG of the grey reader's tests: refused from its header, in milliseconds.</summary>
    [Fact]
    public void Decompression_bomb_fails_fast_without_allocating_the_image()
    {
        var path = ImagingFiles.PathOf("bomb_50000x50000.png");
        RgbImageReader.Read(PreprocessingFiles.PathOf("rgba.png")); // warm up the code paths

        var watch = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var e = AssertFails(path, "50000x50000 = 2500000000 pixels", "over the limit of 100000000");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Contains("decompression bomb", e.Problem, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"reading the bomb allocated {allocated} bytes");
        Assert.True(watch.ElapsedMilliseconds < 2000, $"reading the bomb took {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>The pixel cap is inclusive and applies to every container, from the header.</summary>
    [Theory]
    [InlineData("colour420.jpg", 45 * 31)]
    [InlineData("palette_trns.png", 23 * 17)]
    [InlineData("grey16.png", 23 * 17)]
    [InlineData("rgb24.bmp", 23 * 17)]
    public void Pixel_limit_is_applied_to_every_format(string name, int pixels)
    {
        var path = PreprocessingFiles.PathOf(name);

        Assert.Equal(pixels, RgbImageReader.Read(path, new ImageLimits(pixels, 1 << 20)).PixelCount);
        AssertFails(path, new ImageLimits(pixels - 1, 1 << 20), $"over the limit of {pixels - 1}");
    }

    // ------------------------------------------------------------------ normalisation and the pipeline

    /// <summary>
    /// Every (channel, byte) against numpy's float32 (u / 255 - mean) / std, bit for bit. Computing in double and
    /// rounding once, multiplying by 1 / std or by 1 / 255 each change over a hundred of the 768 values.
    /// </summary>
    [Fact]
    public void Normalise_matches_float32_arithmetic_for_every_byte()
    {
        var expected = PreprocessingFiles.NormalisedBits;
        var mismatches = new List<string>();
        for (var channel = 0; channel < 3; channel++)
        {
            for (var value = 0; value < 256; value++)
            {
                var actual = BitConverter.SingleToUInt32Bits(ImageNetNormalisation.Normalise((byte)value, channel));
                if (actual != expected[(channel * 256) + value])
                {
                    mismatches.Add($"channel {channel}, byte {value}: {actual:X8}, numpy {expected[(channel * 256) + value]:X8}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches.Take(10)));
    }

    [Fact]
    public void Normalisation_constants_are_torchvisions_imagenet_statistics_in_float32()
    {
        Assert.Equal(new[] { 0.485f, 0.456f, 0.406f }, ImageNetNormalisation.Mean.ToArray());
        Assert.Equal(new[] { 0.229f, 0.224f, 0.225f }, ImageNetNormalisation.Std.ToArray());
    }

    /// <summary>The output is channel planes ([3, H, W]), not the interleaved H x W x 3 of the image.</summary>
    [Fact]
    public void Model_input_is_laid_out_channel_by_channel()
    {
        var image = new RgbImage(2, 1, [0, 128, 255, 255, 0, 1]);

        var chw = ImageNetNormalisation.ToChw(image);

        var bits = PreprocessingFiles.NormalisedBits;
        uint[] expected = [bits[0], bits[255], bits[256 + 128], bits[256 + 0], bits[512 + 255], bits[512 + 1]];
        Assert.Equal(expected, chw.Select(BitConverter.SingleToUInt32Bits).ToArray());
    }

    [Fact]
    public void Normalisation_checks_its_spans()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageNetNormalisation.ToChw(new byte[5], 2, 1, new float[6]));
        Assert.Contains("needs 6 bytes", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ArgumentException>(() => ImageNetNormalisation.ToChw(new byte[6], 2, 1, new float[5]));
        Assert.Contains("needs 6 floats", e.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => ImageNetNormalisation.ToChw(new byte[6], 0, 1, new float[6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageNetNormalisation.Normalise(0, 3));
    }

    /// <summary>A group's batch is one buffer: LoadInto fills one image's slice and nothing else.</summary>
    [Fact]
    public void LoadInto_fills_one_slice_of_a_batch_buffer()
    {
        var pipeline = new ModelInputPipeline(ModelInputPipeline.GcoNetSize);
        var path = PreprocessingFiles.PathOf("colour420.jpg");
        var batch = new float[3 * pipeline.InputLength];

        var size = pipeline.LoadInto(path, batch.AsSpan(pipeline.InputLength, pipeline.InputLength));

        Assert.Equal((31, 45), size);
        Assert.All(batch[..pipeline.InputLength], v => Assert.Equal(0f, v));
        Assert.All(batch[(2 * pipeline.InputLength)..], v => Assert.Equal(0f, v));
        Assert.Equal(pipeline.Load(path).Values, batch[pipeline.InputLength..(2 * pipeline.InputLength)]);
        Assert.Throws<ArgumentException>(() => pipeline.LoadInto(path, batch));
    }

    /// <summary>Resize and normalisation per image allocate nothing once warm (pooled buffers, cached plans).</summary>
    [Fact]
    public void PrepareInto_allocates_nothing_per_image_once_warm()
    {
        var pipeline = new ModelInputPipeline(ModelInputPipeline.GcoNetPlusSize);
        var image = RgbImageReader.Read(PreprocessingFiles.PathOf("resize_large.png"));
        var input = new float[pipeline.InputLength];
        pipeline.PrepareInto(image, input);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            pipeline.PrepareInto(image, input);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"five resizes and normalisations allocated {allocated} bytes");
    }

    [Fact]
    public void Rgb_image_checks_its_size()
    {
        var e = Assert.Throws<ArgumentException>(() => new RgbImage(2, 2, new byte[4]));
        Assert.Contains("needs 12 bytes", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbImage(0, 2, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelInputPipeline(0));
    }

    private static byte[] Channel(RgbImage image, int channel)
    {
        var plane = new byte[image.PixelCount];
        for (var i = 0; i < plane.Length; i++)
        {
            plane[i] = image.Pixels[(3 * i) + channel];
        }

        return plane;
    }

    private static ImageReadException AssertFails(string path, params string[] problem) => AssertFails(path, null, problem);

    private static ImageReadException AssertFails(string path, ImageLimits? limits, params string[] problem)
    {
        var e = Assert.Throws<ImageReadException>(() => RgbImageReader.Read(path, limits));

        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(e.Advice));
        foreach (var fragment in problem)
        {
            Assert.Contains(fragment, e.Problem, StringComparison.Ordinal);
        }

        // Decode of the same bytes fails the same way (nothing depends on reading from disk).
        if (File.Exists(path))
        {
            var again = Assert.Throws<ImageReadException>(() => RgbImageReader.Decode(File.ReadAllBytes(path), path, limits));
            Assert.Equal(e.Problem, again.Problem);
        }

        return e;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
