using System.Buffers.Binary;

namespace CoSod.Fuzz;

/// <summary>Mutations of BMP header fields and pixel data.</summary>
public static partial class ImageMutants
{
    private static (string Kind, byte[] Bytes) BmpEdit(byte[] data, SplitMix64 rng)
    {
        var bytes = (byte[])data.Clone();
        var headerSize = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(14));
        var core = headerSize == 12;
        switch (rng.Below(8))
        {
            case 0:
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(core ? 24 : 28), rng.Pick<ushort>([0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 24, 32, 48, 64]));
                return ("bmp-bits", bytes);
            case 1 when !core:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(30), rng.Pick([0, 1, 2, 3, 4, 5, 6, 11, -1]));
                return ("bmp-compression", bytes);
            case 2 when !core:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(rng.Chance(50) ? 18 : 22), rng.Pick([0, 1, -1, -29, 36, 38, 10000, 65536, int.MinValue, int.MaxValue]));
                return ("bmp-size", bytes);
            case 3:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), rng.Pick([0, 14, 26, 53, 55, 1000, bytes.Length, -1]));
                return ("bmp-offset", bytes);
            case 4 when !core:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(46), rng.Pick([0, 1, 2, 16, 255, 256, 257, 100000, -1]));
                return ("bmp-colours-used", bytes);
            case 5:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), rng.Pick([0, 12, 16, 36, 40, 52, 56, 64, 108, 124, 200, -1]));
                return ("bmp-header-size", bytes);
            case 6:
            {
                var offset = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(10));
                var keep = rng.Between(Math.Min(offset, bytes.Length - 1), bytes.Length);
                return ("bmp-cut-pixels", bytes[..keep]);
            }

            default:
                // Pixel (or RLE) bytes changed.
                var start = Math.Min(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(10)), bytes.Length - 1);
                for (var n = rng.Between(1, 6); n > 0; n--)
                {
                    bytes[rng.Between(Math.Max(0, start), bytes.Length)] = rng.Byte();
                }

                return ("bmp-pixel-bytes", bytes);
        }
    }
}
