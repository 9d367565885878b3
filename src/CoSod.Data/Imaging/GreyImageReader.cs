using CoSod.Metrics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace CoSod.Data.Imaging;

/// <summary>
/// Reads a map or mask file into one 8-bit grey plane following a toolbox's <see cref="GreyConversion"/>.
/// Every failure becomes an <see cref="ImageReadException"/> naming the file: unknown or empty files,
/// truncated or corrupt data, and images whose declared size exceeds <see cref="ImageLimits.MaxPixels"/>
/// (checked from the header before anything is decoded).
/// </summary>
/// <remarks>
/// PNG and BMP are decoded by ImageSharp 2.1.13 (exact for these lossless formats); JPEG by SkiaSharp, whose
/// libjpeg-turbo gives the pixels OpenCV and PIL read (ImageSharp's JPEG decoder does not).
/// Known gaps, each of which moves a pixel by at most a grey level or two and only in files CoSOD maps are
/// not stored as: a colour JPEG under the OpenCV rule is converted from decoded RGB (OpenCV asks libjpeg for
/// the Y channel directly), EXIF orientation is ignored (OpenCV applies it), and libpng's gamma-corrected
/// rgb_to_gray path for colour PNGs with a gAMA chunk is not reproduced.
/// </remarks>
public static class GreyImageReader
{
    private const string ReplaceAdvice = "Re-export the file as an 8-bit grey PNG, or remove it from the folder";

    public static GreyMap Read(string path, GreyConversion rule, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        byte[] data;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ImageReadException(path, "the file does not exist", "Check the path");
            }

