using System.Buffers.Binary;

namespace CoSod.Data.Imaging.Png;

/// <summary>
/// libpng 1.6.39's sequential reader as OpenCV 4.6 drives it (<c>png_read_info</c>, the rows, <c>png_read_end</c>):
/// which chunks it refuses (an error: <c>cv2.imread</c> returns nothing) and which it only warns about and ignores,
/// and what it keeps from the rest. It reads every chunk up to IEND and checks every CRC (a bad CRC is an error in a
/// critical chunk, a warning in an ancillary one, whose contents are then ignored). The image data itself is
/// checked by <see cref="LibPngImageData"/>.
/// </summary>
internal static class LibPngRules
{
    // png.h: PNG_USER_WIDTH_MAX / PNG_USER_HEIGHT_MAX, the limits png_check_IHDR applies by default.
    private const long UserLimit = 1_000_000;

    [Flags]
    private enum Mode
    {
        None = 0,
        HaveHeader = 1,
        HavePalette = 2,
        HaveData = 4,
        HaveEnd = 8,
    }

    /// <summary>
    /// The header libpng reads and the IDAT chunks it can feed image data from (the run that starts at the first
    /// one); refuses, as libpng errors, anything before or after the image data that it does not accept.
    /// </summary>
    /// <exception cref="ReferenceRefusal">libpng would stop with an error.</exception>
    public static (PngHeader Header, List<PngChunk> DataRun) Read(ReadOnlySpan<byte> data)
    {
        if (!PngChunks.HasSignature(data))
        {
            throw new ReferenceRefusal("not a PNG (bad signature)");
        }

        var mode = Mode.None;
        PngHeader? header = null;
        var palette = Array.Empty<byte>();
        var colour = new LibPngColourSpace();
        var significantBits = 0;
        var sawSignificantBits = false;
        var orientation = 0;
        long offset = 8;

        // png_read_info: chunks up to the first IDAT.
        PngChunk chunk;
        while (true)
        {
            chunk = ReadHeader(data, offset);
            if (chunk.Type == PngChunks.Idat)
            {
                if ((mode & Mode.HaveHeader) == 0)
                {
                    throw Error(chunk, "Missing IHDR before IDAT");
                }

                if (header!.ColorType == PngColorType.Palette && (mode & Mode.HavePalette) == 0)
                {
                    throw Error(chunk, "Missing PLTE before IDAT");
                }

                mode |= Mode.HaveData;
                break;
            }

            if (chunk.Type == PngChunks.Ihdr)
            {
                header = ReadImageHeader(data, chunk, mode);
                mode |= Mode.HaveHeader;
            }
            else if (chunk.Type == PngChunks.Iend)
            {
                throw new ReferenceRefusal($"the file has no image data (IEND at byte {chunk.Offset} before any IDAT; libpng: IEND: out of place)");
            }
            else if (chunk.Type == PngChunks.Plte)
            {
                palette = ReadPalette(data, chunk, ref mode, header);
            }
            else if (IsKnownAncillary(chunk.Type))
            {
                if ((mode & Mode.HaveHeader) == 0)
                {
                    throw Error(chunk, "missing IHDR");
                }

                if (TryFinish(data, chunk, out var body))
                {
                    // libpng ignores gAMA, sRGB and sBIT after PLTE (or IDAT), and a chunk whose CRC is wrong.
                    var early = (mode & (Mode.HaveData | Mode.HavePalette)) == 0;
                    if (chunk.Type == PngChunks.Gama && early && body.Length == 4)
                    {
                        colour.Gama(BinaryPrimitives.ReadInt32BigEndian(body));
                    }
                    else if (chunk.Type == PngChunks.Srgb && early && body.Length == 1)
                    {
                        colour.Srgb(body[0]);
                    }
                    else if (chunk.Type == PngChunks.Sbit && early && !sawSignificantBits)
                    {
                        sawSignificantBits = SignificantBitsOf(body, header!, out significantBits);
                    }
                    else if (chunk.Type == PngChunks.Exif && orientation == 0 && ValidExif(body))
                    {
                        orientation = ExifOrientation.FromTiff(body);
                    }
                }
            }
            else
            {
                SkipUnknown(data, chunk);
            }

            offset = chunk.End;
        }

        var firstData = chunk;
        header = header! with
        {
            Palette = palette,
            PaletteEntries = palette.Length / 3,
            FileGamma = colour.Gamma,
            SignificantBits = significantBits,
            FirstDataChunk = firstData.Offset,
        };

        // The run of IDAT chunks libpng can take image data from.
        var run = new List<PngChunk> { firstData };
        var after = firstData.End;
        while (PngChunks.HeaderAt(data, after) is { } next && next.Type == PngChunks.Idat && PngChunks.IsWhole(data, next))
        {
            run.Add(next);
            after = next.End;
        }

        // png_read_end: every chunk from the first IDAT to IEND, its CRC checked.
        var endOrientation = 0;
        offset = firstData.Offset;
        while ((mode & Mode.HaveEnd) == 0)
        {
            chunk = ReadHeader(data, offset);
            if (chunk.Type == PngChunks.Iend)
            {
                TryFinish(data, chunk, out _);
                mode |= Mode.HaveEnd;
            }
            else if (chunk.Type == PngChunks.Ihdr)
            {
                throw Error(chunk, "out of place (a second IHDR chunk)");
            }
            else if (chunk.Type == PngChunks.Idat)
            {
                TryFinish(data, chunk, out _);
            }
            else if (chunk.Type == PngChunks.Plte)
            {
                ReadPalette(data, chunk, ref mode, header);
            }
            else if (IsKnownAncillary(chunk.Type))
            {
                if (TryFinish(data, chunk, out var body) && chunk.Type == PngChunks.Exif && endOrientation == 0 && ValidExif(body))
                {
                    endOrientation = ExifOrientation.FromTiff(body);
                }
            }
            else
            {
                SkipUnknown(data, chunk);
            }

            offset = chunk.End;
        }

        // OpenCV takes the eXIf of the chunks before the image data, else the one after it.
        var exif = orientation != 0 ? orientation : endOrientation;
        return (header with { ExifOrientation = exif is >= 1 and <= 8 ? exif : 1 }, run);
    }

