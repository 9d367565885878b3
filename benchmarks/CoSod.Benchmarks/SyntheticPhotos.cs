using SkiaSharp;

namespace CoSod.Benchmarks;

/// <summary>
/// Seeded colour JPEGs that decode like dataset photos: a CoCA-sized 500x375 frame with a smooth two-colour
/// background, a few soft-edged coloured objects and fine sensor-like noise, encoded by libjpeg-turbo (through
/// SkiaSharp) at quality 90, a common setting of web photos. The noise keeps the entropy, and so the decoder's work,
/// near a real photo's rather than a flat drawing's.
/// </summary>
internal static class SyntheticPhotos
{
    /// <summary>A typical CoCA / CoSOD3k image (COCO-style landscape frame).</summary>
    public const int Width = 500;

    public const int Height = 375;

    /// <summary>JPEG quality of the files.</summary>
    public const int Quality = 90;

    /// <summary>Standard deviation of the per-pixel noise, in grey levels.</summary>
    private const double NoiseSigma = 6.0;

    /// <summary>The JPEG bytes of photo number <paramref name="index"/> (the same bytes in every process).</summary>
    public static byte[] Jpeg(int index)
    {
        var random = new Random(unchecked(31_337 + (index * 7_919)));
        var rgba = new byte[Width * Height * 4];
        var top = RandomColour(random);
        var bottom = RandomColour(random);
        var objects = Enumerable.Range(0, random.Next(2, 5))
            .Select(_ => (
                X: Width * (0.15 + (0.7 * random.NextDouble())),
                Y: Height * (0.15 + (0.7 * random.NextDouble())),
                Rx: Width * (0.06 + (0.14 * random.NextDouble())),
                Ry: Height * (0.06 + (0.14 * random.NextDouble())),
                Colour: RandomColour(random)))
            .ToArray();

        Span<double> pixel = stackalloc double[3];
        for (var y = 0; y < Height; y++)
        {
            var t = (double)y / (Height - 1);
            for (var x = 0; x < Width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    pixel[c] = ((1 - t) * top[c]) + (t * bottom[c]);
                }

                foreach (var o in objects)
                {
                    var dx = (x - o.X) / o.Rx;
                    var dy = (y - o.Y) / o.Ry;
                    // Opaque inside, a soft rim of 15 % of the radius: edges like a photographed object.
                    var cover = Math.Clamp((1.15 - Math.Sqrt((dx * dx) + (dy * dy))) / 0.15, 0, 1);
                    for (var c = 0; c < 3; c++)
                    {
                        pixel[c] = ((1 - cover) * pixel[c]) + (cover * o.Colour[c]);
                    }
                }

                var at = ((y * Width) + x) * 4;
                for (var c = 0; c < 3; c++)
                {
                    rgba[at + c] = (byte)Math.Clamp(Math.Round(pixel[c] + (NoiseSigma * Gaussian(random))), 0, 255);
                }

                rgba[at + 3] = 255;
            }
        }

        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, rgba, Width * 4);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return data.ToArray();
    }

    private static double[] RandomColour(Random random) =>
        [20 + (215 * random.NextDouble()), 20 + (215 * random.NextDouble()), 20 + (215 * random.NextDouble())];

    /// <summary>Standard normal sample (Box-Muller).</summary>
    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
