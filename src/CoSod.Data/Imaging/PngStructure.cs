using System.Buffers.Binary;
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
/// whole, that its CRC matches and that the stream ends with IEND after at least one IDAT.
/// </summary>
public sealed record PngStructure(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

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

            if (header is null)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    problem = "the first chunk is not a valid IHDR";
                    return null;
                }

                header = new PngStructure(
                    (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body), int.MaxValue),
                    (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body[4..]), int.MaxValue),
                    body[8],
                    (PngColorType)body[9],
                    body[12] != 0);
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                sawData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                if (!sawData)
                {
                    problem = "the file has no image data (no IDAT chunk)";
                    return null;
                }

                return header;
            }

            offset += 12 + (int)length;
        }
    }
}
