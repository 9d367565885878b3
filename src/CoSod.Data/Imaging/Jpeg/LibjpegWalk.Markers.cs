namespace CoSod.Data.Imaging.Jpeg;

/// <summary>libjpeg-turbo 2.1.5's marker reader (jdmarker.c) as the walk meets it: segments, their errors, skipped bytes.</summary>
internal sealed partial class LibjpegWalk
{
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
}
