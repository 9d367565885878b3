using System.Buffers.Binary;
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
        try
        {
            return DecodeUnguarded(data, path, rule, limits);
        }
        catch (Exception e) when (e is not ImageReadException and not OutOfMemoryException)
        {
            // A decoder that trips over a malformed file (ImageSharp's BMP reader can throw
            // NullReferenceException or DivideByZeroException) must not take the run down with it.
            throw new ImageReadException(path, $"the file cannot be decoded ({e.GetType().Name}: {e.Message})", ReplaceAdvice, e);
        }
    }

    private static GreyMap DecodeUnguarded(byte[] data, string path, GreyConversion rule, ImageLimits? limits)
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
        if (header.ColorType == PngColorType.Grey && header.BitDepth == 8 && !header.Interlaced)
        {
            var grey = new GreyMap(header.Width, header.Height, PngRawDecoder.DecodeGrey8(data, header, path));
            return rule == GreyConversion.OpenCv ? Orient(grey, header.ExifOrientation) : grey;
        }

        var dataProblem = PngStructure.CheckImageData(data, header);
        if (dataProblem is not null)
        {
            throw new ImageReadException(path, dataProblem, ReplaceAdvice);
        }

        try
        {
            var isGrey = header.ColorType is PngColorType.Grey or PngColorType.GreyAlpha;
            var gamma = rule == GreyConversion.OpenCv && !isGrey ? LibPngGamma.For(header) : null;
            GreyMap map;
            if (header.BitDepth == 16)
            {
                using var wide = Image.Load<Rgba64>(data);
                map = FromWide(wide, header.ColorType, rule, gamma);
            }
            else if (header.ColorType == PngColorType.Grey)
            {
                using var grey = Image.Load<L8>(data);
                var pixels = new byte[grey.Width * grey.Height];
                grey.CopyPixelDataTo(pixels);
                map = new GreyMap(grey.Width, grey.Height, pixels);
            }
            else
            {
                using var colour = Image.Load<Rgba32>(data);
                map = FromColour(colour, isGrey, rule == GreyConversion.Pil ? ColourRule.Pil : ColourRule.LibPng, gamma);
            }

            // OpenCV applies the orientation of an eXIf chunk (libpng hands it over); PIL's open does not.
            return rule == GreyConversion.OpenCv ? Orient(map, header.ExifOrientation) : map;
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
            var problem = CheckBmpLength(data);
            if (problem is not null)
            {
                throw new ImageReadException(path, problem, ReplaceAdvice);
            }

            using var colour = Image.Load<Rgba32>(data);
            return FromColour(colour, false, rule == GreyConversion.OpenCv ? ColourRule.OpenCvBgr : ColourRule.Pil, null);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            throw new ImageReadException(path, "the BMP data is corrupt (" + e.Message + ")", ReplaceAdvice, e);
        }
    }

    /// <summary>
    /// ImageSharp decodes a truncated uncompressed BMP silently (the missing rows stay black); OpenCV and PIL
    /// refuse it. Checks that the pixel array the header declares (rows padded to 4 bytes) fits in the file.
    /// RLE-compressed BMPs are left to the decoder.
    /// </summary>
    private static string? CheckBmpLength(byte[] data)
    {
        if (data.Length < 26)
        {
            return "the file is truncated (it ends inside the BMP header)";
        }

        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(10));
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(14));
        long width, height, bitsPerPixel, compression;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(18));
            height = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(20));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(24));
            compression = 0;
        }
        else if (headerSize >= 40 && data.Length >= 14 + 40)
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(18));
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(22)));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(28));
            compression = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(30));
        }
        else
        {
            // Other header layouts are rare; only a file shorter than its own header is certainly truncated.
            return data.Length < 14L + headerSize ? "the file is truncated (it ends inside the BMP header)" : null;
        }

        if (compression is not (0 or 3 or 6))
        {
            return null; // RLE or embedded JPEG/PNG: sizes are not known from the header
        }

        var needed = pixelOffset + ((((width * bitsPerPixel) + 31) / 32) * 4 * height);
        return data.Length < needed
            ? $"the file is truncated (the BMP pixel rows need {needed} bytes, the file has {data.Length})"
            : null;
    }

    private static GreyMap DecodeJpeg(byte[] data, string path, GreyConversion rule, ImageLimits limits)
    {
        var (width, height, grey, origin, buffer, rowBytes) = DecodeJpegPixels(data, path, limits);
        var map = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            if (grey)
            {
                buffer.AsSpan(y * rowBytes, width).CopyTo(map.AsSpan(y * width, width));
                continue;
            }

            // Both rules convert decoded RGB; OpenCV would read libjpeg's Y channel instead (see the remarks).
            var row = buffer.AsSpan(y * rowBytes, width * 4);
            for (var x = 0; x < width; x++)
            {
                map[(y * width) + x] = PilLuma(row[4 * x], row[(4 * x) + 1], row[(4 * x) + 2]);
            }
        }

        var result = new GreyMap(width, height, map);

        // cv2.imread applies the EXIF orientation unless told not to; PIL's Image.open leaves the pixels alone.
        return rule == GreyConversion.OpenCv ? Orient(result, origin) : result;
    }

    /// <summary>
    /// A JPEG decoded to RGB exactly as PIL's <c>Image.open(path).convert('RGB')</c> gives it (libjpeg-turbo,
    /// no EXIF orientation): height x width x 3 bytes, row-major. Grey JPEGs are repeated into three channels.
    /// </summary>
    internal static (int Width, int Height, byte[] Rgb) DecodeJpegRgb(byte[] data, string path, ImageLimits? limits = null)
    {
        var (width, height, grey, _, buffer, rowBytes) = DecodeJpegPixels(data, path, limits ?? ImageLimits.Default);
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 3;
                if (grey)
                {
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = buffer[(y * rowBytes) + x];
                }
                else
                {
                    buffer.AsSpan((y * rowBytes) + (4 * x), 3).CopyTo(rgb.AsSpan(o, 3));
                }
            }
        }

        return (width, height, rgb);
    }

    private static (int Width, int Height, bool Grey, int Orientation, byte[] Buffer, int RowBytes) DecodeJpegPixels(
        byte[] data, string path, ImageLimits limits)
    {
        if (data.Length < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF)
        {
            throw new ImageReadException(path, "not a JPEG image (bad signature)", ReplaceAdvice);
        }

        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw new ImageReadException(path, "the JPEG header is unreadable (truncated or corrupt)", ReplaceAdvice);
        var width = codec.Info.Width;
        var height = codec.Info.Height;
        CheckSize(path, width, height, limits);

        var grey = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(width, height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var buffer = new byte[info.BytesSize64];
        var result = codec.GetPixels(info, buffer);

        // Skia reports a progressive JPEG cut short as invalid input rather than incomplete input; a failed
        // decode of data that holds no end-of-image marker at all is a truncation either way.
        if (result == SKCodecResult.IncompleteInput
            || (result != SKCodecResult.Success && data.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0))
        {
            throw new ImageReadException(path, "the JPEG is truncated (its data ends early)", ReplaceAdvice);
        }

        if (result != SKCodecResult.Success)
        {
            throw new ImageReadException(path, $"the JPEG data is corrupt ({result})", ReplaceAdvice);
        }

        // SKEncodedOrigin numbers its values as EXIF does (1 = top-left ... 8 = left-bottom).
        var orientation = (int)codec.EncodedOrigin is >= 1 and <= 8 ? (int)codec.EncodedOrigin : 1;
        return (width, height, grey, orientation, buffer, info.RowBytes);
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
