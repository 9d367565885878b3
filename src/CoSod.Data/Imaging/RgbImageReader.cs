using CoSod.Data.Imaging.Bmp;
using CoSod.Data.Imaging.Jpeg;
using CoSod.Data.Imaging.Png;

namespace CoSod.Data.Imaging;

/// <summary>
/// Reads an image file into 8-bit RGB exactly as Pillow 9.4's <c>Image.open(path).convert('RGB')</c> does, which
/// is how the official GCoNet+, GCoNet and GICD test scripts load their inputs. Pillow's verdicts and decoders are
/// those of the PIL rule of <see cref="GreyImageReader"/> (the same refusals, the same corruption rule); only the
/// last conversion differs: grey repeated into three channels, alpha dropped, palettes looked up, 16-bit grey
/// clipped (mode I), 16-bit colour by the high byte, no EXIF orientation and no ICC profile applied.
/// </summary>
public static class RgbImageReader
{
    private static readonly ReadAdvice Advice = new(
        "Re-save the image as an 8-bit RGB JPEG or PNG, or remove it from the folder",
        "Check the file; a real dataset image is far smaller");

    public static RgbImage Read(string path, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        return Decode(ImageDecoding.ReadFile(path, limits, Advice), path, limits);
    }

    public static RgbImage Decode(byte[] data, string path, ImageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        limits ??= ImageLimits.Default;
        try
        {
            return ImageDecoding.Identify(data, path, Advice) switch
            {
                ImageContainer.Png => PngReading.Rgb(data, path, limits, Advice),
                ImageContainer.Jpeg => JpegReading.Rgb(data, path, limits, Advice),
                _ => BmpReading.Rgb(data, path, limits, Advice),
            };
        }
        catch (Exception e) when (ImageDecoding.IsDecoderFault(e))
        {
            throw ImageDecoding.DecoderFault(path, e, Advice);
        }
    }
}
