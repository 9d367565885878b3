using System.Buffers.Binary;

namespace CoSod.Data.Imaging.Png;

/// <summary>The EXIF orientation tag as OpenCV 4.6's ExifReader reads it from a TIFF-structured block.</summary>
internal static class ExifOrientation
{
    /// <summary>
    /// The orientation tag (0x0112) of IFD0, read as OpenCV reads it (the 16-bit value at the entry's value field);
    /// 1 when absent, unreadable or outside 1..8.
    /// </summary>
    public static int FromTiff(ReadOnlySpan<byte> tiff)
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
}
