using CoSod.Data.Files;
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

    /// <summary>
    /// Writes through <see cref="OutputBatch"/>: a temporary file beside <paramref name="path"/> renamed in place, so a
    /// reader never sees half a map and a symbolic link at the path is replaced, never written through.
    /// </summary>
    /// <exception cref="OutputException">The map cannot be written.</exception>
    public static void Write(GreyMap map, string path)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var batch = new OutputBatch();
        batch.Add(path, stream =>
        {
            using var image = Image.LoadPixelData<L8>(map.Pixels, map.Width, map.Height);
            image.SaveAsPng(stream, Encoder);
        });
        batch.Commit();
    }
}
