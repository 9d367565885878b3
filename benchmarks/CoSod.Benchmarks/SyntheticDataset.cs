using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Benchmarks;

/// <summary>
/// One synthetic CoSOD dataset on disk, in the layout <c>cosod eval</c> reads:
/// <c>gt/&lt;Dataset&gt;/&lt;group&gt;/&lt;stem&gt;.png</c> and <c>pred/&lt;Method&gt;/&lt;Dataset&gt;/&lt;group&gt;/&lt;stem&gt;.png</c>,
/// all 8-bit grey PNGs, in a fresh temporary folder that <see cref="Dispose"/> removes.
/// </summary>
internal sealed class SyntheticDataset : IDisposable
{
    public const string DatasetName = "SynthCoSod";

    public const int GroupCount = 3;

    public const int ImagesPerGroup = 8;

    /// <summary>Ground-truth images, i.e. pairs per method.</summary>
    public const int ImageCount = GroupCount * ImagesPerGroup;

    public const int MethodCount = 3;

    private static readonly PngEncoder GreyPng = new() { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };

    private SyntheticDataset(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string GroundTruthRoot => Path.Combine(Root, "gt");

    public string PredictionRoot => Path.Combine(Root, "pred");

    public static IReadOnlyList<string> Methods { get; } = ["MethodA", "MethodB", "MethodC"];

    /// <summary>Ground-truth paths in ordinal group/stem order (the runner's order).</summary>
    public IReadOnlyList<string> GroundTruthPaths { get; private set; } = [];

    /// <summary>[method][image]: the prediction of each method for each ground truth.</summary>
    public IReadOnlyList<IReadOnlyList<string>> PredictionPaths { get; private set; } = [];

    public static SyntheticDataset Create(ImageSize size)
    {
        var dataset = new SyntheticDataset(
            Path.Combine(Path.GetTempPath(), $"cosod-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        try
        {
            dataset.Write(size);
            return dataset;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private void Write(ImageSize size)
    {
        var groundTruthPaths = new List<string>();
        var predictionPaths = Methods.Select(_ => new List<string>()).ToList();
        for (var g = 0; g < GroupCount; g++)
        {
            var group = $"group{g + 1:D2}";
            for (var s = 0; s < ImagesPerGroup; s++)
            {
                var image = (g * ImagesPerGroup) + s;
                var file = $"img{s + 1:D3}.png";
                var groundTruth = SyntheticMaps.GroundTruth(size, new Random(SyntheticMaps.Seed(size, image, 0)));
                var gtPath = Path.Combine(GroundTruthRoot, DatasetName, group, file);
                Save(groundTruth, size, gtPath);
                groundTruthPaths.Add(gtPath);
                for (var m = 0; m < Methods.Count; m++)
                {
                    var prediction = SyntheticMaps.Prediction(
                        groundTruth, size, new Random(SyntheticMaps.Seed(size, image, m + 1)));
                    var predPath = Path.Combine(PredictionRoot, Methods[m], DatasetName, group, file);
                    Save(prediction, size, predPath);
                    predictionPaths[m].Add(predPath);
                }
            }
        }

        GroundTruthPaths = groundTruthPaths;
        PredictionPaths = predictionPaths;
    }

    private static void Save(byte[] pixels, ImageSize size, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = Image.LoadPixelData<L8>(pixels, size.Width, size.Height);
        image.SaveAsPng(path, GreyPng);
    }
}
