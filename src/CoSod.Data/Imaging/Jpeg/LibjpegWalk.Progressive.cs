namespace CoSod.Data.Imaging.Jpeg;

/// <summary>The AC decoders of progressive scans (jdphuff.c), which remember which coefficients are nonzero for the refinement scans.</summary>
internal sealed partial class LibjpegWalk
{
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
