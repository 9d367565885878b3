namespace CoSod.Fuzz;

/// <summary>
/// Where things are in a well-formed JPEG (a seed): every marker segment before the first scan, and the span of each
/// scan's entropy-coded data, for structured edits.
/// </summary>
public sealed class JpegBytes
{
    private JpegBytes(List<(byte Marker, int Offset, int Length)> segments, List<(int Start, int End)> scans)
    {
        Segments = segments;
        Scans = scans;
    }

    /// <summary>Marker segments (marker byte, offset of its 0xFF, total length including the marker) in file order.</summary>
    public List<(byte Marker, int Offset, int Length)> Segments { get; }

    /// <summary>Entropy-coded data of each scan: from the byte after its SOS segment to the next non-RST marker.</summary>
    public List<(int Start, int End)> Scans { get; }

    public static JpegBytes Parse(byte[] data)
    {
        var segments = new List<(byte, int, int)>();
        var scans = new List<(int, int)>();
        var offset = 2;
        while (offset + 4 <= data.Length && data[offset] == 0xFF)
        {
            var marker = data[offset + 1];
            if (marker == 0xD9)
            {
                segments.Add((marker, offset, 2));
                break;
            }

            var length = (data[offset + 2] << 8) | data[offset + 3];
            segments.Add((marker, offset, length + 2));
            offset += length + 2;
            if (marker != 0xDA)
            {
                continue;
            }

            var start = offset;
            while (offset + 1 < data.Length && !(data[offset] == 0xFF && data[offset + 1] != 0 && data[offset + 1] is < 0xD0 or > 0xD7))
            {
                offset++;
            }

            scans.Add((start, offset));
        }

        return new JpegBytes(segments, scans);
    }

    public (byte Marker, int Offset, int Length) First(byte marker) => Segments.First(s => s.Marker == marker);

    /// <summary>The start-of-frame segment (baseline, extended or progressive).</summary>
    public (byte Marker, int Offset, int Length) Frame() => Segments.First(s => s.Marker is 0xC0 or 0xC1 or 0xC2);
}
