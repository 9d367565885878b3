using System.Security.Cryptography;
using CoSod.Data.Imaging;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Imaging;

/// <summary>Decoding of the files in ../shared against the recorded outputs of libjpeg-turbo, OpenCV and PIL.</summary>
public sealed class SharedImageDecodingTests
{
    internal const string RealJpegFolder = "cosalbench-evaltools/CoSalBenchmark-EvaluationTools/Dataset/TEST-DATASET/Image";

    /// <summary>
    /// The 9 real colour JPEGs: grey sha256 under cv2.imread(GRAYSCALE) and PIL convert('L') (Debian 12,
    /// OpenCV 4.6.0, Pillow 9.4.0), and the measured largest difference between the two, which is our
    /// OpenCV-rule error (we give PIL's luma for colour JPEGs; OpenCV reads libjpeg's Y channel).
    /// </summary>
    public static TheoryData<string, string, string, int> RealJpegs() => new()
    {
        { "apple/apple_001.jpg", "cb5fe82b08612545e48626eae022f604a02634c1c3ca2fc676cb4cc433c6e539", "bbddba7df81aa6638b02df1ee6d33a95ebcf1bf5053cf6e4cfb775f85ace0a2e", 9 },
        { "apple/apple_002.jpg", "d6113a27343fe96b89d6f1fadf983f8eba0e906ff040982adff82cf5c5d7a05b", "67e33e2d67994c05094cd9a4afdbcfc5cb7cf22feaffd68d278c3944c9a66863", 8 },
        { "banana/banana_001.jpg", "ce8bd8f33219e52b55dd3515be8b00391d1cd7fd55b3b21362692f10ba077a25", "86530558af24192b7469292507288472e6d6f58728d445be3c1558952b8b2a0f", 13 },
        { "banana/banana_002.jpg", "dc189a2b6f4accc9367073a0ca6b46b7af78def09b95aa20da09d5ab0494ff91", "25769de94e4b33a38485e2077c96f6b903f33d168efdbf9f5d0be0cbb95fa3f6", 17 },
        { "banana/banana_003.jpg", "38d1ecfc96130e8b9cae0f41e785ab38d682e9d987c9e93cbf639e6941012643", "51a5d58c6c0129c964a77f01e13ea07e4d8b70f2e77abc01745be1a85330be96", 15 },
        { "cat/cat_001.jpg", "9f5df01fa870e90d577ca0b04cf2bfa243ace66b8e0ad4fd78162d2031cce973", "eca72e47695aefad04f5e921277669e733fcb5bce3800c1d1790909c19af7549", 13 },
        { "cat/cat_002.jpg", "9087f32e7741d5a4b45d85f52a4c3d564513946f141cac284546f0959bd2875c", "d233161680dd20c9258a8df0b9967b652b55841b7892e67838a31c96a7753106", 1 },
        { "cat/cat_003.jpg", "2c74f27d31734d2212d685c93926ebe8e10aa5740b824e0ad62bede0361870a8", "ddb04718a714ecfc0c0b2848bcbcca3a8aa1124b261801fc79056873e0f415f8", 1 },
        { "cat/cat_004.jpg", "8279d9d1117f93e50bf44a21cdb0df3455ceb29a30fd98526fb244032d2bbfcc", "2832b3bc340f80f230633af00440f3a921bff93693be0c8ab608fdd426960103", 3 },
    };

    public static TheoryData<string> RealFiles()
    {
        var data = new TheoryData<string>();
        foreach (var row in RealFileOracle.Load())
        {
            data.Add(row.Path);
        }

        return data;
    }

    /// <summary>The grey JPEG map of the public synthetic set equals libjpeg-turbo's decode under both rules.</summary>
    [Fact]
    public void Jpeg_map_decodes_as_libjpeg_does()
    {
        const string relative = "NearBinary/CoSal2015/airplane/airplane_316";
        var jpeg = Path.Combine(SharedFixtures.SynthPublic, "predictions", relative + ".jpg");
        using var reference = Image.Load<L8>(Path.Combine(SharedFixtures.SynthPublic, "reference", "decoded_jpeg_libjpeg", relative + ".png"));
        var expected = new byte[reference.Width * reference.Height];
        reference.CopyPixelDataTo(expected);

        foreach (var rule in new[] { GreyConversion.OpenCv, GreyConversion.Pil })
        {
            var actual = GreyImageReader.Read(jpeg, rule);

            Assert.Equal((reference.Width, reference.Height), (actual.Width, actual.Height));
            var differing = expected.Where((v, i) => v != actual.Pixels[i]).Count();
            Assert.True(differing == 0, $"{rule}: {differing} of {expected.Length} pixels differ from libjpeg's");
        }
    }

