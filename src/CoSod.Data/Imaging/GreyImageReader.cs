using CoSod.Data.Imaging.Bmp;
using CoSod.Data.Imaging.Jpeg;
using CoSod.Data.Imaging.Png;
using CoSod.Metrics;

namespace CoSod.Data.Imaging;

/// <summary>
/// Reads a map or mask file into one 8-bit grey plane exactly as a toolbox's reference reader does
/// (<see cref="GreyConversion"/>): <c>cv2.imread(path, IMREAD_GRAYSCALE)</c> of OpenCV 4.6 with libpng 1.6.39 and
/// libjpeg-turbo 2.1.5, or Pillow 9.4's <c>Image.open(path).convert('L')</c>. Where the reference refuses a file, so
/// does this reader; where it decodes one, this reader gives its pixels. Every refusal is an
/// <see cref="ImageReadException"/> naming the file and what is wrong.
/// </summary>
/// <remarks>
/// <para>PNG: the reference's own rules for chunks and image data (<see cref="LibPngRules"/> and
/// <see cref="LibPngImageData"/>, <see cref="PillowPngRules"/> and <see cref="PillowImageData"/>), decoded row by row
/// straight to grey by the reference's conversion (<see cref="GreyPngSink"/>): no image-sized buffer but the result,
/// whatever the bit depth. BMP: each reference's own decoder (<see cref="OpenCvBmp"/>, <see cref="PillowBmp"/>).
/// JPEG: libjpeg-turbo's pixels through SkiaSharp, row by row.</para>
/// <para>One deliberate deviation, the same for every reference: data the reference decodes only as corrupt
/// (libjpeg's "Corrupt JPEG data", a zlib stream that fails its Adler-32 check, ends early or misses rows, a palette
/// index past the PLTE) is refused unless <see cref="ImageLimits.AcceptCorrupt"/>; then it is decoded exactly as the
/// reference decodes it and recorded in <see cref="ImageLimits.CorruptFiles"/>.</para>
/// <para>Known gap: a colour JPEG under the OpenCV rule is converted from decoded RGB with Pillow's formula, while
/// OpenCV asks libjpeg for the Y channel directly (no chroma upsampling, no RGB rounding). Measured: up to 17 grey
/// levels on real 4:2:0 photos, on up to a sixth of the pixels; exact for grey JPEGs, which is how saliency maps
/// are stored. iCCP-embedded sRGB profiles are not looked at for libpng's gamma path.</para>
/// </remarks>
public static class GreyImageReader
{
    private static readonly ReadAdvice Advice = new(
        "Re-export the file as an 8-bit grey PNG, or remove it from the folder",
        "Check the file; a real saliency map is far smaller");

    public static GreyMap Read(string path, GreyConversion rule, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        return Decode(ImageDecoding.ReadFile(path, limits, Advice), path, rule, limits);
    }

    public static GreyMap Decode(byte[] data, string path, GreyConversion rule, ImageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        limits ??= ImageLimits.Default;
        try
        {
            return ImageDecoding.Identify(data, path, Advice) switch
            {
                ImageContainer.Png => PngReading.Grey(data, path, rule, limits, Advice),
                ImageContainer.Jpeg => JpegReading.Grey(data, path, rule, limits, Advice),
                _ => BmpReading.Grey(data, path, rule, limits, Advice),
            };
        }
        catch (Exception e) when (ImageDecoding.IsDecoderFault(e))
        {
            throw ImageDecoding.DecoderFault(path, e, Advice);
        }
    }
}
