using CoSod.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Data.Imaging;

/// <summary>Writes a map as an 8-bit grey PNG (mode "L"), the format every toolbox reads back unchanged.</summary>
public static class GreyPngWriter
{
    private static readonly PngEncoder Encoder = new()
    {
        ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
    };

    /// <summary>Writes to a temporary file beside <paramref name="path"/> and moves it in place, so a reader never sees half a map.</summary>
    public static void Write(GreyMap map, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var image = Image.LoadPixelData<L8>(map.Pixels, map.Width, map.Height))
            {
                image.SaveAsPng(temporary, Encoder);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
