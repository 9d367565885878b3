using CoSod.Data.Imaging.Png;

namespace CoSod.Data.Imaging.Jpeg;

/// <summary>
/// Pillow 9.4's JpegImagePlugin reads the markers up to the first SOS in Python before libjpeg sees the file; what
/// it refuses there (a byte pair FF xx that is no marker, a segment cut short, a frame of other than 8 bits or of
/// 2 or 5+ components, a bad quantization table, a JFIF segment too short for its version) never reaches libjpeg.
/// </summary>
internal static class PillowJpegMarkers
{
    /// <exception cref="ReferenceRefusal">Pillow would raise.</exception>
    public static void Check(byte[] data)
    {
        var position = 3L;
        int? current = 0xFF;
        while (true)
        {
            if (current is null)
            {
                throw new ReferenceRefusal("the JPEG is truncated (it ends before any scan; Pillow cannot open it)");
            }

            if (current != 0xFF)
            {
                current = Read(data, ref position); // skip non-FF junk
                continue;
            }

            var next = Read(data, ref position);
            if (next is null)
            {
                throw new ReferenceRefusal("the JPEG is truncated (it ends inside a marker; Pillow cannot open it)");
            }

            var marker = 0xFF00 | next.Value;
            if (marker is >= 0xFFC0 and <= 0xFFFE)
            {
                Handle(data, ref position, marker);
                if (marker == 0xFFDA)
                {
                    return;
                }

                current = Read(data, ref position);
            }
            else if (marker == 0xFFFF)
            {
                current = 0xFF;
            }
            else if (marker == 0xFF00)
            {
                current = Read(data, ref position);
            }
            else
            {
                throw Refused($"no marker found (bytes FF {next:X2} at byte {position - 2})");
            }
        }
    }

    private static void Handle(byte[] data, ref long position, int marker)
    {
        switch (marker)
        {
            case 0xFFC4 or 0xFFCC or 0xFFDA or 0xFFDC or 0xFFDD or 0xFFDF:
                Segment(data, ref position);
                return;
            case 0xFFDB:
            {
                var s = Segment(data, ref position);
                while (s.Length > 0)
                {
                    var tableLength = 1 + ((s[0] / 16 == 0 ? 1 : 2) * 64);
                    if (s.Length < tableLength)
                    {
                        throw Refused("bad quantization table marker");
                    }

                    s = s[tableLength..];
                }

                return;
            }

            case >= 0xFFE0 and <= 0xFFEF:
            {
                var s = Segment(data, ref position);
                if (marker == 0xFFE0 && s.Length >= 4 && s[..4].SequenceEqual("JFIF"u8) && s.Length < 7)
                {
                    throw Refused("a JFIF segment too short for its version (struct.error)");
                }

                return;
            }

            case 0xFFFE:
                Segment(data, ref position);
                return;
            case 0xFFC8 or (>= 0xFFD0 and <= 0xFFD9) or (>= 0xFFF0 and <= 0xFFFD):
                return;
            default:
            {
                // SOFn (and DHP): size, 8-bit samples, 1, 3 or 4 components.
                var s = Segment(data, ref position);
                if (s.Length < 5)
                {
                    throw Refused("a frame header too short (struct.error)");
                }

                if (s[0] != 8)
                {
                    throw Refused($"cannot handle {s[0]}-bit layers");
                }

                if (s.Length < 6)
                {
                    throw Refused("a frame header too short (IndexError)");
                }

                if (s[5] is not (1 or 3 or 4))
                {
                    throw Refused($"cannot handle {s[5]}-layer images");
                }

                return;
            }
        }
    }

    /// <summary>i16(read(2)) - 2 bytes through _safe_read: a short length or body is a refusal.</summary>
    private static ReadOnlySpan<byte> Segment(byte[] data, ref long position)
    {
        if (position + 2 > data.Length)
        {
            throw new ReferenceRefusal("the JPEG is truncated (it ends inside a segment length; Pillow: struct.error)");
        }

        var length = ((data[position] << 8) | data[position + 1]) - 2;
        position += 2;
        if (length <= 0)
        {
            return [];
        }

        if (position + length > data.Length)
        {
            throw new ReferenceRefusal("the JPEG is truncated (a marker segment runs past the end of the file; Pillow: Truncated File Read)");
        }

        var body = data.AsSpan((int)position, length);
        position += length;
        return body;
    }

    private static int? Read(byte[] data, ref long position) => position < data.Length ? data[position++] : null;

    private static ReferenceRefusal Refused(string problem) => new($"Pillow refuses the JPEG: {problem}");
}
