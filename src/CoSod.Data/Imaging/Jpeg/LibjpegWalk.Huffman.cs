namespace CoSod.Data.Imaging.Jpeg;

/// <summary>The bit reader and the Huffman decoders of sequential scans (jdhuff.c, jdhuff.h): the slow path that warns, the fast path that does not.</summary>
internal sealed partial class LibjpegWalk
{
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
}
