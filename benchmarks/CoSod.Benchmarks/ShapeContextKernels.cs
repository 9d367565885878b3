using BenchmarkDotNet.Attributes;
using CoSod.Data.Imaging;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.Context;
using CoSod.Metrics.PySod.Shape;

namespace CoSod.Benchmarks;

/// <summary>
/// PySODMetrics' HCE, cm and ccm families on decoded arrays in memory, one thread, per pair: each with its ground-truth
/// work shared by every method (what a run over several methods pays per pair) and prepared in the call (one method's
/// cost). PySODMetrics' own times for the same families (400x300, one core) are measured by
/// results/bench-metrics/shape-context-anchor.py; results/bench-metrics/shape-context.md puts them side by side.
/// </summary>
/// <remarks>
/// The pairs are <see cref="SyntheticMaps"/>' ground truths and soft predictions; ccm's image is a photo-like RGB
/// frame made from the ground truth (<see cref="Photo"/>): a smooth two-colour background, the objects in their own
/// colour, and noise, so its patch search has the work a real image gives.
/// </remarks>
[MemoryDiagnoser]
public class ShapeContextKernels
{
    public const int PairsPerCall = 4;

    private byte[][] groundTruths = [];
    private byte[][] predictions = [];
    private CamouflageImage[] images = [];
    private PySodGroundTruth[] withSkeleton = [];
    private PySodGroundTruth[] withContext = [];
    private PySodGroundTruth[] withCamouflage = [];

    [ParamsSource(nameof(Sizes))]
    public ImageSize Size { get; set; } = ImageSize.Anchor;

    public static IEnumerable<ImageSize> Sizes => ImageSize.All;

    [GlobalSetup]
    public void Setup()
    {
        groundTruths = new byte[PairsPerCall][];
        predictions = new byte[PairsPerCall][];
        images = new CamouflageImage[PairsPerCall];
        withSkeleton = new PySodGroundTruth[PairsPerCall];
        withContext = new PySodGroundTruth[PairsPerCall];
        withCamouflage = new PySodGroundTruth[PairsPerCall];
        for (var k = 0; k < PairsPerCall; k++)
        {
            groundTruths[k] = SyntheticMaps.GroundTruth(Size, new Random(SyntheticMaps.Seed(Size, k, 0)));
            predictions[k] = SyntheticMaps.Prediction(groundTruths[k], Size, new Random(SyntheticMaps.Seed(Size, k, 1)));
            images[k] = Photo(groundTruths[k], Size, new Random(SyntheticMaps.Seed(Size, k, 2)));
            withSkeleton[k] = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.Skeleton);
            withContext[k] = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.ContextMeasure);
            withCamouflage[k] = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.CamouflageDegree, images[k]);
        }
    }

    /// <summary>HCE with the skeleton prepared once per ground truth.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public int HceSharedGroundTruth()
    {
        var sum = 0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            sum += HumanCorrectionEffort.Compute(new PySodPair(predictions[k], withSkeleton[k]));
        }

        return sum;
    }

    /// <summary>HCE including the ground truth's preparation (mask and skeleton): one method's cost.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public int HcePreparingGroundTruth()
    {
        var sum = 0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var truth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.Skeleton);
            sum += HumanCorrectionEffort.Compute(new PySodPair(predictions[k], truth));
        }

        return sum;
    }

    /// <summary>cm with the kernel and relevance map prepared once per ground truth.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double CmSharedGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            sum += ContextMeasure.Context(new PySodPair(predictions[k], withContext[k]));
        }

        return sum;
    }

    /// <summary>cm including the kernel and the float32 relevance map.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double CmPreparingGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var truth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.ContextMeasure);
            sum += ContextMeasure.Context(new PySodPair(predictions[k], truth));
        }

        return sum;
    }

    /// <summary>ccm with the camouflage degree prepared once per ground truth (it needs the ground truth and image only).</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double CcmSharedGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            sum += ContextMeasure.Camouflage(new PySodPair(predictions[k], withCamouflage[k]));
        }

        return sum;
    }

    /// <summary>ccm including OpenCV's Lab of the image and the camouflage degree (patch search, reconstruction, CIEDE2000).</summary>
    [Benchmark(OperationsPerInvoke = PairsPerCall)]
    [BenchmarkCategory(Categories.PySodKernels)]
    public double CcmPreparingGroundTruth()
    {
        var sum = 0.0;
        for (var k = 0; k < PairsPerCall; k++)
        {
            var rgb = images[k].Rgb;
            var lab = new byte[rgb.Length];
            OpenCvLab.Convert(rgb, lab);
            var image = new CamouflageImage(Size.Width, Size.Height, rgb, lab);
            var truth = PySodGroundTruth.Create(groundTruths[k], Size.Width, Size.Height, PySodGroundTruthWork.CamouflageDegree, image);
            sum += ContextMeasure.Camouflage(new PySodPair(predictions[k], truth));
        }

        return sum;
    }

    /// <summary>A photo-like RGB frame for a ground truth: background gradient between two colours, objects in a third, noise.</summary>
    internal static CamouflageImage Photo(byte[] groundTruth, ImageSize size, Random random)
    {
        var top = Colour(random);
        var bottom = Colour(random);
        var objectColour = Colour(random);
        var rgb = new byte[size.PixelCount * 3];
        for (var y = 0; y < size.Height; y++)
        {
            var t = (double)y / Math.Max(1, size.Height - 1);
            for (var x = 0; x < size.Width; x++)
            {
                var i = (y * size.Width) + x;
                for (var c = 0; c < 3; c++)
                {
                    var value = groundTruth[i] != 0 ? objectColour[c] : ((1 - t) * top[c]) + (t * bottom[c]);
                    rgb[(3 * i) + c] = (byte)Math.Clamp(value + random.Next(-12, 13), 0, 255);
                }
            }
        }

        var lab = new byte[rgb.Length];
        OpenCvLab.Convert(rgb, lab);
        return new CamouflageImage(size.Width, size.Height, rgb, lab);
    }

    private static double[] Colour(Random random) =>
        [30 + (195 * random.NextDouble()), 30 + (195 * random.NextDouble()), 30 + (195 * random.NextDouble())];
}
