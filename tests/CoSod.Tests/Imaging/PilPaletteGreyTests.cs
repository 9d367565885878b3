using System.Security.Cryptography;
using CoSod.Data.Imaging;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Imaging;

/// <summary>
/// Palette PNG maps read under the PIL rule (eval-co-sod's <c>convert('L')</c>): Pillow's palette starts as a grey
/// ramp, so indices past the PLTE, or a file without one, read grey (corrupt data, read under --accept-corrupt). Expected values from Pillow 9.4
/// (<c>Image.open(f).convert('L')</c>, sha256 of the bytes); the files are made by Models/Data/make_preprocessing_files.py.
/// </summary>
public sealed class PilPaletteGreyTests
{
    [Theory]
    [InlineData("palette_short.png", "1d33aed34b22119055a002821545907ba0fac91a785f89f1a91defc597c5b7f1")]
    [InlineData("palette4_no_plte.png", "a2972e389f7070791cf34577ed0a78c3bccbccd05d97e8fc39fe2d38ed032010")]
    [InlineData("palette_trns.png", "e278284e8ea08183e2b23808ac8a32aa7a9a6dbd88b380ca143b523781303eaa")]
    public void Palette_maps_read_as_pillow_converts_them(string file, string expectedSha256)
    {
        var path = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Models", "Data", file);

        // Indices past the PLTE (or a palette file with no PLTE) are corrupt data, read as Pillow reads them only when accepted.
        var map = GreyImageReader.Read(path, GreyConversion.Pil, ImageLimits.Default with { AcceptCorrupt = true });

        Assert.Equal((23, 17), (map.Width, map.Height));
        Assert.Equal(expectedSha256, Convert.ToHexStringLower(SHA256.HashData(map.Pixels)));
    }

    [Fact]
    public void Indices_past_the_PLTE_are_refused_by_default_under_both_rules()
    {
        var path = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Models", "Data", "palette_short.png");

        foreach (var rule in new[] { GreyConversion.Pil, GreyConversion.OpenCv })
        {
            var e = Assert.Throws<ImageReadException>(() => GreyImageReader.Read(path, rule));
            Assert.Contains("past the 3 entries of the PLTE", e.Problem, StringComparison.Ordinal);
            Assert.Contains("--accept-corrupt", e.Advice, StringComparison.Ordinal);
        }
    }
}
