namespace CoSod.Data.Imaging.Jpeg;

/// <summary>When libjpeg first needed bytes past the end of the file.</summary>
internal enum JpegEndPhase
{
    /// <summary>Never: the file holds everything libjpeg read.</summary>
    None,

    /// <summary>Before the last MCU of the image was decoded (a reader without fake EOIs stops there).</summary>
    BeforeImage,

    /// <summary>Only while reading the markers after the image (for the EOI): the pixels were all decoded.</summary>
    AfterImage,
}

/// <summary>
/// What libjpeg-turbo 2.1.5 would make of a JPEG, short of its pixels: its fatal error in words (null when it decodes
/// the file); a fatal error met only after the last pixel was decoded (OpenCV has its image by then and keeps it;
/// Pillow fails); its "Corrupt JPEG data" and "Premature end of JPEG file" warnings (the shared corruption rule);
/// when it first needed bytes past the end; and the frame it read.
/// </summary>
internal sealed record JpegWalkResult(
    string? Error, string? ErrorAfterImage, IReadOnlyList<string> Corruption, JpegEndPhase EndPhase, int Width, int Height, int Components);

/// <summary>
/// Walks a JPEG the way libjpeg-turbo 2.1.5 reads it while decoding, without computing a pixel: the marker reader
/// (jdmarker.c: skipped bytes before a marker are "extraneous"), and the Huffman entropy decoders of sequential and
/// progressive scans (jdhuff.c with its fast and slow paths, jdphuff.c), bit for bit, with restart markers and
/// their resynchronisation. It reports the warnings libjpeg would print (SkiaSharp, which decodes the pixels with the
/// same library, reports none), its fatal errors, and when it would need bytes past the end of the file.
/// </summary>
internal sealed partial class LibjpegWalk
{
    private const int MinGetBits = 57; // BIT_BUF_SIZE (64) - 7
    private const int MaxComponents = 10;

    private readonly JpegSource _source;
    private readonly List<string> _corruption = [];
    private readonly (byte[] Bits, byte[] Values)?[] _dcTables = new (byte[], byte[])?[4];
    private readonly (byte[] Bits, byte[] Values)?[] _acTables = new (byte[], byte[])?[4];
    private readonly bool[] _quantTables = new bool[4];
    private readonly Dictionary<int, ulong[]> _nonzero = [];

    private Component[] _components = [];
    private int _width;
    private int _height;
    private bool _sawFrame;
    private bool _progressive;
    private bool _standardTablesInstalled;
    private int _restartInterval;
    private int _unreadMarker;
    private long _discarded;
    private bool _reachedEnd;

    // The bit reader (jdhuff.h): get_buffer, bits_left; the entropy decoder's insufficient_data flag.
    private ulong _buffer;
    private int _bitsLeft;
    private bool _insufficient;

    private LibjpegWalk(byte[] data, JpegFeed feed) => _source = new JpegSource(data, feed);

    private sealed class Component
    {
        public int Id { get; init; }

        public int H { get; init; }

        public int V { get; init; }

        public int Quant { get; init; }

        public int Index { get; init; }

        public int DcTable { get; set; }

        public int AcTable { get; set; }

        public int WidthInBlocks { get; set; }

        public int HeightInBlocks { get; set; }
    }

    private sealed class JpegError(string message) : Exception(message);

    /// <summary>Walks <paramref name="data"/> fed as <paramref name="feed"/> describes, up to EOI (or libjpeg's error).</summary>
    public static JpegWalkResult Walk(byte[] data, JpegFeed feed)
    {
        var walk = new LibjpegWalk(data, feed);
        var phase = JpegEndPhase.None;
        string? error = null, errorAfterImage = null;
        try
        {
            walk.Run();
        }
        catch (JpegError e) when (walk._reachedEnd)
        {
            errorAfterImage = e.Message;
        }
        catch (JpegError e)
        {
            error = e.Message;
        }
        catch (JpegSourceExhausted)
        {
            phase = walk._reachedEnd ? JpegEndPhase.AfterImage : JpegEndPhase.BeforeImage;
        }

        if (walk._source.PastEnd && phase == JpegEndPhase.None)
        {
            phase = walk._reachedEnd ? JpegEndPhase.AfterImage : JpegEndPhase.BeforeImage;
        }

        var corruption = walk._corruption.ToList();
        if (walk._source.PastEnd)
        {
            corruption.Add("Premature end of JPEG file");
        }

        return new JpegWalkResult(error, errorAfterImage, corruption, phase, walk._width, walk._height, walk._components.Length);
    }

    private void Run()
    {
        // first_marker: FF D8 exactly.
        if (_source.ReadByte() != 0xFF || _source.ReadByte() != 0xD8)
        {
            throw new JpegError("Not a JPEG file");
        }

        var scans = 0;
        var multipleScans = false;
        while (true)
        {
            var marker = ReadMarkers(scans == 0 ? "header" : "between scans");
            if (marker == 0xD9)
            {
                if (scans == 0)
                {
                    throw new JpegError(_sawFrame ? "Invalid JPEG file structure: missing SOS marker" : "JPEG datastream contains no image");
                }

                return;
            }

            // SOS (the scan header has been read).
            if (scans == 0)
            {
                InitialSetup();
                multipleScans = _progressive || _scan.Count < _components.Length;
            }
            else if (!multipleScans)
            {
                throw new JpegError("Invalid JPEG file structure: two SOS markers (EOI expected)");
            }

            scans++;
            DecodeScan();

            // A single-scan image has all its pixels once its scan is decoded; a multi-scan one only at EOI.
            _reachedEnd = !multipleScans;
        }
    }
}
