using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CoSod.Data.Imaging;

/// <summary>
/// Reads an image file into 8-bit RGB exactly as Pillow 9.4's <c>Image.open(path).convert('RGB')</c> does, which
/// is how the official GCoNet+, GCoNet and GICD test scripts load their inputs. Every failure becomes an
/// <see cref="ImageReadException"/> naming the file, with the checks <see cref="GreyImageReader"/> makes:
/// the file and pixel caps (the latter from the header, before decoding), truncated or corrupt data refused.
/// </summary>
/// <remarks>
/// <para>JPEG goes through SkiaSharp's libjpeg-turbo, as Pillow's does (bit-exact on the real and crafted test
/// files): greyscale files are repeated into three channels; Adobe CMYK files are converted by Skia, which gives
/// Pillow's <c>cmyk2rgb</c> (both assume inverted Adobe samples). No EXIF orientation is applied, and no ICC
/// profile.</para>
/// <para>PNG follows Pillow's modes: 1-, 2- and 4-bit grey scale to 0..255; alpha (RGBA, LA, tRNS) is dropped
/// without compositing; a 16-bit grey file opens as mode I and <c>convert</c> clips it to 0..255 (it does not
/// scale); 16-bit grey+alpha and RGB(A) samples keep their high byte. Palette files are looked up here rather
/// than by ImageSharp: Pillow starts every palette as a grey ramp (entry i = (i, i, i)) and overwrites only
/// the entries the PLTE chunk holds, so an index past the PLTE reads grey where ImageSharp repeats the last
/// entry, and a palette file with no PLTE at all reads as grey.</para>
/// <para>BMP is decoded by ImageSharp (1-, 4-, 8-bit palette, 24- and 32-bit are exact), except 16-bit BMPs,
/// which are refused: Pillow widens their 5-bit samples by truncating v * 255 / 31, ImageSharp rounds.</para>
/// </remarks>
public static class RgbImageReader
{
    private static readonly ReadAdvice Advice = new(
        "Re-save the image as an 8-bit RGB JPEG or PNG, or remove it from the folder",
        "Check the file; a real dataset image is far smaller");

