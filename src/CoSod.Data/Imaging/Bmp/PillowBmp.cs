using System.Buffers.Binary;
using CoSod.Data.Imaging.Png;

namespace CoSod.Data.Imaging.Bmp;

/// <summary>
/// Pillow 9.4's BmpImagePlugin (<c>Image.open</c> then <c>load()</c>): the header layouts it takes (12, 40, 64, 108 or
/// 124 bytes), its modes (a palette that is a grey ramp, or black and white, makes the image "L" or "1" and is then
/// unpacked as such, whatever the bit depth), the raw decoder (rows of the 4-byte stride; the last row needs no
/// padding) and its own Python RLE decoder (with its delta quirk). The result is Pillow's image before any
/// conversion: one byte per pixel for modes 1, L and P (with the palette), or RGB.
/// </summary>
internal static class PillowBmp
{
    /// <summary>Pillow's decoded BMP: <see cref="Mode"/> "1", "L" or "P" (one byte a pixel), or "RGB" (three).</summary>
    public sealed record Image(int Width, int Height, string Mode, byte[] Pixels, byte[] Palette);

    private enum Compression
    {
        Raw = 0,
        Rle8 = 1,
        Rle4 = 2,
        Bitfields = 3,
    }

    /// <exception cref="ReferenceRefusal">Pillow would raise.</exception>
    public static Image Decode(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        if (data.Length < 14)
        {
            throw Refused("the file ends inside the BMP file header");
        }

        long offset = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(10));
        if (data.Length < 18)
        {
            throw Refused("the file ends before the BMP header size");
        }

        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(14));
        var headerBytes = (long)headerSize - 4;
        if (headerBytes > 0 && 18 + headerBytes > data.Length)
        {
            throw Refused("truncated file read (the file ends inside the BMP header)");
        }

        var header = data.AsSpan(18, (int)Math.Max(0, Math.Min(headerBytes, data.Length - 18)));
        long position = 18 + Math.Max(0, headerBytes);
        long width, height;
        int bits, paletteStride;
        var topDown = false;
        Compression compression;
        long colours = 0;
        uint[] masks = [];
        if (headerSize == 12)
        {
            if (header.Length < 8)
            {
                throw Refused("the OS/2 header is too short");
            }

            width = BinaryPrimitives.ReadUInt16LittleEndian(header);
            height = BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
            bits = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            compression = Compression.Raw;
            paletteStride = 3;
        }
        else if (headerSize is 40 or 64 or 108 or 124)
        {
            topDown = header[7] == 0xFF;
            width = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var rawHeight = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            height = topDown ? (1L << 32) - rawHeight : rawHeight;
            bits = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            compression = (Compression)BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
            colours = BinaryPrimitives.ReadUInt32LittleEndian(header[28..]);
            paletteStride = 4;
            if (compression == Compression.Bitfields)
            {
                if (header.Length >= 52)
                {
                    masks = new uint[4];
                    for (var i = 0; i < 4; i++)
                    {
                        masks[i] = BinaryPrimitives.ReadUInt32LittleEndian(header[(36 + (4 * i))..]);
                    }
                }
                else
                {
                    if (position + 12 > data.Length)
                    {
                        throw Refused("the file ends inside the bitfield masks");
                    }

                    masks = new uint[4];
                    for (var i = 0; i < 3; i++)
                    {
                        masks[i] = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)position + (4 * i)));
                    }
                    position += 12;
                }
            }
        }
        else
        {
            throw Refused($"Unsupported BMP header type ({headerSize})");
        }

        if (colours == 0)
        {
            colours = 1L << Math.Min(bits, 62);
        }

        if (offset == 14 + headerSize && bits <= 8)
        {
            offset += 4 * colours;
        }

        var (mode, rawMode) = bits switch
        {
            1 => ("P", "P;1"),
            4 => ("P", "P;4"),
            8 => ("P", "P"),
            16 => ("RGB", "BGR;15"),
            24 => ("RGB", "BGR"),
            32 => ("RGB", "BGRX"),
            _ => throw Refused($"Unsupported BMP pixel depth ({bits})"),
        };

        var rle = false;
        if (compression == Compression.Bitfields)
        {
            rawMode = (bits, masks) switch
            {
                (32, [0xFF0000, 0xFF00, 0xFF, 0]) => "BGRX",
                (32, [0xFF000000, 0xFF0000, 0xFF00, 0]) => "XBGR",
                (32, [0xFF000000, 0xFF0000, 0xFF00, 0xFF]) => "ABGR",
                (32, [0xFF, 0xFF00, 0xFF0000, 0xFF000000]) => "RGBA",
                (32, [0xFF0000, 0xFF00, 0xFF, 0xFF000000]) => "BGRA",
                (32, [0, 0, 0, 0]) => "BGRA",
                (24, [0xFF0000, 0xFF00, 0xFF, _]) => "BGR",
                (16, [0xF800, 0x7E0, 0x1F, _]) => "BGR;16",
                (16, [0x7C00, 0x3E0, 0x1F, _]) => "BGR;15",
                _ => throw Refused("Unsupported BMP bitfields layout"),
            };
        }
        else if (compression is Compression.Rle8 or Compression.Rle4)
        {
            rle = true;
        }
        else if (compression != Compression.Raw)
        {
            throw Refused($"Unsupported BMP compression ({(int)compression})");
        }

        var palette = Array.Empty<byte>();
        if (mode == "P")
        {
            if (colours is <= 0 or > 65536)
            {
                throw Refused($"Unsupported BMP Palette size ({colours})");
            }

            // read(): a short read is taken as it is.
            var stored = data.AsSpan((int)Math.Min(position, data.Length), (int)Math.Min(paletteStride * colours, Math.Max(0, data.Length - position)));
            position += stored.Length;
            var greyscale = true;
            for (var i = 0; i < colours && greyscale; i++)
            {
                var value = (byte)(colours == 2 ? (i == 0 ? 0 : 255) : i);
                var at = i * paletteStride;
                greyscale = at + 3 <= stored.Length && stored[at] == value && stored[at + 1] == value && stored[at + 2] == value;
            }

            if (greyscale)
            {
                mode = rawMode = colours == 2 ? "1" : "L";
            }
            else
            {
                // Entries as R, G, B from the file's B, G, R(, X); Pillow refuses more than 256.
                var entries = stored.Length / paletteStride;
                if (entries > 256)
                {
                    throw Refused("invalid palette size");
                }

                palette = new byte[entries * 3];
                for (var i = 0; i < entries; i++)
                {
                    palette[3 * i] = stored[(i * paletteStride) + 2];
                    palette[(3 * i) + 1] = stored[(i * paletteStride) + 1];
                    palette[(3 * i) + 2] = stored[i * paletteStride];
                }
            }
        }

        ImageDecoding.CheckSize(path, width, height, limits, advice);
        if (width * height > 2 * PillowPngRules.MaxImagePixels)
        {
            throw Refused($"a decompression bomb ({width}x{height} pixels)");
        }

        using var pass = LargeDecodeGate.Enter(width * height);
        var start = offset == 0 ? position : offset;
        var perPixel = mode == "RGB" ? 3 : 1;
        var pixels = new byte[width * height * perPixel];
        if (rle)
        {
            DecodeRle(data, start, (int)width, (int)height, compression == Compression.Rle4, mode, pixels, topDown);
        }
        else
        {
            DecodeRaw(data, start, (int)width, (int)height, bits, rawMode, pixels, topDown);
        }

        return new Image((int)width, (int)height, mode, pixels, palette);
    }

    /// <summary>The raw decoder: rows of <c>((width * bits + 31) >> 3) &amp; ~3</c> bytes, bottom-up unless flipped.</summary>
    private static void DecodeRaw(byte[] data, long start, int width, int height, int bits, string rawMode, byte[] pixels, bool topDown)
    {
        var stride = (((long)width * bits) + 31 >> 3) & ~3L;
        var rawBits = rawMode switch
        {
            "1" or "P;1" => 1,
            "P;4" => 4,
            "L" or "P" => 8,
            "BGR;15" or "BGR;16" => 16,
            "BGR" => 24,
            _ => 32,
        };
        var rowBytes = (((long)width * rawBits) + 7) / 8;
        if (stride < rowBytes)
        {
            throw Refused("the rows are shorter than the pixels they must hold (decoder error)");
        }

        var needed = (stride * (height - 1)) + rowBytes;
        if (start + needed > data.Length)
        {
            throw Refused($"the file is truncated (the BMP pixel rows need {start + needed} bytes, the file has {data.Length})");
        }

        var perPixel = rawBits >= 16 ? 3 : 1;
        for (var r = 0; r < height; r++)
        {
            var src = data.AsSpan((int)(start + (r * stride)), (int)rowBytes);
            var y = topDown ? r : height - 1 - r;
            var target = pixels.AsSpan(y * width * perPixel, width * perPixel);
            for (var x = 0; x < width; x++)
            {
                switch (rawMode)
                {
                    case "1":
                        target[x] = ((src[x >> 3] >> (7 - (x & 7))) & 1) != 0 ? (byte)255 : (byte)0;
                        break;
                    case "P;1":
                        target[x] = (byte)((src[x >> 3] >> (7 - (x & 7))) & 1);
                        break;
                    case "P;4":
                        target[x] = (byte)((src[x >> 1] >> ((x & 1) == 0 ? 4 : 0)) & 15);
                        break;
                    case "L" or "P":
                        target[x] = src[x];
                        break;
                    default:
                        Colour(src, x, rawMode, target.Slice(3 * x, 3));
                        break;
                }
            }
        }
    }

    /// <summary>Pillow's unpackers for the colour raw modes, to R, G, B.</summary>
    private static void Colour(ReadOnlySpan<byte> src, int x, string rawMode, Span<byte> rgb)
    {
        switch (rawMode)
        {
            case "BGR;15":
            {
                var p = src[2 * x] | (src[(2 * x) + 1] << 8);
                rgb[0] = (byte)(((p >> 10) & 31) * 255 / 31);
                rgb[1] = (byte)(((p >> 5) & 31) * 255 / 31);
                rgb[2] = (byte)((p & 31) * 255 / 31);
                return;
            }

            case "BGR;16":
            {
                var p = src[2 * x] | (src[(2 * x) + 1] << 8);
                rgb[0] = (byte)(((p >> 11) & 31) * 255 / 31);
                rgb[1] = (byte)(((p >> 5) & 63) * 255 / 63);
                rgb[2] = (byte)((p & 31) * 255 / 31);
                return;
            }

            case "BGR":
                (rgb[0], rgb[1], rgb[2]) = (src[(3 * x) + 2], src[(3 * x) + 1], src[3 * x]);
                return;
            case "XBGR" or "ABGR":
                (rgb[0], rgb[1], rgb[2]) = (src[(4 * x) + 3], src[(4 * x) + 2], src[(4 * x) + 1]);
                return;
            case "RGBA":
                (rgb[0], rgb[1], rgb[2]) = (src[4 * x], src[(4 * x) + 1], src[(4 * x) + 2]);
                return;
            default: // BGRX, BGRA
                (rgb[0], rgb[1], rgb[2]) = (src[(4 * x) + 2], src[(4 * x) + 1], src[4 * x]);
                return;
        }
    }

    /// <summary>BmpRleDecoder.decode (Python), then set_as_raw with rows bottom-up unless flipped.</summary>
    private static void DecodeRle(byte[] data, long start, int width, int height, bool rle4, string mode, byte[] pixels, bool topDown)
    {
        if (mode == "1" || mode == "RGB")
        {
            // set_as_raw with raw mode "P" on an image of another mode: no such unpacker.
            throw Refused($"an RLE BMP whose mode is {mode} cannot be unpacked (unknown raw mode)");
        }

        var total = (long)width * height;
        var output = new List<byte>((int)Math.Min(total, 1 << 20));
        var at = start;
        var x = 0L;
        int Next() => at < data.Length ? data[at++] : -1;
        while (output.Count < total)
        {
            int count = Next(), value = Next();
            if (count < 0 || value < 0)
            {
                break;
            }

            if (count != 0)
            {
                if (x + count > width)
                {
                    count = (int)Math.Max(0, width - x);
                }

                for (var i = 0; i < count; i++)
                {
                    output.Add(rle4 ? (byte)(i % 2 == 0 ? value >> 4 : value & 0x0F) : (byte)value);
                }

                x += count;
            }
            else if (value == 0)
            {
                while (output.Count % width != 0)
                {
                    output.Add(0);
                }

                x = 0;
            }
            else if (value == 1)
            {
                break;
            }
            else if (value == 2)
            {
                // The decoder reads two bytes, checks them, then takes the delta from the two after them.
                if (data.Length - at < 2)
                {
                    break;
                }

                at += 2;
                if (data.Length - at < 2)
                {
                    throw Refused("an RLE delta runs past the end of the file (not enough values to unpack)");
                }

                int right = data[at++], up = data[at++];
                output.AddRange(new byte[right + (up * width)]);
                x = output.Count % width;
            }
            else
            {
                var byteCount = rle4 ? value / 2 : value;
                var read = (int)Math.Min(byteCount, Math.Max(0, data.Length - at));
                for (var i = 0; i < read; i++)
                {
                    var b = data[at + i];
                    if (rle4)
                    {
                        output.Add((byte)(b >> 4));
                        output.Add((byte)(b & 0x0F));
                    }
                    else
                    {
                        output.Add(b);
                    }
                }

                at += read;
                if (read < byteCount)
                {
                    break;
                }

                x += value;
                if (at % 2 != 0)
                {
                    at++;
                }
            }
        }

        if (output.Count < total)
        {
            throw Refused("not enough image data (the RLE data ends before the last pixel)");
        }

        for (var r = 0; r < height; r++)
        {
            var y = topDown ? r : height - 1 - r;
            for (var c = 0; c < width; c++)
            {
                pixels[(y * width) + c] = output[(r * width) + c];
            }
        }
    }

    private static ReferenceRefusal Refused(string problem) => new($"Pillow refuses the BMP: {problem}");
}