    /// <summary>png_read_chunk_header: 8 bytes (else "Read Error"), a length of at most 2^31 - 1, a name of letters.</summary>
    private static PngChunk ReadHeader(ReadOnlySpan<byte> data, long offset)
    {
        var chunk = PngChunks.HeaderAt(data, offset)
            ?? throw new ReferenceRefusal($"the file is truncated (it ends at byte {data.Length}, before IEND; libpng: Read Error)");
        if (chunk.Length > int.MaxValue)
        {
            throw new ReferenceRefusal($"the chunk at byte {offset} declares a length of {chunk.Length} bytes (over 2^31 - 1)");
        }

        for (var shift = 0; shift < 32; shift += 8)
        {
            var c = (chunk.Type >> shift) & 0xFF;
            if (c < 65 || c > 122 || (c > 90 && c < 97))
            {
                throw new ReferenceRefusal($"the chunk at byte {offset} has an invalid type \"{chunk.Name}\"");
            }
        }

        return chunk;
    }

    /// <summary>
    /// png_crc_finish: the body and CRC must be in the file ("Read Error"); a CRC mismatch is an error in a critical
    /// chunk, and in an ancillary one a warning after which the chunk is ignored (false).
    /// </summary>
    private static bool TryFinish(ReadOnlySpan<byte> data, PngChunk chunk, out ReadOnlySpan<byte> body)
    {
        if (!PngChunks.IsWhole(data, chunk))
        {
            throw new ReferenceRefusal($"the file is truncated (chunk {chunk.Name} at byte {chunk.Offset} runs past the end of the file; libpng: Read Error)");
        }

        if (!PngChunks.CrcMatches(data, chunk))
        {
            if (!chunk.Ancillary)
            {
                throw new ReferenceRefusal($"chunk {chunk.Name} at byte {chunk.Offset} is corrupt (CRC mismatch)");
            }

            body = default;
            return false;
        }

        body = PngChunks.Body(data, chunk);
        return true;
    }

    private static ReferenceRefusal Error(PngChunk chunk, string message) =>
        new($"libpng refuses chunk {chunk.Name} at byte {chunk.Offset}: {message}");

    private static PngHeader ReadImageHeader(ReadOnlySpan<byte> data, PngChunk chunk, Mode mode)
    {
        if ((mode & Mode.HaveHeader) != 0)
        {
            throw new ReferenceRefusal($"a second IHDR chunk at byte {chunk.Offset} (libpng: IHDR: out of place)");
        }

        if (chunk.Length != 13)
        {
            throw Error(chunk, "invalid (IHDR must be 13 bytes)");
        }

        TryFinish(data, chunk, out var body);
        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        if (width > int.MaxValue || height > int.MaxValue)
        {
            throw new ReferenceRefusal($"the IHDR declares a size {width}x{height} past 2^31 - 1 (libpng: PNG unsigned integer out of range)");
        }

        int depth = body[8], colour = body[9];
        var problems = new List<string>();
        if (width == 0)
        {
            problems.Add("Image width is zero");
        }
        else if (width > UserLimit)
        {
            problems.Add("Image width exceeds user limit");
        }

        if (height == 0)
        {
            problems.Add("Image height is zero");
        }
        else if (height > UserLimit)
        {
            problems.Add("Image height exceeds user limit");
        }

        if (depth is not (1 or 2 or 4 or 8 or 16))
        {
            problems.Add($"Invalid bit depth {depth}");
        }

        if (colour is 1 or 5 or > 6)
        {
            problems.Add($"Invalid color type {colour}");
        }

        if ((colour == 3 && depth > 8) || (colour is 2 or 4 or 6 && depth < 8))
        {
            problems.Add($"Invalid color type/bit depth combination ({colour}/{depth})");
        }

        if (body[12] >= 2)
        {
            problems.Add($"Unknown interlace method {body[12]}");
        }

        if (body[10] != 0)
        {
            problems.Add($"Unknown compression method {body[10]}");
        }

        if (body[11] != 0)
        {
            problems.Add($"Unknown filter method {body[11]}");
        }

        if (problems.Count > 0)
        {
            throw new ReferenceRefusal($"the IHDR is invalid (libpng: {string.Join("; ", problems)})");
        }

        return new PngHeader(width, height, depth, (PngColorType)colour, body[12] == 1);
    }

