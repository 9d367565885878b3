using System.Buffers.Binary;
using System.IO.Hashing;

namespace CoSod.Data.Imaging.Png;

/// <summary>A chunk header as a reader meets it: where it starts, its declared length and type.</summary>
internal readonly record struct PngChunk(long Offset, uint Length, uint Type)
{
    public long BodyOffset => Offset + 8;

    /// <summary>Offset of the chunk's CRC.</summary>
    public long CrcOffset => Offset + 8 + Length;

    /// <summary>Offset of the byte after the CRC.</summary>
    public long End => Offset + 12 + Length;

    public string Name => PngChunks.NameOf(Type);

    /// <summary>PNG 5.4: bit 5 of the first type byte set means ancillary.</summary>
    public bool Ancillary => ((Type >> 29) & 1) != 0;
}

/// <summary>Reading chunk headers and CRCs at given offsets, and the chunk types the readers know.</summary>
internal static class PngChunks
{
    public static readonly uint Ihdr = TypeOf("IHDR"u8);
    public static readonly uint Plte = TypeOf("PLTE"u8);
    public static readonly uint Idat = TypeOf("IDAT"u8);
    public static readonly uint Iend = TypeOf("IEND"u8);
    public static readonly uint Trns = TypeOf("tRNS"u8);
    public static readonly uint Gama = TypeOf("gAMA"u8);
    public static readonly uint Srgb = TypeOf("sRGB"u8);
    public static readonly uint Sbit = TypeOf("sBIT"u8);
    public static readonly uint Chrm = TypeOf("cHRM"u8);
    public static readonly uint Iccp = TypeOf("iCCP"u8);
    public static readonly uint Exif = TypeOf("eXIf"u8);

    public static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    public static uint TypeOf(ReadOnlySpan<byte> name) => BinaryPrimitives.ReadUInt32BigEndian(name);

    public static string NameOf(uint type)
    {
        Span<char> name = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((type >> (24 - (8 * i))) & 0xFF);
            name[i] = c is >= ' ' and < (char)127 ? c : '?';
        }

        return new string(name);
    }

    /// <summary>The chunk header at <paramref name="offset"/>, or null when fewer than 8 bytes remain.</summary>
    public static PngChunk? HeaderAt(ReadOnlySpan<byte> data, long offset)
    {
        if (offset < 0 || offset + 8 > data.Length)
        {
            return null;
        }

        var at = (int)offset;
        return new PngChunk(offset, BinaryPrimitives.ReadUInt32BigEndian(data[at..]), BinaryPrimitives.ReadUInt32BigEndian(data[(at + 4)..]));
    }

    /// <summary>True when the body and the CRC lie inside the data.</summary>
    public static bool IsWhole(ReadOnlySpan<byte> data, PngChunk chunk) => chunk.End <= data.Length;

    /// <summary>The CRC check of a whole chunk (type and body against the stored CRC).</summary>
    public static bool CrcMatches(ReadOnlySpan<byte> data, PngChunk chunk)
    {
        var stored = BinaryPrimitives.ReadUInt32BigEndian(data[(int)chunk.CrcOffset..]);
        return Crc32.HashToUInt32(data.Slice((int)chunk.Offset + 4, (int)chunk.Length + 4)) == stored;
    }

    /// <summary>The chunk's body; call only on a whole chunk.</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> data, PngChunk chunk) => data.Slice((int)chunk.BodyOffset, (int)chunk.Length);
}
