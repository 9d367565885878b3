using CoSod.Data.Resampling;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Resampling;

/// <summary>
/// OpenCV 4.6's 8-bit INTER_CUBIC (PySODEvalToolkit's grouped mode) against cv2.resize itself: the bundled sample's 29
/// resized maps and 27 odd sizes made by Data/make_cubic_cases.py, pixel for pixel.
/// </summary>
public sealed class OpenCvCubicResizeTests
{
    private const string Rule = "cv2_INTER_CUBIC";

    private const int PublicReferenceMapCount = 29;

    private static readonly string CasesFolder = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Resampling", "Data", "cv2-inter-cubic");

    public static TheoryData<string> ReferenceMaps() => ResizeOracle.ReferenceMaps(Rule);

    public static TheoryData<string> OddSizes()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CasesFolder, "*.in.png").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file)[..^".in.png".Length]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceMaps))]
    public void Reproduces_OpenCV_4_6_pixels_of_every_reference_map(string relativePath)
    {
        var fixture = ResizeOracle.Load(Rule, relativePath);

        var actual = OpenCvCubicResize.Resize(fixture.Prediction, fixture.Expected.Width, fixture.Expected.Height);

        ResizeOracle.AssertIdentical(fixture.Expected, actual, relativePath);
    }

    [Fact]
    public void Reference_sets_are_complete()
    {
        Assert.Equal(PublicReferenceMapCount, ResizeOracle.ReferenceFiles(Rule).Count);
        Assert.Equal(27, Directory.GetFiles(CasesFolder, "*.in.png").Length);
    }

    [Theory]
    [MemberData(nameof(OddSizes))]
    public void Reproduces_OpenCV_4_6_pixels_at_odd_sizes(string name)
    {
        var source = ResizeOracle.ReadGrey(Path.Combine(CasesFolder, name + ".in.png"));
        var expected = ResizeOracle.ReadGrey(Path.Combine(CasesFolder, name + ".out.png"));

        var actual = OpenCvCubicResize.Resize(source, expected.Width, expected.Height);

        ResizeOracle.AssertIdentical(expected, actual, name);
    }

    [Fact]
    public void Differs_from_linear_on_the_reference_maps_so_the_rule_is_really_cubic()
    {
        var path = ResizeOracle.ReferenceFiles(Rule)[0];
        var fixture = ResizeOracle.Load(Rule, path);

        var linear = OpenCvLinearResize.Resize(fixture.Prediction, fixture.Expected.Width, fixture.Expected.Height);

        Assert.NotEqual(fixture.Expected.Pixels, linear.Pixels);
    }
}
