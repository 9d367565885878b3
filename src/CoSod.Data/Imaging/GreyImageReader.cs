using CoSod.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Data.Imaging;

/// <summary>
/// Reads a map or mask file into one 8-bit grey plane following a toolbox's <see cref="GreyConversion"/>.
/// Every failure becomes an <see cref="ImageReadException"/> naming the file: unknown or empty files,
/// truncated or corrupt data, and images whose declared size exceeds <see cref="ImageLimits.MaxPixels"/>
/// (checked from the header before anything is decoded).
/// </summary>
/// <remarks>
/// PNG and BMP are decoded by ImageSharp 2.1.13 (exact for these lossless formats; truncated data, which it
/// would fill with black, is refused beforehand); JPEG by SkiaSharp, whose libjpeg-turbo gives the pixels
/// OpenCV and PIL read (ImageSharp's JPEG decoder does not). Under the OpenCV rule a colour PNG with a gAMA or
/// sRGB chunk takes libpng's gamma-corrected rgb_to_gray (<see cref="LibPngGamma"/>; up to ~70 grey levels away
/// from the plain formula), and the EXIF orientation of a JPEG (APP1) or PNG (eXIf) is applied, as cv2.imread
/// does; PIL applies neither. Both were checked against Debian 12's OpenCV 4.6.0 and Pillow 9.4.0
/// (tests/CoSod.Tests/Imaging).
/// Known gap: a colour JPEG under the OpenCV rule is converted from decoded RGB with PIL's formula, while
/// OpenCV asks libjpeg for the Y channel directly (no chroma upsampling, no RGB rounding). Measured: up to 17
/// grey levels on real 4:2:0 photos, on up to a sixth of the pixels; exact for grey JPEGs, which is how
/// saliency maps are stored. iCCP-embedded sRGB profiles are not looked at for the gamma path.
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
        limits ??= ImageLimits.Default;
        try
        {
            return ImageDecoding.Identify(data, path, Advice) switch
            {
                ImageContainer.Png => DecodePng(data, path, rule, limits),
                ImageContainer.Jpeg => DecodeJpeg(data, path, rule, limits),
                _ => DecodeBmp(data, path, rule, limits),
            };
        }
        catch (Exception e) when (ImageDecoding.IsDecoderFault(e))
        {
            throw ImageDecoding.DecoderFault(path, e, Advice);
        }
    }

    private static GreyMap DecodePng(byte[] data, string path, GreyConversion rule, ImageLimits limits)
    {
        var header = ImageDecoding.InspectPng(data, path, limits, Advice);
        if (header.ColorType == PngColorType.Grey && header.BitDepth == 8 && !header.Interlaced)
        {
            var grey = new GreyMap(header.Width, header.Height, PngRawDecoder.DecodeGrey8(data, header, path));
            return rule == GreyConversion.OpenCv ? Orient(grey, header.ExifOrientation) : grey;
        }

        ImageDecoding.CheckPngData(data, header, path, Advice);
        var isGrey = header.ColorType is PngColorType.Grey or PngColorType.GreyAlpha;
        var gamma = rule == GreyConversion.OpenCv && !isGrey ? LibPngGamma.For(header) : null;
        GreyMap map;
        if (header.BitDepth == 16)
        {
            using var wide = ImageDecoding.Load<Rgba64>(data, ImageContainer.Png, path, Advice);
            map = FromWide(wide, header.ColorType, rule, gamma);
        }
        else if (header.ColorType == PngColorType.Palette && rule == GreyConversion.Pil)
        {
            // Pillow looks palette indices up in a palette that starts as a grey ramp (an index past the PLTE reads
            // (i, i, i)); ImageSharp repeats the last entry. RgbImageReader follows Pillow; P -> L is then the luma
            // of the looked-up colour.
            var rgb = RgbImageReader.Decode(data, path, limits);
            var pixels = new byte[rgb.PixelCount];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = PilLuma(rgb.Pixels[3 * i], rgb.Pixels[(3 * i) + 1], rgb.Pixels[(3 * i) + 2]);
            }

            map = new GreyMap(rgb.Width, rgb.Height, pixels);
        }
        else if (header.ColorType == PngColorType.Grey)
        {
            using var grey = ImageDecoding.Load<L8>(data, ImageContainer.Png, path, Advice);
            var pixels = new byte[grey.Width * grey.Height];
            grey.CopyPixelDataTo(pixels);
            map = new GreyMap(grey.Width, grey.Height, pixels);
        }
        else
        {
            using var colour = ImageDecoding.Load<Rgba32>(data, ImageContainer.Png, path, Advice);
            map = FromColour(colour, isGrey, rule == GreyConversion.Pil ? ColourRule.Pil : ColourRule.LibPng, gamma);
        }

        // OpenCV applies the orientation of an eXIf chunk (libpng hands it over); PIL's open does not.
        return rule == GreyConversion.OpenCv ? Orient(map, header.ExifOrientation) : map;
    }

    private static GreyMap DecodeBmp(byte[] data, string path, GreyConversion rule, ImageLimits limits)
    {
        ImageDecoding.InspectBmp(data, path, limits, Advice);
        using var colour = ImageDecoding.Load<Rgba32>(data, ImageContainer.Bmp, path, Advice);
        return FromColour(colour, false, rule == GreyConversion.OpenCv ? ColourRule.OpenCvBgr : ColourRule.Pil, null);
    }

    private static GreyMap DecodeJpeg(byte[] data, string path, GreyConversion rule, ImageLimits limits)
    {
        using var jpeg = ImageDecoding.DecodeJpeg(data, path, limits, Advice);
        var width = jpeg.Width;
        var map = new byte[width * jpeg.Height];
        for (var y = 0; y < jpeg.Height; y++)
        {
            var row = jpeg.Row(y);
            var target = map.AsSpan(y * width, width);
            if (jpeg.Grey)
            {
                row.CopyTo(target);
                continue;
            }

            // Both rules convert decoded RGB; OpenCV would read libjpeg's Y channel instead (see the remarks).
            for (var x = 0; x < target.Length; x++)
            {
                target[x] = PilLuma(row[4 * x], row[(4 * x) + 1], row[(4 * x) + 2]);
            }
        }

        var result = new GreyMap(width, jpeg.Height, map);

        // cv2.imread applies the EXIF orientation unless told not to; PIL's Image.open leaves the pixels alone.
        return rule == GreyConversion.OpenCv ? Orient(result, jpeg.Orientation) : result;
    }

    /// <summary>
    /// OpenCV's ApplyExifOrientation: 2 flips left-right, 3 rotates 180, 4 flips top-bottom, 5 transposes,
    /// 6 transposes then flips left-right (90 clockwise), 7 transposes then rotates 180, 8 transposes then flips
    /// top-bottom (90 counter-clockwise); anything else leaves the map as it is.
    /// </summary>
    internal static GreyMap Orient(GreyMap map, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return map;
        }

        var transpose = orientation >= 5;
        var flipX = orientation is 2 or 3 or 6 or 7;
        var flipY = orientation is 3 or 4 or 7 or 8;
        var width = transpose ? map.Height : map.Width;
        var height = transpose ? map.Width : map.Height;
        var pixels = new byte[map.Pixels.Length];
        for (var y = 0; y < height; y++)
        {
            var ty = flipY ? height - 1 - y : y;
            for (var x = 0; x < width; x++)
            {
                var tx = flipX ? width - 1 - x : x;
                pixels[(y * width) + x] = transpose ? map.Pixels[(tx * map.Width) + ty] : map.Pixels[(ty * map.Width) + tx];
            }
        }

        return new GreyMap(width, height, pixels);
    }

    private enum ColourRule
    {
        LibPng,
        OpenCvBgr,
        Pil,
    }

    private static GreyMap FromColour(Image<Rgba32> image, bool isGrey, ColourRule rule, LibPngGamma? gamma)
    {
        var rgba = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(rgba);
        var pixels = new byte[rgba.Length];
        for (var i = 0; i < rgba.Length; i++)
        {
            var p = rgba[i];
            pixels[i] = isGrey
                ? p.R
                : rule switch
                {
                    ColourRule.LibPng when gamma is not null => gamma.Grey(p.R, p.G, p.B),
                    ColourRule.LibPng => LibPngGrey(p.R, p.G, p.B),
                    ColourRule.OpenCvBgr => OpenCvGrey(p.R, p.G, p.B),
                    _ => PilLuma(p.R, p.G, p.B),
                };
        }

        return new GreyMap(image.Width, image.Height, pixels);
    }

    private static GreyMap FromWide(Image<Rgba64> image, PngColorType colorType, GreyConversion rule, LibPngGamma? gamma)
    {
        var isGrey = colorType is PngColorType.Grey or PngColorType.GreyAlpha;
        var rgba = new Rgba64[image.Width * image.Height];
        image.CopyPixelDataTo(rgba);
        var pixels = new byte[rgba.Length];
        for (var i = 0; i < rgba.Length; i++)
        {
            var p = rgba[i];
            if (rule == GreyConversion.OpenCv)
            {
                // libpng converts to grey at 16 bits, then png_set_strip_16 keeps the high byte.
                pixels[i] = isGrey ? (byte)(p.R >> 8)
                    : gamma is not null ? gamma.Grey16(p.R, p.G, p.B)
                    : (byte)(LibPngGrey16(p.R, p.G, p.B) >> 8);
            }
            else if (colorType == PngColorType.Grey)
            {
                // PIL opens a 16-bit grey PNG as mode I; convert('L') clips, it does not scale.
                pixels[i] = (byte)Math.Min(p.R, (ushort)255);
            }
            else
            {
                // PIL unpacks 16-bit grey+alpha (to RGBA) and 16-bit RGB(A) by the high byte of each sample.
                pixels[i] = isGrey ? (byte)(p.R >> 8) : PilLuma((byte)(p.R >> 8), (byte)(p.G >> 8), (byte)(p.B >> 8));
            }
        }

        return new GreyMap(image.Width, image.Height, pixels);
    }

    /// <summary>libpng <c>png_set_rgb_to_gray(png, 1, 0.299, 0.587)</c>: 15-bit coefficients, truncated.</summary>
    internal static byte LibPngGrey(byte r, byte g, byte b) =>
        r == g && g == b ? r : (byte)(((LibPngRed * r) + (LibPngGreen * g) + (LibPngBlue * b)) >> 15);

    private static ushort LibPngGrey16(ushort r, ushort g, ushort b) =>
        r == g && g == b ? r : (ushort)(((LibPngRed * (long)r) + (LibPngGreen * (long)g) + (LibPngBlue * (long)b) + 16384) >> 15);

    /// <summary>OpenCV's icvCvt_BGR2Gray_8u: 14-bit coefficients, rounded.</summary>
    internal static byte OpenCvGrey(byte r, byte g, byte b) => (byte)(((b * 1868) + (g * 9617) + (r * 4899) + 8192) >> 14);

    /// <summary>Pillow's L = R 299/1000 + G 587/1000 + B 114/1000 in 16-bit fixed point, rounded.</summary>
    internal static byte PilLuma(byte r, byte g, byte b) => (byte)(((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16);

    // 0.299 and 0.587 as libpng's png_fixed (x 100000), scaled to 2^15 by truncating division; blue takes the rest.
    private const int LibPngRed = 29900 * 32768 / 100000;
    private const int LibPngGreen = 58700 * 32768 / 100000;
    private const int LibPngBlue = 32768 - LibPngRed - LibPngGreen;
}
