using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace CoSod.Data.Imaging;

/// <summary>PNG colour types (PNG specification, IHDR).</summary>
public enum PngColorType : byte
{
    Grey = 0,
    Rgb = 2,
    Palette = 3,
    GreyAlpha = 4,
    Rgba = 6,
}

/// <summary>
/// The header of a PNG and the verdict of a walk over its chunks. ImageSharp decodes a truncated PNG
/// silently, filling the missing rows with black, so before trusting any pixel we check that every chunk is
/// whole, that its CRC matches and that the stream ends with IEND after at least one IDAT; after the size
/// check, <see cref="CheckImageData"/> verifies that the IDAT stream really holds every row (a PNG can be
/// whole chunk-wise and still have its deflate stream cut short, which ImageSharp also fills with black).
/// The walk also records the chunks libpng reads that change what OpenCV returns (gAMA, sRGB, sBIT, eXIf).
/// </summary>
public sealed record PngStructure(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    /// <summary>libpng's PNG_GAMMA_sRGB_INVERSE: the file gamma an sRGB chunk implies.</summary>
    internal const int SrgbGamma = 45455;

    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>
    /// The file gamma as libpng 1.6 records it (png_fixed_point, 100000 = 1.0) from a gAMA or sRGB chunk
    /// placed before PLTE and IDAT; 0 when there is none. (iCCP profiles are not looked at.)
    /// </summary>
    public int FileGamma { get; init; }

    /// <summary>The largest significant-bit count of the colour (or grey) channels in sBIT; 0 when absent.</summary>
    public int SignificantBits { get; init; }

    /// <summary>The EXIF orientation (1..8) of the first valid eXIf chunk, or 1 when there is none.</summary>
    public int ExifOrientation { get; init; } = 1;

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    /// <summary>Parses the header and verifies the chunk sequence; returns the problem in words, or null.</summary>
    public static PngStructure? Inspect(ReadOnlySpan<byte> data, out string? problem)
    {
        problem = null;
        if (!HasSignature(data))
        {
            problem = "not a PNG (bad signature)";
            return null;
        }

        PngStructure? header = null;
        var offset = 8;
        var sawData = false;
        var sawPalette = false;
        var colour = new ColourChunks();
        int? orientation = null;
        var significantBits = -1;
        while (true)
        {
            if (offset + 12 > data.Length)
            {
                problem = "the file is truncated (it ends inside a chunk, before IEND)";
                return null;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset, 4));
            if (length > int.MaxValue || offset + 12L + length > data.Length)
            {
                problem = "the file is truncated (a chunk runs past the end of the file)";
                return null;
            }

            var type = data.Slice(offset + 4, 4);
            var body = data.Slice(offset + 8, (int)length);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset + 8 + (int)length, 4));
            var crc = new Crc32();
            crc.Append(type);
            crc.Append(body);
            if (crc.GetCurrentHashAsUInt32() != storedCrc)
            {
                problem = $"chunk {System.Text.Encoding.ASCII.GetString(type)} at byte {offset} is corrupt (CRC mismatch)";
                return null;
            }

            var early = !sawData && !sawPalette; // libpng ignores gAMA, sRGB and sBIT after PLTE or IDAT
            if (header is null)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    problem = "the first chunk is not a valid IHDR";
                    return null;
                }

                if (body[10] != 0 || body[11] != 0 || body[12] > 1)
                {
                    problem = $"the IHDR declares an unknown compression ({body[10]}), filter ({body[11]}) or interlace ({body[12]}) method";
                    return null;
                }

                header = new PngStructure(
                    (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body), int.MaxValue),
                    (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..]), int.MaxValue),
                    body[8],
                    (PngColorType)body[9],
                    body[12] != 0);
            }
            else if (type.SequenceEqual("IHDR"u8))
            {
                // libpng refuses a second IHDR; ImageSharp would take the later one, past our size check.
                problem = $"a second IHDR chunk at byte {offset} (the file is malformed)";
                return null;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                sawData = true;
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                sawPalette = true;
            }
            else if (type.SequenceEqual("gAMA"u8) && early && length == 4)
            {
                colour.Gama(BinaryPrimitives.ReadInt32BigEndian(body));
            }
            else if (type.SequenceEqual("sRGB"u8) && early && length == 1)
            {
                colour.Srgb(body[0]);
            }
            else if (type.SequenceEqual("sBIT"u8) && early && significantBits < 0)
            {
                significantBits = SignificantBitsOf(body, header);
            }
            else if (type.SequenceEqual("eXIf"u8) && orientation is null
                     && length >= 2 && (body[0] == 'M' || body[0] == 'I') && body[1] == body[0])
            {
                orientation = TiffOrientation(body);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                if (!sawData)
                {
                    problem = "the file has no image data (no IDAT chunk)";
                    return null;
                }

                return header with
                {
                    FileGamma = colour.Gamma,
                    SignificantBits = Math.Max(significantBits, 0),
                    ExifOrientation = orientation ?? 1,
                };
            }

            offset += 12 + (int)length;
        }
    }

    /// <summary>
    /// Inflates the IDAT stream (discarding the bytes) and checks that it holds every filtered row the header
    /// promises, as libpng does ("Not enough image data"); extra data after the last row is accepted, as
    /// libpng accepts it with a warning. Call only after the size check: the work grows with the image.
    /// </summary>
    public static string? CheckImageData(byte[] data, PngStructure header)
    {
        var expected = FilteredSize(header);
        if (expected < 0)
        {
            return $"the header declares an invalid bit depth {header.BitDepth} for colour type {(int)header.ColorType}";
        }

        // Only the IDAT chunks before IEND count (what follows IEND is not image data, as decoders see it);
        // the chunk walk of Inspect has already checked every length up to IEND.
        using var compressed = new MemoryStream(ImageData(data));
        long inflated = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            var buffer = new byte[64 * 1024];
            while (inflated < expected)
            {
                var read = zlib.Read(buffer, 0, (int)Math.Min(buffer.Length, expected - inflated));
                if (read == 0)
                {
                    break;
                }

                inflated += read;
            }
        }
        catch (InvalidDataException e)
        {
            return $"the image data is corrupt (the IDAT deflate stream is broken: {e.Message})";
        }

        return inflated < expected
            ? $"the image data is truncated (the IDAT stream holds {inflated} of the {expected} bytes the header declares)"
            : null;
    }

    /// <summary>Bytes of filtered scanlines (filter byte included) the image needs; -1 for an invalid depth.</summary>
    internal static long FilteredSize(PngStructure header)
    {
        int channels = header.ColorType switch
        {
            PngColorType.Grey => 1,
            PngColorType.Rgb => 3,
            PngColorType.Palette => 1,
            PngColorType.GreyAlpha => 2,
            PngColorType.Rgba => 4,
            _ => 0,
        };
        var validDepth = header.ColorType switch
        {
            PngColorType.Grey => header.BitDepth is 1 or 2 or 4 or 8 or 16,
            PngColorType.Palette => header.BitDepth is 1 or 2 or 4 or 8,
            _ => header.BitDepth is 8 or 16,
        };
        if (channels == 0 || !validDepth)
        {
            return -1;
        }

        long bitsPerPixel = channels * header.BitDepth;
        long Rows(long width, long height) => width <= 0 || height <= 0 ? 0 : height * (1 + (((width * bitsPerPixel) + 7) / 8));

        if (!header.Interlaced)
        {
            return Rows(header.Width, header.Height);
        }

        // Adam7: (x0, y0, dx, dy) of the seven passes; an empty pass has no rows at all.
        ReadOnlySpan<int> passes = [0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2];
        long total = 0;
        for (var p = 0; p < passes.Length; p += 4)
        {
            total += Rows(
                (header.Width - passes[p] + passes[p + 2] - 1) / passes[p + 2],
                (header.Height - passes[p + 1] + passes[p + 3] - 1) / passes[p + 3]);
        }

        return total;
    }

    /// <summary>libpng's png_handle_sBIT: the right length, every value in 1..sample depth, else ignored (0).</summary>
    private static int SignificantBitsOf(ReadOnlySpan<byte> body, PngStructure header)
    {
        var isColour = ((int)header.ColorType & 2) != 0;
        var expectedLength = header.ColorType switch
        {
            PngColorType.Grey => 1,
            PngColorType.GreyAlpha => 2,
            PngColorType.Rgba => 4,
            _ => 3,
        };
        var sampleDepth = header.ColorType == PngColorType.Palette ? 8 : header.BitDepth;
        if (body.Length != expectedLength)
        {
            return 0;
        }

        foreach (var b in body)
        {
            if (b == 0 || b > sampleDepth)
            {
                return 0;
            }
        }

        return isColour ? Math.Max(body[0], Math.Max(body[1], body[2])) : body[0];
    }

    /// <summary>
    /// The orientation tag (0x0112) of IFD0 of a TIFF-structured EXIF block, read as OpenCV's ExifReader reads
    /// it (the 16-bit value at the entry's value field); 1 when absent, unreadable or outside 1..8.
    /// </summary>
    internal static int TiffOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return 1;
        }

        var little = tiff[0] == 'I';
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        if (U16(tiff[2..]) != 42)
        {
            return 1;
        }

        var ifd = U32(tiff[4..]);
        if (ifd > (uint)tiff.Length - 2)
        {
            return 1;
        }

        var entries = U16(tiff[(int)ifd..]);
        for (long entry = ifd + 2, n = 0; n < entries && entry + 12 <= tiff.Length; n++, entry += 12)
        {
            if (U16(tiff[(int)entry..]) == 0x0112)
            {
                var value = U16(tiff[(int)(entry + 8)..]);
                return value is >= 1 and <= 8 ? value : 1;
            }
        }

        return 1;
    }

    /// <summary>How libpng 1.6's colorspace code settles the file gamma from gAMA and sRGB chunks.</summary>
    private struct ColourChunks
    {
        private bool _fromGama;
        private bool _fromSrgb;
        private bool _invalid;

        public int Gamma { get; private set; }

        public void Gama(int gamma)
        {
            if (gamma < 16 || gamma > 625_000_000)
            {
                _invalid = true; // "gamma value out of range": libpng marks the colour space invalid
                return;
            }

            if (_fromGama || _invalid)
            {
                return; // "duplicate"
            }

            // After an sRGB chunk, a gAMA that disagrees is reported and dropped; one that agrees replaces it.
            if (_fromSrgb && LibPngGamma.Significant(LibPngGamma.MulDiv(Gamma, 100_000, gamma)))
            {
                return;
            }

            Gamma = gamma;
            _fromGama = true;
        }

        public void Srgb(byte intent)
        {
            if (_fromSrgb || _invalid)
            {
                return;
            }

            if (intent > 3)
            {
                _invalid = true; // "invalid sRGB rendering intent"
                return;
            }

            Gamma = SrgbGamma;
            _fromSrgb = true;
        }
    }

    /// <summary>
    /// The body of the last PLTE chunk before the first IDAT, or an empty span when there is none, which is the
    /// palette Pillow's PngImagePlugin keeps (it reads chunks up to the image data, each PLTE replacing the one
    /// before). Call only on a file <see cref="Inspect"/> accepted.
    /// </summary>
    internal static ReadOnlySpan<byte> PaletteBeforeData(byte[] data)
    {
        ReadOnlySpan<byte> palette = default;
        foreach (var (type, body, length) in AcceptedChunks(data))
        {
            if (type == ChunkType("IDAT"u8))
            {
                break;
            }

            if (type == ChunkType("PLTE"u8))
            {
                palette = data.AsSpan(body, length);
            }
        }

        return palette;
    }

    /// <summary>The concatenated IDAT payloads up to IEND; call only on a file <see cref="Inspect"/> accepted.</summary>
    internal static byte[] ImageData(byte[] data)
    {
        using var idat = new MemoryStream();
        foreach (var (type, body, length) in AcceptedChunks(data))
        {
            if (type == ChunkType("IDAT"u8))
            {
                idat.Write(data, body, length);
            }
        }

        return idat.ToArray();
    }

    /// <summary>
    /// The chunks of a file <see cref="Inspect"/> accepted, in order, up to IEND (not included): the type as a
    /// big-endian number, and the body's offset and length. Stops at anything that does not fit in the file.
    /// </summary>
    private static IEnumerable<(uint Type, int Body, int Length)> AcceptedChunks(byte[] data)
    {
        var offset = 8;
        while (offset + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset, 4));
            if (length > int.MaxValue || offset + 12L + length > data.Length)
            {
                yield break;
            }

            var type = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + 4, 4));
            if (type == ChunkType("IEND"u8))
            {
                yield break;
            }

            yield return (type, offset + 8, (int)length);
            offset += 12 + (int)length;
        }
    }

    private static uint ChunkType(ReadOnlySpan<byte> name) => BinaryPrimitives.ReadUInt32BigEndian(name);
}