    /// <summary>png_handle_PLTE (libpng keeps at most 2^depth entries of a palette image's PLTE).</summary>
    private static byte[] ReadPalette(ReadOnlySpan<byte> data, PngChunk chunk, ref Mode mode, PngHeader? header)
    {
        if ((mode & Mode.HaveHeader) == 0)
        {
            throw Error(chunk, "missing IHDR");
        }

        if ((mode & Mode.HavePalette) != 0)
        {
            throw Error(chunk, "duplicate");
        }

        if ((mode & Mode.HaveData) != 0)
        {
            TryFinish(data, chunk, out _); // benign: out of place, ignored
            return [];
        }

        mode |= Mode.HavePalette;
        var isColour = ((int)header!.ColorType & 2) != 0;
        if (!isColour)
        {
            TryFinish(data, chunk, out _); // benign: ignored in a grey PNG
            return [];
        }

        if (chunk.Length > 3 * 256 || chunk.Length % 3 != 0)
        {
            TryFinish(data, chunk, out _);
            if (header.ColorType == PngColorType.Palette)
            {
                throw Error(chunk, $"invalid ({chunk.Length} bytes: not 1 to 256 entries of 3 bytes)");
            }

            return []; // benign in an RGB image
        }

        TryFinish(data, chunk, out var body);
        var entries = (int)chunk.Length / 3;
        if (entries == 0)
        {
            throw Error(chunk, "invalid (an empty palette)");
        }

        var max = header.ColorType == PngColorType.Palette ? 1 << header.BitDepth : 256;
        return body[..(Math.Min(entries, max) * 3)].ToArray();
    }

    /// <summary>png_handle_unknown with no handler set: skip it; a critical one is then an error.</summary>
    private static void SkipUnknown(ReadOnlySpan<byte> data, PngChunk chunk)
    {
        TryFinish(data, chunk, out _);
        if (!chunk.Ancillary)
        {
            throw new ReferenceRefusal($"libpng refuses the unknown critical chunk {chunk.Name} at byte {chunk.Offset} (unhandled critical chunk)");
        }
    }

    /// <summary>The ancillary chunks libpng 1.6 reads itself (anything else goes to png_handle_unknown).</summary>
    private static bool IsKnownAncillary(uint type)
    {
        var name = PngChunks.NameOf(type);
        return name is "bKGD" or "cHRM" or "eXIf" or "gAMA" or "hIST" or "oFFs" or "pCAL" or "sCAL" or "pHYs" or "sBIT"
            or "sRGB" or "iCCP" or "sPLT" or "tEXt" or "tIME" or "tRNS" or "zTXt" or "iTXt";
    }

    /// <summary>png_handle_eXIf: at least 2 bytes, a byte-order mark of MM or II.</summary>
    private static bool ValidExif(ReadOnlySpan<byte> body) => body.Length >= 2 && body[0] is (byte)'M' or (byte)'I' && body[1] == body[0];

    /// <summary>png_handle_sBIT: the right length, every value in 1..sample depth (else ignored); the largest colour (or grey) value.</summary>
    private static bool SignificantBitsOf(ReadOnlySpan<byte> body, PngHeader header, out int bits)
    {
        bits = 0;
        var expected = header.ColorType == PngColorType.Palette ? 3 : header.Channels;
        var sampleDepth = header.ColorType == PngColorType.Palette ? 8 : header.BitDepth;
        if (body.Length != expected)
        {
            return false;
        }

        foreach (var b in body)
        {
            if (b == 0 || b > sampleDepth)
            {
                return false; // invalid: ignored, and a later sBIT is not a duplicate
            }
        }

        bits = ((int)header.ColorType & 2) != 0 ? Math.Max(body[0], Math.Max(body[1], body[2])) : body[0];
        return true;
    }
}
