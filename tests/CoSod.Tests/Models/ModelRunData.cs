using CoSod.Models.Networks;
using CoSod.Models.Weights;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Models;

/// <summary>
/// A small dataset of input images (JPEG and PNG, several sizes) with ground truth, and GCoNet+ with the parity
/// fixtures' deterministic weights saved in the suite's own format: enough to run predict and live evaluation.
/// </summary>
public sealed class ModelRunData : IDisposable
{
    public const string Dataset = "Synth";

    public ModelRunData()
    {
        Tree = new TempTree();
        var sizes = new (string Group, string Stem, int Width, int Height, bool Jpeg)[]
        {
            ("apple", "a1", 160, 120, true),
            ("apple", "a2", 97, 131, true),
            ("apple", "a3", 120, 120, false),
            ("bird", "b1", 150, 100, true),
            ("bird", "b2", 64, 80, false),
        };
        var seed = 0;
        foreach (var (group, stem, width, height, jpeg) in sizes)
        {
            Images.Add((group, stem, width, height, Rgb($"images/{Dataset}/Image/{group}/{stem}.{(jpeg ? "jpg" : "png")}", width, height, seed, jpeg)));
            Tree.Mask($"gt/{Dataset}/GroundTruth/{group}/{stem}.png", width, height, seed);
            seed++;
        }

        using var network = new GCoNetPlus();
        DeterministicWeights.Fill(network);
        Weights = Tree.PathOf("gconet-plus.safetensors");
        CheckpointWriter.Save(network, Weights);
    }

    public TempTree Tree { get; }

    public string ImagesRoot => Tree.PathOf("images");

    public string GroundTruthRoot => Tree.PathOf("gt");

    /// <summary>GCoNet+ weights (deterministic rule) in the suite's own checkpoint format.</summary>
    public string Weights { get; }

    public List<(string Group, string Stem, int Width, int Height, string Path)> Images { get; } = [];

    /// <summary>An RGB image: a lit ellipse (the "object") over a seeded gradient, so maps are not constant.</summary>
    private string Rgb(string relative, int width, int height, int seed, bool jpeg)
    {
        var path = Tree.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<Rgb24>(width, height);
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double dx = (x - (width * 0.55)) / (width * 0.3), dy = (y - (height * 0.5)) / (height * 0.3);
                var inside = (dx * dx) + (dy * dy) < 1;
                image[x, y] = inside
                    ? new Rgb24((byte)(200 + random.Next(40)), (byte)(60 + random.Next(30)), 40)
                    : new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)(90 + random.Next(20)));
            }
        }

        if (jpeg)
        {
            image.SaveAsJpeg(path, new JpegEncoder { Quality = 90 });
        }
        else
        {
            image.SaveAsPng(path);
        }

        return path;
    }

    public void Dispose() => Tree.Dispose();
}