    /// <summary>
    /// real-jpeg-preprocessing.json (model-parity README, section 5) gives the sha256 of PIL's
    /// <c>convert('RGB')</c> of each real JPEG: our decoder must give the same bytes, and the grey planes follow.
    /// </summary>
    [SharedTheory]
    [MemberData(nameof(RealJpegs))]
    public void Real_jpeg_decodes_to_PILs_RGB_and_greys(string file, string openCvGreySha256, string pilGreySha256, int openCvMaxDifference)
    {
        var relative = $"real/{RealJpegFolder}/{file}";
        using var json = SharedFixtures.ReadJson(SharedFixtures.Under("fixtures", "model-parity", "real-jpeg-preprocessing.json"));
        var entry = json.RootElement.GetProperty("images").GetProperty(relative);
        var path = SharedFixtures.Under("fixtures", relative);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(entry.GetProperty("sha256").GetString(), ImagingFiles.Sha256(bytes));

        var rgb = RgbImageReader.Decode(bytes, path);

        Assert.Equal(entry.GetProperty("width").GetInt32(), rgb.Width);
        Assert.Equal(entry.GetProperty("height").GetInt32(), rgb.Height);
        Assert.Equal(entry.GetProperty("decoded_rgb_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(rgb.Pixels)));

        var pil = GreyImageReader.Read(path, GreyConversion.Pil);
        Assert.Equal(pilGreySha256, ImagingFiles.Sha256(pil.Pixels));

        // Known gap (see GreyImageReader's remarks): the OpenCV rule gives PIL's luma, not libjpeg's Y plane,
        // which differs from it by up to openCvMaxDifference grey levels on this photo.
        var openCv = GreyImageReader.Read(path, GreyConversion.OpenCv);
        Assert.Equal(pil.Pixels, openCv.Pixels);
        Assert.Equal(openCvGreySha256 == pilGreySha256, openCvMaxDifference == 0);
    }

    [SharedFact]
    public void Real_jpeg_table_covers_the_folder_and_the_oracle_file()
    {
        var folder = Path.Combine(SharedFixtures.Real, RealJpegFolder);
        var onDisk = Directory.EnumerateFiles(folder, "*.jpg", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, RealJpegs().Select(row => (string)row[0]).Order(StringComparer.Ordinal));

        using var json = SharedFixtures.ReadJson(SharedFixtures.Under("fixtures", "model-parity", "real-jpeg-preprocessing.json"));
        Assert.Equal(9, json.RootElement.GetProperty("images").EnumerateObject().Count());
    }

    /// <summary>
    /// A sample of the real maps, masks and images under ../shared/fixtures/real (every file of the small sets,
    /// an even sample of the two large ones: grey, 1-bit, 16-bit and RGB(A) PNGs, 24-bit BMPs, colour JPEGs),
    /// against the grey hashes OpenCV and PIL gave (Files/real-files.json). All match exactly but colour JPEGs
    /// under the OpenCV rule, the documented gap, where we give PIL's plane.
    /// </summary>
    [SharedTheory]
    [MemberData(nameof(RealFiles))]
    public void Real_file_matches_OpenCV_and_PIL(string relative)
    {
        var row = RealFileOracle.Load().Single(r => r.Path == relative);
        var path = Path.Combine(SharedFixtures.Real, relative);

        var pil = GreyImageReader.Read(path, GreyConversion.Pil);
        var openCv = GreyImageReader.Read(path, GreyConversion.OpenCv);

        Assert.Equal((row.Width, row.Height), (pil.Width, pil.Height));
        Assert.Equal(row.PilSha256, ImagingFiles.Sha256(pil.Pixels));
        var colourJpeg = relative.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) && row.PilMode != "L";
        Assert.Equal(colourJpeg ? row.PilSha256 : row.OpenCvSha256, ImagingFiles.Sha256(openCv.Pixels));
    }

    [SharedFact]
    public void Real_file_sample_exists_and_spans_every_format()
    {
        var rows = RealFileOracle.Load();
        foreach (var row in rows)
        {
            Assert.True(File.Exists(Path.Combine(SharedFixtures.Real, row.Path)), row.Path);
        }

        Assert.Contains(rows, r => r.Path.EndsWith(".bmp", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.PilMode == "I");
        Assert.Contains(rows, r => r.PilMode == "1");
        Assert.Contains(rows, r => r.PilMode == "RGBA");
        Assert.Contains(rows, r => r.Path.EndsWith(".jpg", StringComparison.Ordinal) && r.OpenCvPilMaxDifference > 0);
    }
}