    /// <summary>Pillow's ImagingPaletteNew: 256 entries, entry i = (i, i, i), before the file's PLTE is copied in.</summary>
    private const int PaletteEntries = 256;

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
                ImageContainer.Png => DecodePng(data, path, limits),
                ImageContainer.Jpeg => DecodeJpeg(data, path, limits),
                _ => DecodeBmp(data, path, limits),
            };
        }
        catch (Exception e) when (ImageDecoding.IsDecoderFault(e))
        {
            throw ImageDecoding.DecoderFault(path, e, Advice);
        }
    }

    private static RgbImage DecodeJpeg(byte[] data, string path, ImageLimits limits)
    {
        using var jpeg = ImageDecoding.DecodeJpeg(data, path, limits, Advice);
        var width = jpeg.Width;
        var pixels = new byte[width * jpeg.Height * RgbImage.Channels];
        for (var y = 0; y < jpeg.Height; y++)
        {
            var row = jpeg.Row(y);
            var target = pixels.AsSpan(y * width * RgbImage.Channels, width * RgbImage.Channels);
            if (jpeg.Grey)
            {
                // Pillow's l2rgb: the grey value in all three channels.
                for (int x = 0, o = 0; x < row.Length; x++, o += 3)
                {
                    target[o] = target[o + 1] = target[o + 2] = row[x];
                }
            }
            else
            {
                for (int s = 0, o = 0; o < target.Length; s += 4, o += 3)
                {
                    target[o] = row[s];
                    target[o + 1] = row[s + 1];
                    target[o + 2] = row[s + 2];
                }
            }
        }

        return new RgbImage(width, jpeg.Height, pixels);
    }

    private static RgbImage DecodePng(byte[] data, string path, ImageLimits limits)
    {
        var header = ImageDecoding.InspectPng(data, path, limits, Advice);
        if (header.ColorType == PngColorType.Palette)
        {
            return FromPalette(data, path, limits);
        }

        ImageDecoding.CheckPngData(data, header, path, Advice);
        if (header.BitDepth == 16)
        {
            using var wide = ImageDecoding.Load<Rgba64>(data, ImageContainer.Png, path, Advice);
            return FromWide(wide, clipGrey: header.ColorType == PngColorType.Grey);
        }

        // Grey of any depth (scaled to 0..255 as Pillow's "1", "L;2" and "L;4" unpackers do), LA, RGB, RGBA:
        // ImageSharp's conversion to Rgb24 repeats grey and drops alpha, as convert('RGB') does.
        using var image = ImageDecoding.Load<Rgb24>(data, ImageContainer.Png, path, Advice);
        return FromRgb24(image);
    }

    private static RgbImage DecodeBmp(byte[] data, string path, ImageLimits limits)
    {
        var bitsPerPixel = ImageDecoding.InspectBmp(data, path, limits, Advice);
        if (bitsPerPixel == 16)
        {
            throw new ImageReadException(
                path,
                "16-bit BMPs are not supported (Pillow widens their 5-bit samples with a rule this reader does not reproduce)",
                Advice.Replace);
        }

        using var image = ImageDecoding.Load<Rgb24>(data, ImageContainer.Bmp, path, Advice);
        return FromRgb24(image);
    }

    /// <summary>
    /// A palette PNG: the stored indices, looked up in Pillow's palette (a grey ramp under the last PLTE before
    /// the image data; a PLTE whose length is not a multiple of 3 loses its last, partial entry).
    /// </summary>
    private static RgbImage FromPalette(byte[] data, string path, ImageLimits limits)
    {
        Span<byte> palette = stackalloc byte[PaletteEntries * RgbImage.Channels];
        for (var i = 0; i < PaletteEntries; i++)
        {
            palette[3 * i] = palette[(3 * i) + 1] = palette[(3 * i) + 2] = (byte)i;
        }

        var stored = PngStructure.PaletteBeforeData(data);
        var entries = Math.Min(stored.Length / RgbImage.Channels, PaletteEntries);
        stored[..(entries * RgbImage.Channels)].CopyTo(palette);

        var samples = PngRawDecoder.Decode(data, path, limits);
        var pixels = new byte[samples.Samples.Length * RgbImage.Channels];
        for (int i = 0, o = 0; i < samples.Samples.Length; i++, o += 3)
        {
            var entry = palette.Slice(samples.Samples[i] * RgbImage.Channels, RgbImage.Channels);
            pixels[o] = entry[0];
            pixels[o + 1] = entry[1];
            pixels[o + 2] = entry[2];
        }

        return new RgbImage(samples.Width, samples.Height, pixels);
    }

    /// <summary>
    /// 16-bit PNG samples as Pillow reads them: grey opens as mode I, which convert('RGB') clips to 255
    /// (i2rgb); grey+alpha ("LA;16B"), RGB and RGBA unpack the high byte of each sample.
    /// </summary>
    private static RgbImage FromWide(Image<Rgba64> image, bool clipGrey)
    {
        var wide = new Rgba64[image.Width * image.Height];
        image.CopyPixelDataTo(wide);
        var pixels = new byte[wide.Length * RgbImage.Channels];
        for (int i = 0, o = 0; i < wide.Length; i++, o += 3)
        {
            var p = wide[i];
            if (clipGrey)
            {
                pixels[o] = pixels[o + 1] = pixels[o + 2] = (byte)Math.Min(p.R, (ushort)255);
            }
            else
            {
                pixels[o] = (byte)(p.R >> 8);
                pixels[o + 1] = (byte)(p.G >> 8);
                pixels[o + 2] = (byte)(p.B >> 8);
            }
        }

        return new RgbImage(image.Width, image.Height, pixels);
    }

    private static RgbImage FromRgb24(Image<Rgb24> image)
    {
        var pixels = new byte[image.Width * image.Height * RgbImage.Channels];
        image.CopyPixelDataTo(MemoryMarshal.Cast<byte, Rgb24>(pixels.AsSpan()));
        return new RgbImage(image.Width, image.Height, pixels);
    }
}
