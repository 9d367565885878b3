using System.Buffers.Binary;

namespace CoSod.Data.Imaging.Png;

/// <summary>
/// Pillow 9.4's PngImagePlugin (<c>Image.open</c>, then <c>load()</c>): which files it refuses and what it keeps.
/// It reads the chunks before the first IDAT through its handlers, checking their CRCs; takes the image data from
/// consecutive IDAT chunks without looking at their CRCs (<see cref="PillowImageData"/>); then reads on to IEND through
/// the same handlers without CRCs (<see cref="ReadEnd"/>), where an exception a handler raises still fails the load.
/// </summary>
internal static class PillowPngRules
{
    /// <summary>Pillow's MAX_IMAGE_PIXELS: files over twice this are refused as decompression bombs.</summary>
    public const long MaxImagePixels = 89_478_485;

    // Pillow's text limits: MAX_TEXT_CHUNK (ImageFile.SAFEBLOCK) and MAX_TEXT_MEMORY.
    private const int MaxTextChunk = 1 << 20;

    /// <summary>The (bit depth, colour type) pairs of _MODES; anything else leaves the mode unset.</summary>
    public static bool HasMode(int depth, int colour) => (depth, colour) switch
    {
        (1 or 2 or 4 or 8 or 16, 0) => true,
        (8 or 16, 2) => true,
        (1 or 2 or 4 or 8, 3) => true,
        (8 or 16, 4) => true,
        (8 or 16, 6) => true,
        _ => false,
    };

    /// <summary>
    /// <c>PngImageFile._open</c> and <c>load_prepare</c>: the header and palette Pillow holds when it starts decoding.
    /// </summary>
    /// <exception cref="ReferenceRefusal">Pillow would raise.</exception>
    public static PngHeader Open(ReadOnlySpan<byte> data)
    {
        if (!PngChunks.HasSignature(data))
        {
            throw new ReferenceRefusal("not a PNG (bad signature)");
        }

        var state = new StreamState();
        long offset = 8;
        PngChunk chunk;
        while (true)
        {
            chunk = ReadHeader(data, offset, "before the image data")!.Value;
            if (chunk.Type == PngChunks.Idat)
            {
                break;
            }

            if (chunk.Type == PngChunks.Iend)
            {
                throw new ReferenceRefusal($"the file has no image data (IEND at byte {chunk.Offset} before any IDAT; Pillow cannot load it)");
            }

            var body = SafeRead(data, chunk);
            Handle(chunk, body, state, beforeData: true);

            // ChunkStream.crc: every chunk before the image data must carry a matching CRC.
            if (chunk.CrcOffset + 4 > data.Length)
            {
                throw new ReferenceRefusal($"Pillow refuses it: broken PNG file (incomplete checksum in {chunk.Name} at byte {chunk.Offset})");
            }

            if (!PngChunks.CrcMatches(data, chunk))
            {
                throw new ReferenceRefusal($"chunk {chunk.Name} at byte {chunk.Offset} is corrupt (CRC mismatch; Pillow: bad header checksum)");
            }

            offset = chunk.End;
        }

        if (state.Header is not { } header || !state.HasMode)
        {
            throw new ReferenceRefusal(state.Header is null
                ? "Pillow cannot load it: image data without an IHDR chunk"
                : $"Pillow cannot load it: no mode for bit depth {state.Header.BitDepth} with colour type {(int)state.Header.ColorType}");
        }

        if (header.Width == 0 || header.Height == 0)
        {
            throw new ReferenceRefusal($"Pillow cannot load it: the IHDR declares an empty size {header.Width}x{header.Height}");
        }

        // load_prepare: a palette image takes its palette now; Pillow refuses more than 256 entries.
        var palette = header.ColorType == PngColorType.Palette ? state.Palette : [];
        if (palette.Length * 8 / 24 > 256)
        {
            throw new ReferenceRefusal($"Pillow refuses it: invalid palette size ({palette.Length} bytes of PLTE)");
        }

        var entries = palette.Length / 3;
        return header with
        {
            Palette = palette[..(entries * 3)],
            PaletteEntries = entries,
            FirstDataChunk = chunk.Offset,
        };
    }

