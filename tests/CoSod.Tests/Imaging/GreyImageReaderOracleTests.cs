using CoSod.Data.Imaging;

namespace CoSod.Tests.Imaging;

/// <summary>
/// <see cref="GreyImageReader"/> against what <c>cv2.imread(path, cv2.IMREAD_GRAYSCALE)</c> (OpenCV 4.6.0) and
/// <c>Image.open(path).convert('L')</c> (Pillow 9.4.0) return for crafted files of every kind a map or mask can
/// be stored as: grey PNG at 1, 2, 4, 8 and 16 bits, grey+alpha at 8 and 16 bits, RGB/RGBA at 8 and 16 bits
/// (interlaced too), palette PNG at 4 and 8 bits with and without tRNS, PNGs with gAMA/sRGB/cHRM/sBIT chunks,
/// PNGs with an eXIf orientation, 24/32-bit and 8-bit palette BMP, grey and colour (4:2:0, 4:4:4, progressive)
/// JPEG, and grey JPEGs with each EXIF orientation. The expected planes were recorded by
/// <c>make_imaging_files.py</c>; these tests never call Python.
/// </summary>
public sealed class GreyImageReaderOracleTests
{
    /// <summary>
    /// The one known gap: under the OpenCV rule a colour JPEG is converted from decoded RGB with PIL's formula,
    /// while OpenCV asks libjpeg for the Y channel. Measured maximum differences (grey levels) from OpenCV; our
    /// output equals PIL's exactly. A change in either number means the decoder or the conversion changed.
    /// </summary>
    private static readonly Dictionary<string, int> OpenCvColourJpegGap = new(StringComparer.Ordinal)
    {
        ["colour420.jpg"] = 11,
        ["colour444.jpg"] = 6,
        ["colour420_progressive.jpg"] = 11,
    };

    public static TheoryData<string, GreyConversion> ExactCases()
    {
        var data = new TheoryData<string, GreyConversion>();
        foreach (var name in ImagingFiles.All.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var rule in new[] { GreyConversion.OpenCv, GreyConversion.Pil })
            {
                if (!(rule == GreyConversion.OpenCv && OpenCvColourJpegGap.ContainsKey(name)))
                {
                    data.Add(name, rule);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, int> GapCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (name, max) in OpenCvColourJpegGap)
        {
            data.Add(name, max);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExactCases))]
    public void Reproduces_the_toolbox_pixel_for_pixel(string file, GreyConversion rule)
    {
        var expected = ImagingFiles.Expected(file, rule);

        var actual = GreyImageReader.Read(ImagingFiles.PathOf(file), rule);

        ImagingFiles.AssertIdentical(expected, actual, $"{file} under {rule}");
        foreach (var (x, y, value) in expected.Samples)
        {
            Assert.Equal(value, actual.Pixels[(y * actual.Width) + x]);
        }
    }

    [Theory]
    [MemberData(nameof(GapCases))]
    public void Colour_jpeg_under_the_OpenCV_rule_is_PIL_luma_and_off_by_the_measured_amount(string file, int measuredMax)
    {
        var openCv = ImagingFiles.Expected(file, GreyConversion.OpenCv);
        var pil = ImagingFiles.Expected(file, GreyConversion.Pil);

        var actual = GreyImageReader.Read(ImagingFiles.PathOf(file), GreyConversion.OpenCv);

        ImagingFiles.AssertIdentical(pil, actual, $"{file} under OpenCv (documented: PIL's luma of the decoded RGB)");
        Assert.Equal(openCv.Width, actual.Width);
        Assert.Equal(openCv.Height, actual.Height);
        Assert.Equal(measuredMax, ImagingFiles.MaxDifference(actual, openCv.Pixels));
    }

    [Fact]
    public void Every_crafted_input_has_a_recorded_expectation_under_both_rules()
    {
        Assert.Equal(ImagingFiles.Inputs(), ImagingFiles.All.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, oracle) in ImagingFiles.All)
        {
            Assert.True(oracle.OpenCv is not null && oracle.Pil is not null, $"{name}: a toolbox could not read it");
        }

        // The set must hold the cases the rules disagree on, or the exact tests would not tell the rules apart.
        Assert.Contains(ImagingFiles.All, p => p.Value.OpenCv!.Sha256 != p.Value.Pil!.Sha256 && p.Key.EndsWith(".png", StringComparison.Ordinal));
        Assert.Contains(ImagingFiles.All, p => p.Value.OpenCv!.Width != p.Value.Pil!.Width); // EXIF orientation
    }

    [Fact]
    public void Recorded_planes_match_their_hashes_and_samples()
    {
        foreach (var (name, oracle) in ImagingFiles.All)
        {
            foreach (var grey in new[] { oracle.OpenCv!, oracle.Pil! })
            {
                Assert.Equal(grey.Width * grey.Height, grey.Pixels.Length);
                Assert.Equal(grey.Sha256, ImagingFiles.Sha256(grey.Pixels));
                foreach (var (x, y, value) in grey.Samples)
                {
                    Assert.True(value == grey.Pixels[(y * grey.Width) + x], $"{name}: sample ({x}, {y})");
                }
            }
        }
    }

    [Fact]
    public void Decoding_bytes_gives_what_reading_the_file_gives()
    {
        foreach (var name in new[] { "rgb8_gamma.png", "grey8_exif8.png", "rgb24.bmp", "grey_exif_orientation7.jpg" })
        {
            foreach (var rule in new[] { GreyConversion.OpenCv, GreyConversion.Pil })
            {
                var read = GreyImageReader.Read(ImagingFiles.PathOf(name), rule);
                var decoded = GreyImageReader.Decode(ImagingFiles.Bytes(name), name, rule);
                Assert.Equal(read.Width, decoded.Width);
                Assert.Equal(read.Pixels, decoded.Pixels);
            }
        }
    }

    /// <summary>OpenCV's ApplyExifOrientation on a 3x2 map, value by value (the JPEG files check it end to end).</summary>
    [Theory]
    [InlineData(1, 3, 2, new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(2, 3, 2, new byte[] { 3, 2, 1, 6, 5, 4 })]
    [InlineData(3, 3, 2, new byte[] { 6, 5, 4, 3, 2, 1 })]
    [InlineData(4, 3, 2, new byte[] { 4, 5, 6, 1, 2, 3 })]
    [InlineData(5, 2, 3, new byte[] { 1, 4, 2, 5, 3, 6 })]
    [InlineData(6, 2, 3, new byte[] { 4, 1, 5, 2, 6, 3 })]
    [InlineData(7, 2, 3, new byte[] { 6, 3, 5, 2, 4, 1 })]
    [InlineData(8, 2, 3, new byte[] { 3, 6, 2, 5, 1, 4 })]
    [InlineData(0, 3, 2, new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(9, 3, 2, new byte[] { 1, 2, 3, 4, 5, 6 })]
    public void Orientation_follows_OpenCV(int orientation, int width, int height, byte[] expected)
    {
        // 1 2 3
        // 4 5 6
        var map = new CoSod.Metrics.GreyMap(3, 2, [1, 2, 3, 4, 5, 6]);

        var oriented = GreyOrientation.Apply(map, orientation);

        Assert.Equal((width, height), (oriented.Width, oriented.Height));
        Assert.Equal(expected, oriented.Pixels);
    }
}
