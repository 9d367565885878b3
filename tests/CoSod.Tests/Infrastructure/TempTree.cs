using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Tests.Infrastructure;

/// <summary>A throw-away folder tree of small grey PNG masks and maps, deleted on dispose.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "cosod-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>A ground-truth mask with one rectangle of foreground; the seed moves the rectangle.</summary>
    public string Mask(string relative, int width = 24, int height = 18, int seed = 0)
    {
        var pixels = new byte[width * height];
        var x0 = 2 + (seed % 5);
        var y0 = 2 + (seed % 3);
        for (var y = y0; y < Math.Min(height, y0 + (height / 2)); y++)
        {
            for (var x = x0; x < Math.Min(width, x0 + (width / 2)); x++)
            {
                pixels[(y * width) + x] = 255;
            }
        }

        return Png(relative, width, height, pixels);
    }

    /// <summary>A soft prediction map: a diagonal ramp plus a seeded bright block.</summary>
    public string Map(string relative, int width = 24, int height = 18, int seed = 0)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)Math.Min(255, ((x + y) * 4) + random.Next(0, 40));
            }
        }

        return Png(relative, width, height, pixels);
    }

    public string Png(string relative, int width, int height, byte[] pixels)
    {
        var path = Prepare(relative);
        using var image = Image.LoadPixelData<L8>(pixels, width, height);
        image.SaveAsPng(path);
        return path;
    }

    public string Bytes(string relative, byte[] content)
    {
        var path = Prepare(relative);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Text(string relative, string content) => Bytes(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string Folder(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// A standard tree: gt/&lt;Dataset&gt;/GroundTruth/&lt;group&gt;/&lt;stem&gt;.png and pred/&lt;Method&gt;/&lt;Dataset&gt;/...
    /// with a prediction for every mask.
    /// </summary>
    public TempTree Standard(string dataset = "DS", string[]? methods = null, string[]? groups = null, int perGroup = 3)
    {
        methods ??= ["M1"];
        groups ??= ["g one", "Two"];
        var seed = 0;
        foreach (var group in groups)
        {
            for (var i = 0; i < perGroup; i++)
            {
                var stem = $"{group.Replace(' ', '_')}_{i:000}";
                Mask($"gt/{dataset}/GroundTruth/{group}/{stem}.png", seed: seed);
                foreach (var method in methods)
                {
                    Map($"pred/{method}/{dataset}/{group}/{stem}.png", seed: seed + method.Length);
                }

                seed++;
            }
        }

        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private string Prepare(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