    /// <summary>
    /// <c>load_end</c>: after the decoder stopped inside the chunk at <paramref name="stoppedIn"/>, the chunks up to
    /// IEND go through the handlers (no CRC checks); an unreadable header ends the walk quietly, an exception from a
    /// handler (or a body cut short) fails the load.
    /// </summary>
    /// <exception cref="ReferenceRefusal">Pillow would raise.</exception>
    public static void ReadEnd(ReadOnlySpan<byte> data, PngChunk stoppedIn, PngHeader header)
    {
        var state = new StreamState { Header = header, HasMode = true };
        var offset = stoppedIn.End;
        while (ReadHeader(data, offset, null) is { } chunk)
        {
            if (chunk.Type == PngChunks.Iend)
            {
                return;
            }

            var body = SafeRead(data, chunk);
            if (chunk.Type != PngChunks.Idat)
            {
                Handle(chunk, body, state, beforeData: false);
            }

            offset = chunk.End;
        }
    }

    /// <summary>
    /// ChunkStream.read: 8 bytes, a type of four word characters. Null where load_end would stop quietly (a short
    /// header or a bad type); before the data, where <paramref name="phase"/> is given, those are refusals.
    /// </summary>
    public static PngChunk? ReadHeader(ReadOnlySpan<byte> data, long offset, string? phase)
    {
        if (offset + 4 > data.Length)
        {
            return phase is null ? null : throw new ReferenceRefusal($"the file is truncated (it ends at byte {data.Length}, inside a chunk header {phase}; Pillow cannot read it)");
        }

        var valid = offset + 8 <= data.Length;
        var chunk = valid ? PngChunks.HeaderAt(data, offset)!.Value : default;
        for (var i = 0; valid && i < 4; i++)
        {
            var c = data[(int)offset + 4 + i];
            valid = char.IsAsciiLetterOrDigit((char)c) || c == '_';
        }

        if (!valid)
        {
            return phase is null ? null : throw new ReferenceRefusal($"Pillow refuses it: broken PNG file (a bad chunk type at byte {offset}, {phase})");
        }

        return chunk;
    }

    /// <summary>ImageFile._safe_read: the whole body, or "Truncated File Read".</summary>
    private static ReadOnlySpan<byte> SafeRead(ReadOnlySpan<byte> data, PngChunk chunk)
    {
        if (chunk.BodyOffset + chunk.Length > data.Length)
        {
            throw new ReferenceRefusal($"the file is truncated (chunk {chunk.Name} at byte {chunk.Offset} runs past the end of the file; Pillow: Truncated File Read)");
        }

        return data.Slice((int)chunk.BodyOffset, (int)chunk.Length);
    }

    private sealed class StreamState
    {
        public PngHeader? Header { get; set; }

        public bool HasMode { get; set; }

        public bool Interlaced { get; set; }

        public byte[] Palette { get; set; } = [];

        public bool Animated { get; set; }
    }

