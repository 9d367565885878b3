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
internal sealed class LibjpegWalk
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

    // ---------------------------------------------------------------- the marker reader (jdmarker.c)

    private readonly List<Component> _scan = [];
    private int _ss;
    private int _se;
    private int _ah;
    private int _al;
    private int _nextRestart;

    /// <summary>read_markers: processes markers until SOS (returns 0xDA) or EOI (0xD9).</summary>
    private int ReadMarkers(string phase)
    {
        while (true)
        {
            if (_unreadMarker == 0)
            {
                NextMarker();
            }

            var marker = _unreadMarker;
            _unreadMarker = 0;
            switch (marker)
            {
                case 0xD8:
                    throw new JpegError("Invalid JPEG file structure: two SOI markers");
                case 0xC0 or 0xC1:
                    ReadFrame(progressive: false);
                    break;
                case 0xC2:
                    ReadFrame(progressive: true);
                    break;
                case 0xC9 or 0xCA:
                    throw new JpegError("arithmetic-coded JPEG (SOF" + (marker - 0xC0) + ")");
                case 0xC3 or 0xC5 or 0xC6 or 0xC7 or 0xC8 or 0xCB or 0xCD or 0xCE or 0xCF:
                    throw new JpegError($"Unsupported JPEG process: SOF type 0x{marker:x2}");
                case 0xDA:
                    ReadScanHeader();
                    return 0xDA;
                case 0xD9:
                    return 0xD9;
                case 0xCC:
                    SkipVariable(); // DAC: arithmetic conditioning, read and kept
                    break;
                case 0xC4:
                    ReadHuffmanTables();
                    break;
                case 0xDB:
                    ReadQuantTables();
                    break;
                case 0xDD:
                    var length = TwoBytes();
                    if (length != 4)
                    {
                        throw new JpegError("Bogus marker length (DRI)");
                    }

                    _restartInterval = TwoBytes();
                    break;
                case >= 0xE0 and <= 0xEF or 0xFE or 0xDC:
                    SkipVariable();
                    break;
                case >= 0xD0 and <= 0xD7 or 0x01:
                    break;
                default:
                    throw new JpegError($"Unsupported marker type 0x{marker:x2} ({phase})");
            }
        }
    }

    /// <summary>next_marker: skips to the next marker; anything skipped is "extraneous" (corrupt data).</summary>
    private void NextMarker()
    {
        int c;
        while (true)
        {
            c = _source.ReadByte();
            while (c != 0xFF)
            {
                _discarded++;
                c = _source.ReadByte();
            }

            do
            {
                c = _source.ReadByte();
            }
            while (c == 0xFF);

            if (c != 0)
            {
                break;
            }

            _discarded += 2;
        }

        if (_discarded != 0)
        {
            _corruption.Add($"Corrupt JPEG data: {_discarded} extraneous bytes before marker 0x{c:x2}");
            _discarded = 0;
        }

        _unreadMarker = c;
    }

    private int TwoBytes() => (_source.ReadByte() << 8) | _source.ReadByte();

    private void SkipVariable()
    {
        var length = TwoBytes() - 2;
        _source.Skip(length);
    }

    private void ReadFrame(bool progressive)
    {
        var length = TwoBytes();
        var precision = _source.ReadByte();
        var height = TwoBytes();
        var width = TwoBytes();
        var count = _source.ReadByte();
        if (_sawFrame)
        {
            throw new JpegError("Invalid JPEG file structure: two SOF markers");
        }

        if (height <= 0 || width <= 0 || count <= 0)
        {
            throw new JpegError("Empty JPEG image (DNL not supported)");
        }

        if (length - 8 != count * 3)
        {
            throw new JpegError("Bogus marker length (SOF)");
        }

        var components = new Component[count];
        for (var i = 0; i < count; i++)
        {
            var id = _source.ReadByte();
            var sampling = _source.ReadByte();
            components[i] = new Component { Id = id, H = (sampling >> 4) & 15, V = sampling & 15, Quant = _source.ReadByte(), Index = i };
        }

        _components = components;
        _width = width;
        _height = height;
        _progressive = progressive;
        _sawFrame = true;
        if (precision != 8)
        {
            throw new JpegError($"Unsupported JPEG data precision {precision}");
        }
    }

    private void ReadScanHeader()
    {
        if (!_sawFrame)
        {
            throw new JpegError("Invalid JPEG file structure: SOS before SOF");
        }

        var length = TwoBytes();
        var count = _source.ReadByte();
        if (length != (count * 2) + 6 || count < 1 || count > 4)
        {
            throw new JpegError("Bogus marker length (SOS)");
        }

        _scan.Clear();
        var slots = new Component?[4];
        for (var i = 0; i < count; i++)
        {
            var id = _source.ReadByte();
            var tables = _source.ReadByte();

            // get_sos looks the id up among the first four components, skipping any whose *index* slot is taken.
            Component? found = null;
            for (var ci = 0; ci < _components.Length && ci < 4; ci++)
            {
                if (id == _components[ci].Id && slots[ci] is null)
                {
                    found = _components[ci];
                    break;
                }
            }

            if (found is null || _scan.Contains(found))
            {
                throw new JpegError($"Invalid component ID {id} in SOS");
            }

            slots[i] = found;
            found.DcTable = (tables >> 4) & 15;
            found.AcTable = tables & 15;
            _scan.Add(found);
        }

        _ss = _source.ReadByte();
        _se = _source.ReadByte();
        var a = _source.ReadByte();
        _ah = (a >> 4) & 15;
        _al = a & 15;
        _nextRestart = 0;
    }

    private void ReadHuffmanTables()
    {
        var length = TwoBytes() - 2;
        while (length > 16)
        {
            var index = _source.ReadByte();
            var bits = new byte[17];
            var count = 0;
            for (var i = 1; i <= 16; i++)
            {
                bits[i] = (byte)_source.ReadByte();
                count += bits[i];
            }

            length -= 17;
            if (count > 256 || count > length)
            {
                throw new JpegError("Bogus Huffman table definition");
            }

            var values = new byte[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = (byte)_source.ReadByte();
            }

            length -= count;
            var ac = (index & 0x10) != 0;
            var slot = ac ? index - 0x10 : index;
            if (slot is < 0 or >= 4)
            {
                throw new JpegError($"Bogus DHT index {slot}");
            }

            (ac ? _acTables : _dcTables)[slot] = (bits, values);
        }

        if (length != 0)
        {
            throw new JpegError("Bogus marker length (DHT)");
        }
    }

    private void ReadQuantTables()
    {
        var length = TwoBytes() - 2;
        while (length > 0)
        {
            var n = _source.ReadByte();
            var wide = (n >> 4) != 0;
            n &= 15;
            if (n >= 4)
            {
                throw new JpegError($"Bogus DQT index {n}");
            }

            _quantTables[n] = true;
            for (var i = 0; i < 64; i++)
            {
                _source.ReadByte();
                if (wide)
                {
                    _source.ReadByte();
                }
            }

            length -= wide ? 129 : 65;
        }

        if (length != 0)
        {
            throw new JpegError("Bogus marker length (DQT)");
        }
    }

    // ---------------------------------------------------------------- frame and scan set-up (jdinput.c)

    private int _maxH;
    private int _maxV;

    private void InitialSetup()
    {
        if (_height > 65500 || _width > 65500)
        {
            throw new JpegError("Maximum supported image dimension is 65500 pixels");
        }

        if (_components.Length > MaxComponents)
        {
            throw new JpegError($"Too many color components: {_components.Length}, max {MaxComponents}");
        }

        foreach (var c in _components)
        {
            if (c.H is < 1 or > 4 || c.V is < 1 or > 4)
            {
                throw new JpegError("Bogus sampling factors");
            }
        }

        _maxH = _components.Max(c => c.H);
        _maxV = _components.Max(c => c.V);
        foreach (var c in _components)
        {
            c.WidthInBlocks = (int)CeilDiv(CeilDiv((long)_width * c.H, _maxH), 8);
            c.HeightInBlocks = (int)CeilDiv(CeilDiv((long)_height * c.V, _maxV), 8);
        }

        // std_huff_tables: slots 0 and 1 take the standard tables when the file defined none.
        if (!_standardTablesInstalled)
        {
            _standardTablesInstalled = true;
            for (var slot = 0; slot < 2; slot++)
            {
                _dcTables[slot] ??= JpegHuffmanTable.Standard(true, slot);
                _acTables[slot] ??= JpegHuffmanTable.Standard(false, slot);
            }
        }
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private JpegHuffmanTable Table(bool dc, int slot)
    {
        var stored = slot is >= 0 and < 4 ? (dc ? _dcTables : _acTables)[slot] : null;
        if (stored is not { } defined)
        {
            throw new JpegError($"Huffman table 0x{slot:x2} was not defined");
        }

        return JpegHuffmanTable.Derive(defined.Bits, defined.Values, dc) ?? throw new JpegError("Bogus Huffman table definition");
    }

    private void DecodeScan()
    {
        foreach (var c in _scan)
        {
            if (c.Quant is < 0 or >= 4 || !_quantTables[c.Quant])
            {
                throw new JpegError($"Quantization table 0x{c.Quant:x2} was not defined");
            }
        }

        // Geometry: one block per MCU in a single-component scan, else the MCU of the sampling factors.
        long mcusPerRow, mcuRows;
        var blocks = new List<(Component Component, int Dx, int Dy)>();
        if (_scan.Count == 1)
        {
            var c = _scan[0];
            mcusPerRow = c.WidthInBlocks;
            mcuRows = c.HeightInBlocks;
            blocks.Add((c, 0, 0));
        }
        else
        {
            mcusPerRow = CeilDiv(_width, _maxH * 8);
            mcuRows = CeilDiv(_height, _maxV * 8);
            foreach (var c in _scan)
            {
                for (var y = 0; y < c.V; y++)
                {
                    for (var x = 0; x < c.H; x++)
                    {
                        blocks.Add((c, x, y));
                    }
                }
            }

            if (blocks.Count > 10)
            {
                throw new JpegError("Sampling factors too large for interleaved scan");
            }
        }

        if (_progressive)
        {
            ValidateProgression();
        }

        var dcTables = blocks.Select(b => _progressive && (_ss != 0 || _ah != 0) ? null : Table(true, b.Component.DcTable)).ToArray();
        var acTables = blocks.Select(b => _progressive && _ss == 0 ? null : Table(false, b.Component.AcTable)).ToArray();

        // start_pass: a fresh bit buffer, no restart pending.
        _bitsLeft = 0;
        _insufficient = false;
        var restartsToGo = _restartInterval;
        long eobRun = 0;
        var total = mcusPerRow * mcuRows;
        for (long mcu = 0; mcu < total; mcu++)
        {
            var usefast = true;
            if (_restartInterval != 0)
            {
                if (restartsToGo == 0)
                {
                    ProcessRestart();
                    restartsToGo = _restartInterval;
                    eobRun = 0;
                }

                usefast = false;
            }

            if (!_progressive)
            {
                if (_source.BytesInBuffer < 512L * blocks.Count || _unreadMarker != 0)
                {
                    usefast = false;
                }

                if (!_insufficient && !(usefast && DecodeSequentialFast(blocks.Count, dcTables, acTables)))
                {
                    DecodeSequentialSlow(blocks.Count, dcTables, acTables);
                }
            }
            else if (!_insufficient)
            {
                var row = mcu / mcusPerRow;
                var column = mcu % mcusPerRow;
                if (_ss == 0)
                {
                    for (var b = 0; b < blocks.Count; b++)
                    {
                        if (_ah == 0)
                        {
                            var s = HuffDecode(dcTables[b]!);
                            if (s != 0)
                            {
                                CheckBits(s);
                                _bitsLeft -= s;
                            }
                        }
                        else
                        {
                            CheckBits(1);
                            _bitsLeft -= 1;
                        }
                    }
                }
                else
                {
                    var c = blocks[0].Component;
                    var index = (row * c.WidthInBlocks) + column;
                    eobRun = _ah == 0 ? AcFirst(acTables[0]!, c, index, eobRun) : AcRefine(acTables[0]!, c, index, eobRun);
                }
            }

            if (_restartInterval != 0)
            {
                restartsToGo--;
            }
        }
    }

    private void ValidateProgression()
    {
        var bad = _ss == 0 ? _se != 0 : _ss > _se || _se >= 64 || _scan.Count != 1;
        if ((_ah != 0 && _al != _ah - 1) || _al > 13)
        {
            bad = true;
        }

        if (bad)
        {
            throw new JpegError($"Invalid progressive parameters Ss={_ss} Se={_se} Ah={_ah} Al={_al}");
        }
    }

    /// <summary>process_restart: whole bytes left in the bit buffer count as skipped; then the RSTn marker.</summary>
    private void ProcessRestart()
    {
        _discarded += _bitsLeft / 8;
        _bitsLeft = 0;
        if (_unreadMarker == 0)
        {
            NextMarker();
        }

        if (_unreadMarker == 0xD0 + _nextRestart)
        {
            _unreadMarker = 0;
        }
        else
        {
            Resync(_nextRestart);
        }

        _nextRestart = (_nextRestart + 1) & 7;
        if (_unreadMarker == 0)
        {
            _insufficient = false;
        }
    }

    /// <summary>jpeg_resync_to_restart, with its warning.</summary>
    private void Resync(int desired)
    {
        var marker = _unreadMarker;
        _corruption.Add($"Corrupt JPEG data: found marker 0x{marker:x2} instead of RST{desired}");
        while (true)
        {
            int action;
            if (marker < 0xC0)
            {
                action = 2;
            }
            else if (marker is < 0xD0 or > 0xD7)
            {
                action = 3;
            }
            else if (marker == 0xD0 + ((desired + 1) & 7) || marker == 0xD0 + ((desired + 2) & 7))
            {
                action = 3;
            }
            else if (marker == 0xD0 + ((desired - 1) & 7) || marker == 0xD0 + ((desired - 2) & 7))
            {
                action = 2;
            }
            else
            {
                action = 1;
            }

            switch (action)
            {
                case 1:
                    _unreadMarker = 0;
                    return;
                case 2:
                    NextMarker();
                    marker = _unreadMarker;
                    break;
                default:
                    return;
            }
        }
    }

    // ---------------------------------------------------------------- the bit reader (jdhuff.c, jdhuff.h)

    /// <summary>jpeg_fill_bit_buffer: loads to 57 bits unless a marker stops it; zero bits past a marker, with a warning.</summary>
    private void Fill(int needed)
    {
        if (_unreadMarker == 0)
        {
            while (_bitsLeft < MinGetBits)
            {
                var c = _source.ReadByte();
                if (c == 0xFF)
                {
                    do
                    {
                        c = _source.ReadByte();
                    }
                    while (c == 0xFF);

                    if (c == 0)
                    {
                        c = 0xFF;
                    }
                    else
                    {
                        _unreadMarker = c;
                        break;
                    }
                }

                _buffer = (_buffer << 8) | (uint)c;
                _bitsLeft += 8;
            }

            if (_unreadMarker == 0)
            {
                return;
            }
        }

        if (needed > _bitsLeft)
        {
            if (!_insufficient)
            {
                _corruption.Add("Corrupt JPEG data: premature end of data segment");
                _insufficient = true;
            }

            _buffer <<= MinGetBits - _bitsLeft;
            _bitsLeft = MinGetBits;
        }
    }

    private void CheckBits(int count)
    {
        if (_bitsLeft < count)
        {
            Fill(count);
        }
    }

    private int GetBits(int count)
    {
        _bitsLeft -= count;
        return (int)(_buffer >> _bitsLeft) & ((1 << count) - 1);
    }

    private int PeekBits(int count) => (int)(_buffer >> (_bitsLeft - count)) & ((1 << count) - 1);

    /// <summary>HUFF_DECODE with jpeg_huff_decode behind it: a code longer than 16 bits warns "bad Huffman code".</summary>
    private int HuffDecode(JpegHuffmanTable table)
    {
        int nb;
        if (_bitsLeft < JpegHuffmanTable.Lookahead)
        {
            Fill(0);
            if (_bitsLeft < JpegHuffmanTable.Lookahead)
            {
                return SlowDecode(table, 1);
            }
        }

        var entry = table.Lookup[PeekBits(JpegHuffmanTable.Lookahead)];
        nb = entry >> JpegHuffmanTable.Lookahead;
        if (nb <= JpegHuffmanTable.Lookahead)
        {
            _bitsLeft -= nb;
            return entry & 0xFF;
        }

        return SlowDecode(table, nb);
    }

    private int SlowDecode(JpegHuffmanTable table, int minBits)
    {
        var l = minBits;
        CheckBits(l);
        long code = GetBits(l);
        while (code > table.MaxCode[l])
        {
            code <<= 1;
            CheckBits(1);
            code |= (uint)GetBits(1);
            l++;
        }

        if (l > 16)
        {
            _corruption.Add("Corrupt JPEG data: bad Huffman code");
            return 0;
        }

        return table.Values[(int)(code + table.ValueOffset[l]) & 0xFF];
    }

    private void DecodeSequentialSlow(int blockCount, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac)
    {
        for (var b = 0; b < blockCount; b++)
        {
            var s = HuffDecode(dc[b]!);
            if (s != 0)
            {
                CheckBits(s);
                _bitsLeft -= s;
            }

            for (var k = 1; k < 64; k++)
            {
                s = HuffDecode(ac[b]!);
                var r = s >> 4;
                s &= 15;
                if (s != 0)
                {
                    k += r;
                    CheckBits(s);
                    _bitsLeft -= s;
                }
                else
                {
                    if (r != 15)
                    {
                        break;
                    }

                    k += 15;
                }
            }
        }
    }

    /// <summary>
    /// decode_mcu_fast: six bytes at a time straight from the source buffer, no warnings (a code over 16 bits reads as
    /// 0). It commits only if it met no marker; otherwise the MCU is decoded again the slow way.
    /// </summary>
    private bool DecodeSequentialFast(int blockCount, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac)
    {
        var savedBuffer = _buffer;
        var savedBits = _bitsLeft;
        var position = _source.Position;
        var marker = 0;

        void FillFast()
        {
            if (_bitsLeft > 16)
            {
                return;
            }

            for (var i = 0; i < 6; i++)
            {
                var c0 = _source.At(position++);
                var c1 = _source.At(position);
                _buffer = (_buffer << 8) | (uint)c0;
                _bitsLeft += 8;
                if (c0 == 0xFF)
                {
                    position++;
                    if (c1 != 0)
                    {
                        marker = c1;
                        position -= 2;
                        _buffer &= ~0xFFUL;
                    }
                }
            }
        }

        int DecodeFast(JpegHuffmanTable table)
        {
            FillFast();
            var s = table.Lookup[PeekBits(JpegHuffmanTable.Lookahead)];
            var nb = s >> JpegHuffmanTable.Lookahead;
            _bitsLeft -= nb;
            s &= 0xFF;
            if (nb > JpegHuffmanTable.Lookahead)
            {
                long code = (int)(_buffer >> _bitsLeft) & ((1 << nb) - 1);
                while (code > table.MaxCode[nb])
                {
                    code <<= 1;
                    code |= (uint)GetBits(1);
                    nb++;
                }

                s = nb > 16 ? 0 : table.Values[(int)(code + table.ValueOffset[nb]) & 0xFF];
            }

            return s;
        }

        for (var b = 0; b < blockCount; b++)
        {
            var s = DecodeFast(dc[b]!);
            if (s != 0)
            {
                FillFast();
                _bitsLeft -= s;
            }

            for (var k = 1; k < 64; k++)
            {
                s = DecodeFast(ac[b]!);
                var r = s >> 4;
                s &= 15;
                if (s != 0)
                {
                    k += r;
                    FillFast();
                    _bitsLeft -= s;
                }
                else
                {
                    if (r != 15)
                    {
                        break;
                    }

                    k += 15;
                }
            }
        }

        if (marker != 0)
        {
            _buffer = savedBuffer;
            _bitsLeft = savedBits;
            return false;
        }

        _source.Advance(position);
        return true;
    }

    private ulong[] NonzeroOf(Component c)
    {
        if (!_nonzero.TryGetValue(c.Index, out var masks))
        {
            masks = new ulong[(long)c.WidthInBlocks * c.HeightInBlocks];
            _nonzero[c.Index] = masks;
        }

        return masks;
    }

    /// <summary>decode_mcu_AC_first: one block; the coefficients it makes nonzero are remembered for refinement.</summary>
    private long AcFirst(JpegHuffmanTable table, Component c, long index, long eobRun)
    {
        if (eobRun > 0)
        {
            return eobRun - 1;
        }

        var masks = NonzeroOf(c);
        for (var k = _ss; k <= _se; k++)
        {
            var s = HuffDecode(table);
            var r = s >> 4;
            s &= 15;
            if (s != 0)
            {
                k += r;
                CheckBits(s);
                var bits = GetBits(s);
                var value = bits < (1 << (s - 1)) ? bits - (1 << s) + 1 : bits;
                if ((short)(value << _al) != 0)
                {
                    masks[index] |= 1UL << Math.Min(k, 63);
                }
            }
            else if (r == 15)
            {
                k += 15;
            }
            else
            {
                eobRun = 1L << r;
                if (r != 0)
                {
                    CheckBits(r);
                    eobRun += GetBits(r);
                }

                return eobRun - 1;
            }
        }

        return 0;
    }

    /// <summary>decode_mcu_AC_refine: correction bits for the coefficients already nonzero, new ones of size 1.</summary>
    private long AcRefine(JpegHuffmanTable table, Component c, long index, long eobRun)
    {
        var masks = NonzeroOf(c);
        var k = _ss;
        if (eobRun == 0)
        {
            for (; k <= _se; k++)
            {
                var s = HuffDecode(table);
                var r = s >> 4;
                s &= 15;
                if (s != 0)
                {
                    if (s != 1)
                    {
                        _corruption.Add("Corrupt JPEG data: bad Huffman code");
                    }

                    CheckBits(1);
                    _bitsLeft -= 1;
                }
                else if (r != 15)
                {
                    eobRun = 1L << r;
                    if (r != 0)
                    {
                        CheckBits(r);
                        eobRun += GetBits(r);
                    }

                    break;
                }

                do
                {
                    if ((masks[index] & (1UL << Math.Min(k, 63))) != 0)
                    {
                        CheckBits(1);
                        _bitsLeft -= 1;
                    }
                    else if (--r < 0)
                    {
                        break;
                    }

                    k++;
                }
                while (k <= _se);

                if (s != 0)
                {
                    masks[index] |= 1UL << Math.Min(k, 63);
                }
            }
        }

        if (eobRun > 0)
        {
            for (; k <= _se; k++)
            {
                if ((masks[index] & (1UL << k)) != 0)
                {
                    CheckBits(1);
                    _bitsLeft -= 1;
                }
            }

            eobRun--;
        }

        return eobRun;
    }
}
