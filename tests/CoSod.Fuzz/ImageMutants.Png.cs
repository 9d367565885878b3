using System.Buffers.Binary;
using System.Text;

namespace CoSod.Fuzz;

/// <summary>Mutations that know PNG chunks: the CRCs kept right, so that the decoders get past the chunk walk.</summary>
public static partial class ImageMutants
{
    private static (string Kind, byte[] Bytes) PngEdit(byte[] data, SplitMix64 rng)
    {
        var png = PngBytes.Parse(data);
        var chunks = png.Chunks;
        var idats = png.IndicesOf("IDAT");
        switch (rng.Below(12))
        {
            case 0:
            {
                // A byte of a chunk body changed, the CRC made to match (the file looks whole).
                var i = rng.Below(chunks.Count);
                if (chunks[i].Body.Length == 0)
                {
                    i = idats[0];
                }

                chunks[i].Body[rng.Below(chunks[i].Body.Length)] ^= (byte)(1 << rng.Below(8));
                return ("png-body-bit-" + chunks[i].Type, png.ToBytes());
            }

            case 1:
            {
                var header = chunks[0].Body;
                switch (rng.Below(5))
                {
                    case 0:
                        BinaryPrimitives.WriteInt32BigEndian(header, rng.Pick([0, 1, 3, 36, 38, 1000, 65535, 1 << 20, int.MaxValue, -1]));
                        break;
                    case 1:
                        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), rng.Pick([0, 1, 2, 28, 30, 1000, 1 << 20, -1]));
                        break;
                    case 2:
                        header[8] = rng.Pick<byte>([0, 1, 2, 3, 4, 5, 8, 12, 16, 32]);
                        break;
                    case 3:
                        header[9] = rng.Pick<byte>([0, 1, 2, 3, 4, 5, 6, 7]);
                        break;
                    default:
                        header[rng.Pick([10, 11, 12])] = rng.Pick<byte>([1, 2, 255]);
                        break;
                }

                return ("png-ihdr", png.ToBytes());
            }

            case 2:
            {
                var i = rng.Between(1, chunks.Count - 1);
                var type = chunks[i].Type;
                chunks.RemoveAt(i);
                return ("png-drop-" + type, png.ToBytes());
            }

            case 3:
            {
                var i = rng.Between(1, chunks.Count - 1);
                chunks.Insert(rng.Between(1, chunks.Count), (chunks[i].Type, (byte[])chunks[i].Body.Clone()));
                return ("png-repeat-" + chunks[i].Type, png.ToBytes());
            }

            case 4:
            {
                // A chunk moved elsewhere (a PLTE after the data, a text chunk between IDATs, IEND early...).
                var i = rng.Between(1, chunks.Count);
                var moved = chunks[i];
                chunks.RemoveAt(i);
                chunks.Insert(rng.Between(1, chunks.Count + 1), moved);
                return ("png-move-" + moved.Type, png.ToBytes());
            }

            case 5:
            {
                var type = rng.Pick(["CRIT", "teXt", "zzZz", "tEXt", "zTXt", "iTXt", "gAMA", "sRGB", "sBIT", "tRNS", "eXIf", "iCCP", "bKGD", "cHRM", "pHYs", "tIME", "1bad"]);
                var body = Enumerable.Range(0, rng.Pick([0, 1, 2, 3, 4, 6, 9, 13, 40])).Select(_ => rng.Byte()).ToArray();
                chunks.Insert(rng.Between(1, chunks.Count), (type, body));
                return ("png-add-" + type, png.ToBytes());
            }

            case 6:
            {
                // The palette resized: short of the indices, past 256 entries, or a length not a multiple of 3.
                var plte = png.IndexOf("PLTE");
                if (plte < 0)
                {
                    goto case 5;
                }

                var entries = rng.Pick([0, 1, 3, 6, 11, 257, 266]);
                var body = Enumerable.Range(0, (entries * 3) + rng.Pick([0, 0, 1, 2])).Select(i => i < chunks[plte].Body.Length ? chunks[plte].Body[i] : rng.Byte()).ToArray();
                chunks[plte] = ("PLTE", body);
                return ("png-plte-" + entries, png.ToBytes());
            }

            case 7:
            {
                // The zlib stream cut short or given extra bytes, in whole chunks.
                var stream = png.ImageData();
                var cut = rng.Pick([1, 2, 4, 5, 9, 40, stream.Length / 2]);
                var edited = rng.Chance(70) ? stream[..Math.Max(0, stream.Length - cut)] : [.. stream, .. Enumerable.Range(0, cut).Select(_ => rng.Byte())];
                png.SetImageData(edited);
                return ("png-stream-length", png.ToBytes());
            }

            case 8:
            {
                // A bit of the deflate data flipped, Adler-32 left stale (the "looks whole" case).
                var stream = png.ImageData();
                var bit = rng.Between(16, (stream.Length - 4) * 8);
                stream[bit / 8] ^= (byte)(1 << (bit % 8));
                png.SetImageData(SplitAt(stream, rng));
                return ("png-stream-bit", png.ToBytes());
            }

            case 9:
            {
                // The same stream over other IDAT boundaries (empty chunks included).
                png.SetImageData(SplitAt(png.ImageData(), rng));
                return ("png-resplit", png.ToBytes());
            }

            case 10:
            {
                // A chunk's type renamed (critical <-> ancillary, or to something unknown).
                var i = rng.Between(0, chunks.Count);
                var type = Encoding.ASCII.GetBytes(chunks[i].Type);
                type[rng.Below(4)] ^= 0x20;
                chunks[i] = (Encoding.ASCII.GetString(type), chunks[i].Body);
                return ("png-rename", png.ToBytes());
            }

            default:
            {
                // A chunk's stored length or CRC made wrong (the bytes no longer line up).
                var bytes = png.ToBytes();
                var offsets = new List<int>();
                for (var o = 8; o + 12 <= bytes.Length; o += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(o)))
                {
                    offsets.Add(o);
                }

                var at = rng.Pick(offsets);
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
                if (rng.Chance(50))
                {
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)Math.Max(0, length + rng.Pick([-4, -1, 1, 4, 100000, int.MaxValue / 2])));
                    return ("png-length", bytes);
                }

                bytes[at + 8 + length + rng.Below(4)] ^= 0x01;
                return ("png-crc", bytes);
            }
        }
    }

    private static byte[][] SplitAt(byte[] stream, SplitMix64 rng)
    {
        var parts = new List<byte[]>();
        var at = 0;
        while (at < stream.Length)
        {
            var size = rng.Chance(10) ? 0 : rng.Between(1, Math.Max(2, stream.Length / 2));
            parts.Add(stream[at..Math.Min(stream.Length, at + size)]);
            at += size;
        }

        return [.. parts];
    }
}