            if (info.Length > limits.MaxFileBytes)
            {
                throw new ImageReadException(
                    path, $"the file is {info.Length} bytes, over the {limits.MaxFileBytes}-byte limit", ReplaceAdvice);
            }

            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageReadException(path, "the file cannot be read (" + e.Message + ")",
                "Check its permissions", e);
        }

        return Decode(data, path, rule, limits);
    }

    public static GreyMap Decode(byte[] data, string path, GreyConversion rule, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        if (data.Length == 0)
        {
            throw new ImageReadException(path, "the file is empty", ReplaceAdvice);
        }

        if (PngStructure.HasSignature(data))
        {
            return DecodePng(data, path, rule, limits);
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return DecodeJpeg(data, path, rule, limits);
        }

        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            return DecodeBmp(data, path, rule, limits);
        }

        throw new ImageReadException(path, "not a PNG, JPEG or BMP image (unrecognised content)", ReplaceAdvice);
    }

    private static void CheckSize(string path, long width, long height, ImageLimits limits)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageReadException(path, $"the image declares an empty size {width}x{height}", ReplaceAdvice);
        }

        if (width * height > limits.MaxPixels)
        {
            throw new ImageReadException(
                path,
                $"the image declares {width}x{height} = {width * height} pixels, over the limit of {limits.MaxPixels} "
                + "(a decompression bomb or a wrong file)",
                "Check the file; a real saliency map is far smaller");
        }
    }

    private static GreyMap DecodePng(byte[] data, string path, GreyConversion rule, ImageLimits limits)
    {
        var header = PngStructure.Inspect(data, out var problem)
            ?? throw new ImageReadException(path, problem!, ReplaceAdvice);
        CheckSize(path, header.Width, header.Height, limits);

        try
        {
            var isGrey = header.ColorType is PngColorType.Grey or PngColorType.GreyAlpha;
            if (header.BitDepth == 16)
            {
                using var wide = Image.Load<Rgba64>(data);
                return FromWide(wide, isGrey, rule);
            }

            if (header.ColorType == PngColorType.Grey)
            {
                using var grey = Image.Load<L8>(data);
                var pixels = new byte[grey.Width * grey.Height];
                grey.CopyPixelDataTo(pixels);
                return new GreyMap(grey.Width, grey.Height, pixels);
            }

            using var colour = Image.Load<Rgba32>(data);
            return FromColour(colour, isGrey, rule == GreyConversion.OpenCv ? ColourRule.LibPng : ColourRule.Pil);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            throw new ImageReadException(path, "the PNG data is corrupt (" + e.Message + ")", ReplaceAdvice, e);
        }
    }

    private static GreyMap DecodeBmp(byte[] data, string path, GreyConversion rule, ImageLimits limits)
    {
        try
        {
            var info = Image.Identify(data)
                ?? throw new ImageReadException(path, "the BMP header is unreadable", ReplaceAdvice);
            CheckSize(path, info.Width, info.Height, limits);
            using var colour = Image.Load<Rgba32>(data);
            return FromColour(colour, false, rule == GreyConversion.OpenCv ? ColourRule.OpenCvBgr : ColourRule.Pil);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            throw new ImageReadException(path, "the BMP data is corrupt (" + e.Message + ")", ReplaceAdvice, e);
        }
    }

    private static GreyMap DecodeJpeg(byte[] data, string path, GreyConversion rule, ImageLimits limits)
    {
        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw new ImageReadException(path, "the JPEG header is unreadable", ReplaceAdvice);
        var width = codec.Info.Width;
        var height = codec.Info.Height;
        CheckSize(path, width, height, limits);

        var grey = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(width, height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var buffer = new byte[info.BytesSize64];
        var result = codec.GetPixels(info, buffer);

        if (result == SKCodecResult.IncompleteInput)
        {
            throw new ImageReadException(path, "the JPEG is truncated (its data ends early)", ReplaceAdvice);
        }

        if (result != SKCodecResult.Success)
        {
            throw new ImageReadException(path, $"the JPEG data is corrupt ({result})", ReplaceAdvice);
        }

        if (grey)
        {
            var pixels = new byte[width * height];
            for (var y = 0; y < height; y++)
            {
                buffer.AsSpan(y * info.RowBytes, width).CopyTo(pixels.AsSpan(y * width, width));
            }

            return new GreyMap(width, height, pixels);
        }

        var map = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = buffer.AsSpan(y * info.RowBytes, width * 4);
            for (var x = 0; x < width; x++)
            {
                map[(y * width) + x] = PilLuma(row[4 * x], row[(4 * x) + 1], row[(4 * x) + 2]);
            }
        }

        _ = rule; // both rules convert decoded RGB; see the remarks for the OpenCV difference.
        return new GreyMap(width, height, map);
    }

    private enum ColourRule
    {
        LibPng,
        OpenCvBgr,
        Pil,
    }

    private static GreyMap FromColour(Image<Rgba32> image, bool isGrey, ColourRule rule)
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
                    ColourRule.LibPng => LibPngGrey(p.R, p.G, p.B),
                    ColourRule.OpenCvBgr => OpenCvGrey(p.R, p.G, p.B),
                    _ => PilLuma(p.R, p.G, p.B),
                };
        }

        return new GreyMap(image.Width, image.Height, pixels);
    }

    private static GreyMap FromWide(Image<Rgba64> image, bool isGrey, GreyConversion rule)
    {
        var rgba = new Rgba64[image.Width * image.Height];
        image.CopyPixelDataTo(rgba);
        var pixels = new byte[rgba.Length];
        for (var i = 0; i < rgba.Length; i++)
        {
            var p = rgba[i];
            if (rule == GreyConversion.OpenCv)
            {
                // libpng converts to grey at 16 bits, then png_set_strip_16 keeps the high byte.
                var grey16 = isGrey ? p.R : LibPngGrey16(p.R, p.G, p.B);
                pixels[i] = (byte)(grey16 >> 8);
            }
            else if (isGrey)
            {
                // PIL opens a 16-bit grey PNG as mode I; convert('L') clips, it does not scale.
                pixels[i] = (byte)Math.Min(p.R, (ushort)255);
            }
            else
            {
                // PIL unpacks 16-bit RGB by the high byte of each sample.
                pixels[i] = PilLuma((byte)(p.R >> 8), (byte)(p.G >> 8), (byte)(p.B >> 8));
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
