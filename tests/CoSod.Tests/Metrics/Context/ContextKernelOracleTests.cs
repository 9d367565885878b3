using CoSod.Data.Imaging;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.Context;

namespace CoSod.Tests.Metrics.Context;

/// <summary>
/// The pieces of cm and ccm against PySODMetrics, OpenCV, scikit-image and scikit-learn on the same inputs
/// (<see cref="ContextOracles"/>): the kernel, the float32 relevance map, OpenCV's 8-bit Lab, scikit-image's Lab and
/// CIEDE2000, and whole cm / ccm values on flat-colour images whose patch search is full of exact ties.
/// </summary>
public sealed class ContextKernelOracleTests
{
    /// <summary>Float32 filtering noise: 2^-22 relative to the largest output (1).</summary>
    private const double RelevanceTolerance = 2.5e-7;

    public static TheoryData<int> KernelCases => ContextOracles.Indices("kernels");

    public static TheoryData<int> FlatCases => ContextOracles.Indices("flat");

    public static TheoryData<int> TinyCases => ContextOracles.Indices("tiny");

    [Theory]
    [MemberData(nameof(KernelCases))]
    public void KernelAndFloat32RelevanceMapAreOpenCvs(int index)
    {
        var item = ContextOracles.Case("kernels", index);
        var width = item.GetProperty("width").GetInt32();
        var height = item.GetProperty("height").GetInt32();
        var mask = ContextOracles.Mask(item, "mask");
        var kernel = ContextKernel.Of(mask, width, height);

        Assert.Equal(item.GetProperty("row_radius").GetInt32(), kernel.RowRadius);
        Assert.Equal(item.GetProperty("column_radius").GetInt32(), kernel.ColumnRadius);
        var weights = ContextOracles.Doubles(item.GetProperty("weights"));
        Assert.Equal(weights.Length, kernel.Weights.Length);
        for (var k = 0; k < weights.Length; k++)
        {
            // numpy's exp and LAPACK's inverse differ in the last bits (more where the covariance is nearly singular).
            Assert.True(Math.Abs(weights[k] - kernel.Weights[k]) <= 1e-16 + (1e-12 * weights[k]), $"weight {k}: {weights[k]:R} vs {kernel.Weights[k]:R}");
        }

        var relevance = RelevanceMap.Of(mask, width, height, kernel, Box(mask, width, height));
        var expected = ContextOracles.Doubles(item.GetProperty("relevance"));
        var worst = 0.0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inside = x >= relevance.Left && x < relevance.Left + relevance.Width && y >= relevance.Top && y < relevance.Top + relevance.Height;
                var ours = inside ? relevance.Values[((y - relevance.Top) * relevance.Width) + x - relevance.Left] : 0f;
                worst = Math.Max(worst, Math.Abs(ours - expected[(y * width) + x]));
            }
        }

        // Under 130 taps OpenCV filters directly in float32, reproduced bit for bit; from 130 on through a float32 DFT,
        // whose error is a few float32 steps of the largest value (at most 1) against the exactly rounded correlation.
        var tolerance = kernel.Rows * kernel.Columns < RelevanceMap.DftTaps ? 0.0 : RelevanceTolerance;
        Assert.True(worst <= tolerance, $"relevance map differs by up to {worst:E2} ({kernel.Rows}x{kernel.Columns} kernel)");
    }

    [Fact]
    public void OpenCvLabMatchesCvtColorOnEveryColour()
    {
        var rgb = new byte[(1 << 24) * 3];
        for (var i = 0; i < 1 << 24; i++)
        {
            rgb[3 * i] = (byte)(i >> 16);
            rgb[(3 * i) + 1] = (byte)(i >> 8);
            rgb[(3 * i) + 2] = (byte)i;
        }

        var lab = new byte[rgb.Length];
        OpenCvLab.Convert(rgb, lab);

        foreach (var sample in ContextOracles.Root.GetProperty("lab").GetProperty("samples").EnumerateArray())
        {
            var v = sample.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var i = (v[0] << 16) | (v[1] << 8) | v[2];
            Assert.Equal((v[3], v[4], v[5]), ((int)lab[3 * i], (int)lab[(3 * i) + 1], (int)lab[(3 * i) + 2]));
        }

        Assert.Equal(ContextOracles.Root.GetProperty("lab").GetProperty("sha256").GetString(),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(lab)));
    }

    [Fact]
    public void ScikitImageLabAndCiede2000AreReproduced()
    {
        foreach (var item in ContextOracles.Root.GetProperty("colour").EnumerateArray())
        {
            var first = item.GetProperty("rgb1").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
            var second = item.GetProperty("rgb2").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
            var lab1 = SkimageColor.Lab(first[0], first[1], first[2]);
            var lab2 = SkimageColor.Lab(second[0], second[1], second[2]);
            var want1 = ContextOracles.Doubles(item.GetProperty("lab1"));
            Assert.True(Math.Abs(lab1.L - want1[0]) < 1e-12 && Math.Abs(lab1.A - want1[1]) < 1e-12 && Math.Abs(lab1.B - want1[2]) < 1e-12,
                $"Lab of ({first[0]},{first[1]},{first[2]}): ({lab1.L:R},{lab1.A:R},{lab1.B:R}) vs ({want1[0]:R},{want1[1]:R},{want1[2]:R})");
            var de = SkimageColor.DeltaE2000(lab1, lab2);
            Assert.True(Math.Abs(de - item.GetProperty("de").GetDouble()) < 1e-12, $"dE {de:R} vs {item.GetProperty("de").GetDouble():R}");
        }
    }

    [Theory]
    [MemberData(nameof(FlatCases))]
    public void ContextMeasuresOnFlatColourImagesArePySodMetricsOwn(int index)
    {
        var item = ContextOracles.Case("flat", index);
        var width = item.GetProperty("width").GetInt32();
        var height = item.GetProperty("height").GetInt32();
        var mask = ContextOracles.Mask(item, "gt");
        var grey = mask.Select(v => (byte)(v * 255)).ToArray();
        var rgb = ContextOracles.Bytes(item, "image");
        var lab = new byte[rgb.Length];
        OpenCvLab.Convert(rgb, lab);
        var image = new CamouflageImage(width, height, rgb, lab);

        var degree = CamouflageDegree.Of(mask, width, height, image);
        var truth = PySodGroundTruth.Create(grey, width, height, PySodGroundTruthWork.CamouflageDegree, image);
        var pair = new PySodPair(ContextOracles.Bytes(item, "pred"), truth);

        Assert.True(Math.Abs(degree.Sum - item.GetProperty("cd_sum").GetDouble()) < 1e-9, $"sum(cd) {degree.Sum:R} vs {item.GetProperty("cd_sum").GetDouble():R}");
        Assert.True(Math.Abs(ContextMeasure.Context(pair) - item.GetProperty("cm").GetDouble()) < 1e-12);
        Assert.True(Math.Abs(ContextMeasure.Camouflage(pair) - item.GetProperty("ccm").GetDouble()) < 1e-12,
            $"ccm {ContextMeasure.Camouflage(pair):R} vs {item.GetProperty("ccm").GetDouble():R}");
    }

    [Fact]
    public void CoverageGivesTheSameDoublesWith256And512BitVectors()
    {
        var item = ContextOracles.Case("flat", 0);
        var width = item.GetProperty("width").GetInt32();
        var height = item.GetProperty("height").GetInt32();
        var grey = ContextOracles.Mask(item, "gt").Select(v => (byte)(v * 255)).ToArray();
        var pair = new PySodPair(ContextOracles.Bytes(item, "pred"), PySodGroundTruth.Create(grey, width, height, PySodGroundTruthWork.ContextMeasure));
        var original = CoverageRows.WideVectors;
        try
        {
            CoverageRows.WideVectors = false;
            var narrow = ContextMeasure.Context(pair);
            CoverageRows.WideVectors = true;
            var wide = ContextMeasure.Context(pair);

            Assert.Equal(BitConverter.DoubleToInt64Bits(narrow), BitConverter.DoubleToInt64Bits(wide));
            Assert.Equal(item.GetProperty("cm").GetDouble(), narrow, 1e-12);
        }
        finally
        {
            CoverageRows.WideVectors = original;
        }
    }

    [Theory]
    [MemberData(nameof(TinyCases))]
    public void CcmIsUndefinedExactlyWherePySodMetricsRaises(int index)
    {
        var item = ContextOracles.Case("tiny", index);
        var width = item.GetProperty("width").GetInt32();
        var height = item.GetProperty("height").GetInt32();
        var grey = ContextOracles.Mask(item, "gt").Select(v => (byte)(v * 255)).ToArray();
        var rgb = ContextOracles.Bytes(item, "image");
        var lab = new byte[rgb.Length];
        OpenCvLab.Convert(rgb, lab);
        var truth = PySodGroundTruth.Create(grey, width, height, PySodGroundTruthWork.CamouflageDegree, new CamouflageImage(width, height, rgb, lab));

        var ccm = ContextMeasure.Camouflage(new PySodPair(ContextOracles.Bytes(item, "pred"), truth));

        var expected = item.GetProperty("ccm");
        if (expected.ValueKind == System.Text.Json.JsonValueKind.Null)
        {
            Assert.True(double.IsNaN(ccm), $"{width}x{height}: PySODMetrics raises, got {ccm:R}");
        }
        else
        {
            Assert.Equal(expected.GetDouble(), ccm, 1e-12);
        }
    }

    private static ObjectBox Box(byte[] mask, int width, int height)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                left = Math.Min(left, i % width);
                right = Math.Max(right, i % width);
                top = Math.Min(top, i / width);
                bottom = Math.Max(bottom, i / width);
            }
        }

        return new ObjectBox(left, top, right, bottom);
    }
}
