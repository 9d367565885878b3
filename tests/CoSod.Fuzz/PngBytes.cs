using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace CoSod.Fuzz;

/// <summary>A PNG taken apart into chunks (type, body) for structured edits, and put back with fresh CRCs.</summary>
public sealed class PngBytes
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngBytes(List<(string Type, byte[] Body)> chunks) => Chunks = chunks;

    public List<(string Type, byte[] Body)> Chunks { get; }

    /// <summary>Parses a well-formed PNG (a seed); anything after IEND is dropped.</summary>
    public static PngBytes Parse(byte[] data)
    {
        var chunks = new List<(string, byte[])>();
        var offset = 8;
        while (offset + 12 <= data.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            var type = Encoding.ASCII.GetString(data, offset + 4, 4);
            chunks.Add((type, data.AsSpan(offset + 8, length).ToArray()));
            offset += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }

        return new PngBytes(chunks);
    }

    public PngBytes Clone() => new(Chunks.Select(c => (c.Type, (byte[])c.Body.Clone())).ToList());

    public int IndexOf(string type) => Chunks.FindIndex(c => c.Type == type);

    public List<int> IndicesOf(string type) =>
        Chunks.Select((c, i) => (c, i)).Where(p => p.c.Type == type).Select(p => p.i).ToList();

    /// <summary>The IDAT payloads joined: the zlib stream.</summary>
    public byte[] ImageData() => Chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Body).ToArray();

    /// <summary>Replaces every IDAT with <paramref name="parts"/> at the position of the first one.</summary>
    public void SetImageData(params byte[][] parts)
    {
        var first = IndexOf("IDAT");
        Chunks.RemoveAll(c => c.Type == "IDAT");
        Chunks.InsertRange(first, parts.Select(p => ("IDAT", p)));
    }

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        foreach (var (type, body) in Chunks)
        {
            output.Write(Chunk(type, body));
        }

        return output.ToArray();
    }

    /// <summary>One chunk with its length and CRC.</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> body)
    {
        var bytes = new byte[12 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)body.Length);
        Encoding.ASCII.GetBytes(type, bytes.AsSpan(4, 4));
        body.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8 + body.Length), Crc32.HashToUInt32(bytes.AsSpan(4, 4 + body.Length)));
        return bytes;
    }

    public static byte[] Header(int width, int height, int depth, int colourType, int interlace)
    {
        var body = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(body, width);
        BinaryPrimitives.WriteInt32BigEndian(body.AsSpan(4), height);
        body[8] = (byte)depth;
        body[9] = (byte)colourType;
        body[12] = (byte)interlace;
        return body;
    }
}
