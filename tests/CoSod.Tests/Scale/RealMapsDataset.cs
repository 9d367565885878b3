using CoSod.Data.Imaging;
using CoSod.Metrics;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Scale;

/// <summary>
/// The 2,015 real CoSal2015 prediction maps of ../shared (zs-cosod-a2s-cosal2015-preds, ~470x355, up to 6 MP) as one
/// method, scored against ground truths made from the maps themselves (Gaussian blur, sigma 4, thresholded at 110),
/// as issue 15 measured it. Built once per test run in a temporary folder: masks written, maps linked.
/// </summary>
public sealed class RealMapsDataset : IDisposable
{
    private const double Sigma = 4.0;
    private const int Radius = 12;
    private const int Threshold = 110;

    private readonly TempTree _tree = new();

    public RealMapsDataset()
    {
        if (!SharedFixtures.Available && !SharedFixtures.Required)
        {
            return;
        }

        var source = Path.Combine(SharedFixtures.Real, "zs-cosod-a2s-cosal2015-preds", "A2S-v2", "result", "CoSal2015", "ssim", "final");
        var maps = Directory.GetFiles(source, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var kernel = Kernel();
        Parallel.ForEach(maps, map =>
        {
            var group = Path.GetFileName(Path.GetDirectoryName(map)!);
            var name = Path.GetFileName(map);
            var link = _tree.PathOf($"pred/A2S/CoSal2015/{group}/{name}");
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, map);
            var grey = GreyImageReader.Read(map, GreyConversion.OpenCv);
            GreyPngWriter.Write(MaskOf(grey, kernel), _tree.PathOf($"gt/CoSal2015/{group}/{name}"));
        });
        Count = maps.Count;
    }

    public string GroundTruth => _tree.PathOf("gt");

    public string Predictions => _tree.PathOf("pred");

    public int Count { get; }

    public string PathOf(string relative) => _tree.PathOf(relative);

    public void Dispose() => _tree.Dispose();

    private static double[] Kernel()
    {
        var kernel = new double[(2 * Radius) + 1];
        var sum = 0.0;
        for (var i = 0; i < kernel.Length; i++)
        {
            var d = i - Radius;
            sum += kernel[i] = Math.Exp(-(d * d) / (2 * Sigma * Sigma));
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    /// <summary>Separable blur with mirrored borders, then &gt; threshold: a smooth, realistic object mask.</summary>
    private static GreyMap MaskOf(GreyMap map, double[] kernel)
    {
        int w = map.Width, h = map.Height;
        var rows = new double[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var s = 0.0;
                for (var k = -Radius; k <= Radius; k++)
                {
                    s += kernel[k + Radius] * map.Pixels[(y * w) + Mirror(x + k, w)];
                }

                rows[(y * w) + x] = s;
            }
        }

        var mask = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var s = 0.0;
                for (var k = -Radius; k <= Radius; k++)
                {
                    s += kernel[k + Radius] * rows[(Mirror(y + k, h) * w) + x];
                }

                mask[(y * w) + x] = s > Threshold ? (byte)255 : (byte)0;
            }
        }

        return new GreyMap(w, h, mask);
    }

    private static int Mirror(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        while (i < 0 || i >= n)
        {
            i = i < 0 ? -i : (2 * n) - 2 - i;
        }

        return i;
    }
}
