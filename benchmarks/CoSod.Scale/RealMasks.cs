using CoSod.Data.Imaging;
using CoSod.Metrics;

namespace CoSod.Scale;

/// <summary>
/// Real prediction maps as a dataset with ground truth, as issue 15 measured scale: each map's mask is the map itself
/// blurred (Gaussian, sigma 4, mirrored borders) and thresholded at 110, so objects are smooth and realistic. Writes
/// <c>gt/&lt;Dataset&gt;/&lt;group&gt;/&lt;stem&gt;.png</c> masks and links each map as <c>pred/&lt;Method&gt;/...</c>.
/// </summary>
public static class RealMasks
{
    private const double Sigma = 4.0;
    private const int Radius = 12;
    private const int Threshold = 110;

    public static int Run(Arguments arguments) =>
        Write(arguments.Text("--maps"), arguments.Text("--out"), "CoSal2015", "A2S") is var count && count > 0 ? 0 : 2;

    /// <summary>Writes the dataset for every PNG map under <c>&lt;maps&gt;/&lt;group&gt;/</c>; returns how many pairs.</summary>
    public static int Write(string maps, string root, string dataset, string method)
    {
        var files = Directory.GetFiles(maps, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var kernel = Kernel();
        Parallel.ForEach(files, map =>
        {
            var group = Path.GetFileName(Path.GetDirectoryName(map)!);
            var name = Path.GetFileName(map);
            var link = Path.Combine(root, "pred", method, dataset, group, name);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, Path.GetFullPath(map));
            }

            var grey = GreyImageReader.Read(map, GreyConversion.OpenCv);
            GreyPngWriter.Write(MaskOf(grey, kernel), Path.Combine(root, "gt", dataset, group, name));
        });
        return files.Count;
    }

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

    /// <summary>Separable blur with mirrored borders, then &gt; threshold.</summary>
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
