namespace CoSod.Data.Imaging.Jpeg;

/// <summary>Frame and scan set-up (jdinput.c) and the MCU loop of a scan with its restart markers (jdhuff.c, jdmarker.c).</summary>
internal sealed partial class LibjpegWalk
{
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
}
