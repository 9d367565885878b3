using CoSod.Data.Imaging;
using CoSod.Metrics;

namespace CoSod.Scale;

/// <summary>
/// A synthetic dataset of any size for scale runs: <c>gt/Synth/gNNN/NNNNN.png</c> binary masks of one to three
/// ellipses and, per method, <c>pred/MethodK/Synth/...</c> soft maps (the masks blurred by distance, shifted and
/// noised with a seeded generator). Groups of 100 images. Deterministic: the same arguments give the same files.
/// </summary>
internal static class SyntheticLayout
{
    private const int ImagesPerGroup = 100;

    public static int Run(Arguments arguments)
    {
        var root = arguments.Text("--out");
        var pairs = arguments.Number("--pairs", 1000);
        var methods = arguments.Number("--methods", 1);
        var width = arguments.Number("--width", 400);
        var height = arguments.Number("--height", 300);
        Parallel.For(0, pairs, i =>
        {
            var group = $"g{i / ImagesPerGroup:000}";
            var stem = $"{i:00000}";
            var random = new Random(i);
            var mask = Mask(width, height, random);
            GreyPngWriter.Write(new GreyMap(width, height, mask), Path.Combine(root, "gt", "Synth", group, stem + ".png"));
            for (var m = 0; m < methods; m++)
            {
                var map = Prediction(mask, width, height, new Random((i * 31) + m + 1));
                GreyPngWriter.Write(new GreyMap(width, height, map), Path.Combine(root, "pred", $"Method{m}", "Synth", group, stem + ".png"));
            }
        });
        Console.WriteLine($"wrote {pairs} pairs x {methods} method(s) of {width}x{height} under {root}");
        return 0;
    }

    private static byte[] Mask(int width, int height, Random random)
    {
        var pixels = new byte[width * height];
        var shapes = random.Next(1, 4);
        for (var s = 0; s < shapes; s++)
        {
            double cx = random.Next(width), cy = random.Next(height);
            double rx = random.Next(width / 10, width / 3), ry = random.Next(height / 10, height / 3);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var dx = (x - cx) / rx;
                    var dy = (y - cy) / ry;
                    if ((dx * dx) + (dy * dy) <= 1)
                    {
                        pixels[(y * width) + x] = 255;
                    }
                }
            }
        }

        return pixels;
    }

    private static byte[] Prediction(byte[] mask, int width, int height, Random random)
    {
        var pixels = new byte[mask.Length];
        int shiftX = random.Next(-8, 9), shiftY = random.Next(-8, 9);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Clamp(x + shiftX, 0, width - 1);
                var sy = Math.Clamp(y + shiftY, 0, height - 1);
                var value = (mask[(sy * width) + sx] * 0.8) + random.Next(0, 60);
                pixels[(y * width) + x] = (byte)Math.Clamp(value, 0, 255);
            }
        }

        return pixels;
    }
}
