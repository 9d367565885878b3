namespace CoSod.Benchmarks;

/// <summary>
/// Seeded synthetic saliency data that behaves like real CoSOD maps: binary ground truths made of one to three
/// filled ellipses, and soft predictions (the ground truth shifted, blurred, rescaled and noised) with many grey
/// levels, so every threshold of the curves and every branch of the S-measure and weighted F gets work.
/// </summary>
internal static class SyntheticMaps
{
    /// <summary>Grey level of ground-truth foreground (background is 0).</summary>
    private const byte Foreground = 255;

    /// <summary>Box-blur passes per direction; three approximate a Gaussian.</summary>
    private const int BlurPasses = 3;

    /// <summary>
    /// Standard deviation of the per-pixel noise added before the blur, in grey levels. Blurred with the map it
    /// becomes a smooth texture of a few levels, so maps use 150+ grey levels yet compress like network outputs
    /// (white noise after the blur would make PNGs several times larger and decoding slower than on real maps).
    /// </summary>
    private const double NoiseSigma = 24.0;

    /// <summary>A deterministic seed per (size, image, method) so every process builds the same files.</summary>
    public static int Seed(ImageSize size, int image, int method) =>
        unchecked(20_240_601 + (size.Width * 7_919) + (image * 104_729) + (method * 1_299_709));

    public static byte[] GroundTruth(ImageSize size, Random random)
    {
        int width = size.Width, height = size.Height;
        var pixels = new byte[size.PixelCount];
        var ellipses = random.Next(1, 4);
        for (var e = 0; e < ellipses; e++)
        {
            var centreX = width * (0.2 + (0.6 * random.NextDouble()));
            var centreY = height * (0.2 + (0.6 * random.NextDouble()));
            var semiAxisX = width * (0.06 + (0.16 * random.NextDouble()));
            var semiAxisY = height * (0.06 + (0.16 * random.NextDouble()));
            var angle = Math.PI * random.NextDouble();
            var (sin, cos) = Math.SinCos(angle);
            var reach = Math.Max(semiAxisX, semiAxisY);
            var x0 = Math.Max(0, (int)(centreX - reach));
            var x1 = Math.Min(width - 1, (int)(centreX + reach) + 1);
            var y0 = Math.Max(0, (int)(centreY - reach));
            var y1 = Math.Min(height - 1, (int)(centreY + reach) + 1);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    double dx = x - centreX, dy = y - centreY;
                    var u = ((dx * cos) + (dy * sin)) / semiAxisX;
                    var v = ((dy * cos) - (dx * sin)) / semiAxisY;
                    if ((u * u) + (v * v) <= 1.0)
                    {
                        pixels[(y * width) + x] = Foreground;
                    }
                }
            }
        }

        return pixels;
    }

    /// <summary>A soft map: the ground truth shifted by up to 3 %, noised, blurred, rescaled and offset.</summary>
    public static byte[] Prediction(ReadOnlySpan<byte> groundTruth, ImageSize size, Random random)
    {
        int width = size.Width, height = size.Height;
        var maxShiftX = Math.Max(1, width / 33);
        var maxShiftY = Math.Max(1, height / 33);
        var shiftX = random.Next(-maxShiftX, maxShiftX + 1);
        var shiftY = random.Next(-maxShiftY, maxShiftY + 1);

        var values = new double[size.PixelCount];
        for (var y = 0; y < height; y++)
        {
            var sourceY = Math.Clamp(y - shiftY, 0, height - 1);
            for (var x = 0; x < width; x++)
            {
                var sourceX = Math.Clamp(x - shiftX, 0, width - 1);
                values[(y * width) + x] = groundTruth[(sourceY * width) + sourceX] + (NoiseSigma * Gaussian(random));
            }
        }

        var radius = Math.Max(1, (int)(width * (0.005 + (0.015 * random.NextDouble()))));
        var line = new double[Math.Max(width, height)];
        for (var pass = 0; pass < BlurPasses; pass++)
        {
            for (var y = 0; y < height; y++)
            {
                BoxBlur(values, y * width, 1, width, radius, line);
            }

            for (var x = 0; x < width; x++)
            {
                BoxBlur(values, x, width, height, radius, line);
            }
        }

        var confidence = 0.55 + (0.45 * random.NextDouble());
        var offset = 4 + (16 * random.NextDouble());
        var prediction = new byte[size.PixelCount];
        for (var i = 0; i < prediction.Length; i++)
        {
            var value = offset + (confidence * values[i]);
            prediction[i] = (byte)Math.Clamp(Math.Round(value), 0, 255);
        }

        return prediction;
    }

    /// <summary>A centred moving average over one row or column (edge pixels repeated).</summary>
    private static void BoxBlur(double[] values, int start, int stride, int count, int radius, double[] line)
    {
        for (var i = 0; i < count; i++)
        {
            line[i] = values[start + (i * stride)];
        }

        var window = (2 * radius) + 1;
        var sum = 0.0;
        for (var k = -radius; k <= radius; k++)
        {
            sum += line[Math.Clamp(k, 0, count - 1)];
        }

        for (var i = 0; i < count; i++)
        {
            values[start + (i * stride)] = sum / window;
            sum += line[Math.Min(i + radius + 1, count - 1)] - line[Math.Max(i - radius, 0)];
        }
    }

    /// <summary>Standard normal sample (Box-Muller).</summary>
    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