    /// <summary>
    /// PngStream.chunk_*: what each handler keeps and when it raises. (None of them can raise the UnicodeDecodeError
    /// on which load_end would stop quietly: text keys are Latin-1, and iTXt catches its own.)
    /// </summary>
    private static void Handle(PngChunk chunk, ReadOnlySpan<byte> body, StreamState state, bool beforeData)
    {
        switch (chunk.Name)
        {
            case "IHDR":
                if (body.Length < 13)
                {
                    throw Raises(chunk, "Truncated IHDR chunk");
                }

                // The size always; the mode only for a known pair (else the earlier one stays); interlace once set stays.
                int depth = body[8], colour = body[9];
                state.Interlaced |= body[12] != 0;
                var known = HasMode(depth, colour);
                if (beforeData)
                {
                    var previous = state.Header;
                    state.Header = new PngHeader(
                        BinaryPrimitives.ReadUInt32BigEndian(body),
                        BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
                        known ? depth : previous?.BitDepth ?? depth,
                        known ? (PngColorType)colour : previous?.ColorType ?? (PngColorType)colour,
                        state.Interlaced);
                    state.HasMode |= known;
                }

                if (body[11] != 0)
                {
                    throw Raises(chunk, "unknown filter category");
                }

                return;
            case "PLTE":
                if (state.HasMode && state.Header!.ColorType == PngColorType.Palette && beforeData)
                {
                    state.Palette = body.ToArray();
                }

                return;
            case "tRNS":
                if (state.HasMode)
                {
                    var needed = state.Header!.ColorType switch
                    {
                        PngColorType.Grey => 2,
                        PngColorType.Rgb => 6,
                        _ => 0,
                    };
                    if (body.Length < needed)
                    {
                        throw Raises(chunk, "struct.error (tRNS too short for the image's mode)");
                    }
                }

                return;
            case "gAMA":
                if (body.Length < 4)
                {
                    throw Raises(chunk, "struct.error (gAMA shorter than 4 bytes)");
                }

                return;
            case "cHRM":
                if (body.Length % 4 != 0)
                {
                    throw Raises(chunk, "struct.error (cHRM length not a multiple of 4)");
                }

                return;
            case "sRGB":
                if (body.Length < 1)
                {
                    throw Raises(chunk, "Truncated sRGB chunk");
                }

                return;
            case "pHYs":
                if (body.Length < 9)
                {
                    throw Raises(chunk, "Truncated pHYs chunk");
                }

                return;
            case "zTXt":
            {
                var nul = body.IndexOf((byte)0);
                var rest = nul < 0 ? [] : body[(nul + 1)..];
                if (rest.Length > 0 && rest[0] != 0)
                {
                    throw Raises(chunk, $"Unknown compression method {rest[0]} in zTXt chunk");
                }

                if (rest.Length > 1)
                {
                    TextInflate(chunk, rest[1..]);
                }

                return;
            }

            case "iTXt":
            {
                var nul = body.IndexOf((byte)0);
                if (nul < 0 || body.Length - nul - 1 < 2)
                {
                    return;
                }

                var rest = body[(nul + 1)..];
                int flag = rest[0], method = rest[1];
                var tail = rest[2..];
                var language = tail.IndexOf((byte)0);
                var keyword = language < 0 ? -1 : tail[(language + 1)..].IndexOf((byte)0);
                if (keyword < 0)
                {
                    return;
                }

                if (flag != 0 && method == 0)
                {
                    TextInflate(chunk, tail[(language + 1 + keyword + 1)..]);
                }

                return;
            }

            case "iCCP":
            {
                if (body.Length == 0)
                {
                    throw Raises(chunk, "IndexError (an empty iCCP chunk)");
                }

                var nul = body.IndexOf((byte)0);
                var method = nul < 0 ? body[^1] : body[nul];
                if (method != 0)
                {
                    throw Raises(chunk, $"Unknown compression method {method} in iCCP chunk");
                }

                TextInflate(chunk, nul < 0 ? body[1..] : body[Math.Min(body.Length, nul + 2)..]);
                return;
            }

            case "acTL" or "fcTL" or "fdAT":
                throw new ReferenceRefusal($"an animated PNG ({chunk.Name} chunk at byte {chunk.Offset}); animated PNGs are not read");
            default:
                return;
        }
    }

    /// <summary>_safe_zlib_decompress: refused when the text inflates past 1 MB; a broken stream is ignored.</summary>
    private static void TextInflate(PngChunk chunk, ReadOnlySpan<byte> stream)
    {
        var inflater = new ZlibInflater(windowBits: 15);
        var scratch = new byte[1 << 16];
        while (stream.Length > 0)
        {
            var status = inflater.Inflate(stream, scratch, out var consumed, out _);
            stream = stream[consumed..];
            if (inflater.TotalOut > MaxTextChunk)
            {
                throw Raises(chunk, "Decompressed Data Too Large");
            }

            if (status != InflateStatus.Ok)
            {
                return;
            }
        }
    }

    private static ReferenceRefusal Raises(PngChunk chunk, string message) =>
        new($"Pillow refuses chunk {chunk.Name} at byte {chunk.Offset}: {message}");
}
