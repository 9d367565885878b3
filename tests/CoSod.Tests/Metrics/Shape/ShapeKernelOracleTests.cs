using CoSod.Metrics.PySod.Shape;

namespace CoSod.Tests.Metrics.Shape;

/// <summary>
/// The kernels behind HCE against what OpenCV 4.6 and scikit-image 0.19.3 made of the same inputs
/// (<see cref="ShapeOracles"/>): findContours' list order, start points and every point; approxPolyDP's vertices;
/// skeletonize's pixels; and PySODMetrics' HCE integer on binary pairs.
/// </summary>
public sealed class ShapeKernelOracleTests
{
    public static TheoryData<int> ContourCases => ShapeOracles.Indices("contours");

    public static TheoryData<int> ApproxCases => ShapeOracles.Indices("approx");

    public static TheoryData<int> SkeletonCases => ShapeOracles.Indices("skeleton");

    public static TheoryData<int> HceCases => ShapeOracles.Indices("hce");

    [Theory]
    [MemberData(nameof(ContourCases))]
    public void FindContoursGivesOpenCvsListOrderStartsAndPoints(int index)
    {
        var item = ShapeOracles.Case("contours", index);
        var name = item.GetProperty("name").GetString();
        var mask = ShapeOracles.Mask(item, "mask");
        var expected = item.GetProperty("contours").EnumerateArray().Select(ShapeOracles.Points).ToList();

        var actual = ContourTracer.FindContours(mask, item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32());

        Assert.True(expected.Count == actual.Count, $"{name}: {actual.Count} contours, OpenCV found {expected.Count}");
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.True(expected[k].SequenceEqual(actual[k]),
                $"{name}: contour {k} differs: expected {Describe(expected[k])}, got {Describe(actual[k])}");
        }
    }

    [Theory]
    [MemberData(nameof(ApproxCases))]
    public void ApproxPolyDpKeepsOpenCvsVertices(int index)
    {
        var item = ShapeOracles.Case("approx", index);
        var curve = ShapeOracles.Points(item.GetProperty("points"));
        var expected = ShapeOracles.Points(item.GetProperty("approx"));
        var epsilon = item.GetProperty("epsilon").GetDouble();

        var actual = PolygonApproximation.ApproximateOpen(curve, epsilon);

        Assert.True(expected.SequenceEqual(actual),
            $"{item.GetProperty("kind").GetString()} of {curve.Length} points, eps {epsilon}: expected {Describe(expected)}, got {Describe(actual)}");
        Assert.Equal(expected.Length, PolygonApproximation.CountOpen(curve, epsilon, new PixelPoint[curve.Length]));
    }

    [Theory]
    [MemberData(nameof(SkeletonCases))]
    public void SkeletonIsScikitImagesPixelForPixel(int index)
    {
        var item = ShapeOracles.Case("skeleton", index);
        var mask = ShapeOracles.Mask(item, "mask");
        var expected = ShapeOracles.Mask(item, "skeleton");

        var actual = Skeleton.Compute(mask, item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32());

        var differing = expected.Zip(actual).Count(p => p.First != p.Second);
        Assert.True(differing == 0, $"{item.GetProperty("name").GetString()}: {differing} skeleton pixels differ");
    }

    [Theory]
    [MemberData(nameof(HceCases))]
    public void HceIsPySodMetricsIntegerOnBinaryPairs(int index)
    {
        var item = ShapeOracles.Case("hce", index);
        var width = item.GetProperty("width").GetInt32();
        var height = item.GetProperty("height").GetInt32();
        var groundTruth = ShapeOracles.Mask(item, "gt");
        var prediction = ShapeOracles.Mask(item, "pred");

        var hce = HumanCorrectionEffort.Compute(groundTruth, prediction, Skeleton.Compute(groundTruth, width, height), width, height);

        Assert.Equal(item.GetProperty("hce").GetInt32(), hce);
    }

    private static string Describe(PixelPoint[] points) =>
        $"{points.Length} points [" + string.Join(" ", points.Take(12).Select(p => $"({p.X},{p.Y})")) + (points.Length > 12 ? " ...]" : "]");
}
