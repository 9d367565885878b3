using System.Buffers.Binary;
using System.IO.Compression;

namespace CoSod.Data.Imaging;

/// <summary>
/// The stored samples of a PNG, before any colour interpretation: palette indices stay indices, 1-bit grey
/// stays 0/1, 16-bit samples stay 16-bit. Toolboxes that read files the way MATLAB does need exactly this,
/// which a general-purpose decoder (ImageSharp expands palettes and scales bit depths) does not give.
/// </summary>
public sealed record PngSamples(
    int Width, int Height, int BitDepth, PngColorType ColorType, int Channels, ushort[] Samples)
{
    /// <summary>Sample of channel <paramref name="channel"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public ushort this[int y, int x, int channel] => Samples[(((y * Width) + x) * Channels) + channel];
}

/// <summary>
/// A small PNG decoder that returns the stored samples (inflate, unfilter, unpack, de-interlace). The file's
/// structure is checked first by <see cref="PngStructure.Inspect"/>, so a truncated or corrupt file is reported,
/// never half-decoded.
/// </summary>
public static class PngRawDecoder
{
    private static readonly (int X0, int Y0, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    private static readonly ReadAdvice Advice = new(
        "Re-export the file as a PNG, or remove it from the folder", "Check the file; a real saliency map is far smaller");

    public static PngSamples Decode(byte[] data, string path, ImageLimits? limits = null)
    {
        var header = ImageDecoding.InspectPng(data, path, limits ?? ImageLimits.Default, Advice);

        var channels = header.ColorType switch
        {
            PngColorType.Grey => 1,
            PngColorType.Palette => 1,
            PngColorType.GreyAlpha => 2,
            PngColorType.Rgb => 3,
            PngColorType.Rgba => 4,
            _ => throw new ImageReadException(path, $"unknown PNG colour type {(int)header.ColorType}", "Re-export the file"),
        };
        var bitDepth = header.BitDepth;
        if (bitDepth is not (1 or 2 or 4 or 8 or 16) || (bitDepth < 8 && channels != 1) || (bitDepth == 16 && header.ColorType == PngColorType.Palette))
        {
            throw new ImageReadException(path, $"invalid PNG bit depth {bitDepth} for colour type {header.ColorType}", "Re-export the file");
        }

        // Prove the data holds every row before allocating anything of the declared size.
        ImageDecoding.CheckPngData(data, header, path, Advice);

        var compressed = PngStructure.ImageData(data);
        var samples = new ushort[(long)header.Width * header.Height * channels];
        try
        {
            using var inflater = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            if (!header.Interlaced)
            {
                DecodePass(inflater, header.Width, header.Height, channels, bitDepth, samples, header.Width, 0, 0, 1, 1);
            }
            else
            {
                foreach (var (x0, y0, dx, dy) in Adam7)
                {
                    var passWidth = (header.Width - x0 + dx - 1) / dx;
                    var passHeight = (header.Height - y0 + dy - 1) / dy;
                    if (passWidth > 0 && passHeight > 0)
                    {
                        DecodePass(inflater, passWidth, passHeight, channels, bitDepth, samples, header.Width, x0, y0, dx, dy);
                    }
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new ImageReadException(path, "the PNG image data is corrupt or incomplete (" + e.Message + ")",
                Advice.Replace, e);
        }

        return new PngSamples(header.Width, header.Height, bitDepth, header.ColorType, channels, samples);
    }

    /// <summary>
    /// The fast path for the file every saliency map and mask is in practice, an 8-bit grey non-interlaced PNG:
    /// one inflate straight into the pixel rows, which also proves the data holds every row. Exact (the stored
    /// samples are the grey values every toolbox reads). Other PNG kinds take the general paths.
    /// </summary>
    public static byte[] DecodeGrey8(byte[] data, PngStructure header, string path)
    {
        if (header.ColorType != PngColorType.Grey || header.BitDepth != 8 || header.Interlaced)
        {
            throw new ArgumentException("Only 8-bit grey non-interlaced PNGs take this path.", nameof(header));
        }

        int width = header.Width, height = header.Height;
        var pixels = new byte[width * height];
        var zero = new byte[width];
        var expected = (long)height * (width + 1);
        long inflated = 0;
        try
        {
            using var inflater = new ZLibStream(new MemoryStream(PngStructure.ImageData(data)), CompressionMode.Decompress);
            Span<byte> filter = stackalloc byte[1];
            for (var y = 0; y < height; y++)
            {
                var row = pixels.AsSpan(y * width, width);
                if (inflater.Read(filter) != 1)
                {
                    break;
                }

                inflated++;
                var got = inflater.ReadAtLeast(row, row.Length, throwOnEndOfStream: false);
                inflated += got;
                if (got < row.Length)
                {
                    break;
                }

                UnfilterGrey8(filter[0], row, y == 0 ? zero : pixels.AsSpan((y - 1) * width, width));
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageReadException(path, $"the image data is corrupt (the IDAT deflate stream is broken: {e.Message})", Advice.Replace, e);
        }

        if (inflated < expected)
        {
            throw new ImageReadException(path,
                $"the image data is truncated (the IDAT stream holds {inflated} of the {expected} bytes the header declares)", Advice.Replace);
        }

        return pixels;
    }

    private static void UnfilterGrey8(byte filter, Span<byte> row, ReadOnlySpan<byte> previous)
    {
        switch (filter)
        {
            case 0:
                return;
            case 1:
                for (var i = 1; i < row.Length; i++)
                {
                    row[i] += row[i - 1];
                }

                return;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                return;
            case 3:
                row[0] += (byte)(previous[0] >> 1);
                for (var i = 1; i < row.Length; i++)
                {
                    row[i] += (byte)((row[i - 1] + previous[i]) >> 1);
                }

                return;
            case 4:
                row[0] += previous[0];
                for (var i = 1; i < row.Length; i++)
                {
                    int a = row[i - 1], b = previous[i], c = previous[i - 1];
                    var pa = Math.Abs(b - c);
                    var pb = Math.Abs(a - c);
                    var pc = Math.Abs(a + b - c - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }

                return;
            default:
                throw new InvalidDataException($"unknown row filter {filter}");
        }
    }

    private static void DecodePass(
        Stream inflater, int width, int height, int channels, int bitDepth, ushort[] samples, int imageWidth,
        int x0, int y0, int dx, int dy)
    {
        var bitsPerPixel = channels * bitDepth;
        var rowBytes = ((width * bitsPerPixel) + 7) / 8;
        var filterStride = Math.Max(1, bitsPerPixel / 8);
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];
        for (var y = 0; y < height; y++)
        {
            var filter = inflater.ReadByte();
            if (filter < 0)
            {
                throw new EndOfStreamException("the image data ends before the last row");
            }

            inflater.ReadExactly(current);
            Unfilter(filter, current, previous, filterStride);
            var row = y0 + (y * dy);
            for (var x = 0; x < width; x++)
            {
                var target = ((row * imageWidth) + x0 + (x * dx)) * channels;
                for (var c = 0; c < channels; c++)
                {
                    samples[target + c] = ReadSample(current, (x * channels) + c, bitDepth);
                }
            }

            (previous, current) = (current, previous);
        }
    }

    private static ushort ReadSample(byte[] row, int index, int bitDepth) => bitDepth switch
    {
        16 => (ushort)((row[2 * index] << 8) | row[(2 * index) + 1]),
        8 => row[index],
        _ => (ushort)((row[index * bitDepth / 8] >> (8 - bitDepth - ((index * bitDepth) % 8))) & ((1 << bitDepth) - 1)),
    };

    private static void Unfilter(int filter, byte[] row, byte[] previous, int stride)
    {
        switch (filter)
        {
            case 0:
                return;
            case 1:
                for (var i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }

                return;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                return;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= stride ? row[i - stride] : 0;
                    row[i] += (byte)((left + previous[i]) >> 1);
                }

                return;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    int a = i >= stride ? row[i - stride] : 0;
                    int b = previous[i];
                    int c = i >= stride ? previous[i - stride] : 0;
                    var p = a + b - c;
                    var pa = Math.Abs(p - a);
                    var pb = Math.Abs(p - b);
                    var pc = Math.Abs(p - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }

                return;
            default:
                throw new InvalidDataException($"unknown row filter {filter}");
        }
    }
}
