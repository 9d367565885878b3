using System.Buffers.Binary;

namespace CoSod.Fuzz;

/// <summary>Mutations that know JPEG markers: the entropy-coded data, segment lengths, frames, restart markers.</summary>
public static partial class ImageMutants
{
    private static (string Kind, byte[] Bytes) JpegEdit(byte[] data, SplitMix64 rng)
    {
        var jpeg = JpegBytes.Parse(data);
        var bytes = (byte[])data.Clone();
        var scan = jpeg.Scans[rng.Below(jpeg.Scans.Count)];
        switch (rng.Below(9))
        {
            case 0:
            {
                // Bytes of the entropy-coded data changed (never into a marker prefix).
                for (var n = rng.Between(1, 4); n > 0; n--)
                {
                    var at = rng.Between(scan.Start, scan.End);
                    if (bytes[at] != 0xFF && (at == 0 || bytes[at - 1] != 0xFF))
                    {
                        var value = (byte)(bytes[at] ^ (1 << rng.Below(8)));
                        bytes[at] = value == 0xFF ? (byte)0xFE : value;
                    }
                }

                return ("jpeg-scan-bits", bytes);
            }

            case 1:
            {
                var cut = rng.Between(scan.Start, scan.End);
                return rng.Chance(50) ? ("jpeg-cut", bytes[..cut]) : ("jpeg-cut-eoi", [.. bytes[..cut], 0xFF, 0xD9]);
            }

            case 2:
            {
                var frame = jpeg.Frame();
                var field = rng.Below(2) == 0 ? 5 : 7;
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(frame.Offset + field), (ushort)rng.Pick([0, 1, 7, 16, 28, 30, 38, 65535, 10000]));
                return ("jpeg-sof-size", bytes);
            }

            case 3:
            {
                var segment = rng.Pick(jpeg.Segments.Where(s => s.Marker is not (0xD9 or 0xDA)).ToList());
                var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(segment.Offset + 2));
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(segment.Offset + 2), (ushort)Math.Clamp(length + rng.Pick([-3, -1, 1, 2, 300]), 0, 65535));
                return ($"jpeg-length-{segment.Marker:X2}", bytes);
            }

            case 4:
            {
                var segment = rng.Pick(jpeg.Segments.Where(s => s.Marker is not (0xD9 or 0xDA)).ToList());
                return ($"jpeg-drop-{segment.Marker:X2}", [.. bytes[..segment.Offset], .. bytes[(segment.Offset + segment.Length)..]]);
            }

            case 5:
            {
                // Garbage between two segments (libjpeg: "extraneous bytes before marker").
                var segment = rng.Pick(jpeg.Segments);
                var garbage = Enumerable.Range(0, rng.Between(1, 6)).Select(_ => (byte)rng.Between(0, 0xFF)).ToArray();
                return ("jpeg-garbage", [.. bytes[..segment.Offset], .. garbage, .. bytes[segment.Offset..]]);
            }

            case 6:
            {
                // A byte inside a header segment (tables, frame, scan header) changed.
                var segment = rng.Pick(jpeg.Segments.Where(s => s.Length > 4).ToList());
                var at = segment.Offset + 4 + rng.Below(segment.Length - 4);
                bytes[at] = rng.Chance(50) ? rng.Byte() : (byte)(bytes[at] ^ (1 << rng.Below(8)));
                return ($"jpeg-segment-{segment.Marker:X2}", bytes);
            }

            case 7:
            {
                // Restart markers: one removed or renumbered (only the restart seed has them).
                for (var at = scan.Start; at + 1 < scan.End; at++)
                {
                    if (bytes[at] == 0xFF && bytes[at + 1] is >= 0xD0 and <= 0xD7 && rng.Chance(30))
                    {
                        if (rng.Chance(50))
                        {
                            return ("jpeg-rst-drop", [.. bytes[..at], .. bytes[(at + 2)..]]);
                        }

                        bytes[at + 1] = (byte)(0xD0 + ((bytes[at + 1] - 0xD0 + rng.Between(1, 8)) % 8));
                        return ("jpeg-rst-renumber", bytes);
                    }
                }

                goto case 0;
            }

            default:
            {
                // Data after the end of the image, or the EOI marker removed.
                return rng.Chance(50)
                    ? ("jpeg-trailing", [.. bytes, .. Enumerable.Range(0, rng.Between(1, 40)).Select(_ => rng.Byte())])
                    : ("jpeg-no-eoi", bytes[..^2]);
            }
        }
    }
}
