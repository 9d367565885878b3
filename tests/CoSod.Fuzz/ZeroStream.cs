namespace CoSod.Fuzz;

/// <summary>
/// A zlib stream of <c>n</c> zero bytes in about n / 1032 bytes, written out bit by bit so that its bytes depend on no
/// compressor's version: one dynamic-Huffman block holding a literal 0 and then matches of length 258 at distance 1,
/// the length code 1 bit long. It makes the memory cases: a PNG of a few hundred kilobytes that declares
/// 10000 x 10000 pixels and really holds them.
/// </summary>
public static class ZeroStream
{
    // RFC 1951 3.2.7: the order in which the code-length code's lengths are sent.
    private static readonly int[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    // Length symbols 257..284: base lengths and extra bits (285 is 258 with none).
    private static readonly int[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227];
    private static readonly int[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5];

    public static byte[] Zlib(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var bits = new BitWriter();
        bits.Write(0x78, 8);
        bits.Write(0xDA, 8);
        bits.Write(1, 1); // final block
        bits.Write(2, 2); // dynamic Huffman

        var matches = (count - 1) / 258;
        var rest = (int)((count - 1) % 258);
        var restSymbol = rest >= 3 ? 257 + Array.FindLastIndex(LengthBase, b => b <= rest) : -1;

        // Literal/length code: 285 one bit, 0 two bits, 256 and the rest's symbol three (or 256 two bits alone).
        var lengths = new int[287];
        lengths[285] = 1;
        lengths[0] = 2;
        lengths[256] = restSymbol >= 0 ? 3 : 2;
        if (restSymbol >= 0)
        {
            lengths[restSymbol] = 3;
        }

        lengths[286] = 1; // the one distance code (distance 1), read after the 286 literal/length lengths

        // The lengths as code-length symbols: zero runs as 18 (11..138) and 17 (3..10), the rest as themselves.
        var sequence = new List<(int Symbol, int Extra, int ExtraBits)>();
        for (var i = 0; i < lengths.Length;)
        {
            var run = 0;
            while (i + run < lengths.Length && lengths[i + run] == 0)
            {
                run++;
            }

            if (run >= 11)
            {
                var take = Math.Min(run, 138);
                sequence.Add((18, take - 11, 7));
                i += take;
            }
            else if (run >= 3)
            {
                sequence.Add((17, run - 3, 3));
                i += run;
            }
            else
            {
                sequence.Add((lengths[i], 0, 0));
                i++;
            }
        }

        var usedSymbols = sequence.Select(s => s.Symbol).Distinct().Order().ToArray();
        var codeLengthLengths = new int[19];
        CompleteLengths(usedSymbols, codeLengthLengths);
        var codeLengthCodes = Canonical(codeLengthLengths);

        var lastSent = CodeLengthOrder.Select((s, i) => (s, i)).Last(p => codeLengthLengths[p.s] != 0).i;
        bits.Write(286 - 257, 5);
        bits.Write(0, 5); // one distance code
        bits.Write(Math.Max(lastSent + 1, 4) - 4, 4);
        for (var i = 0; i < Math.Max(lastSent + 1, 4); i++)
        {
            bits.Write(codeLengthLengths[CodeLengthOrder[i]], 3);
        }

        foreach (var (symbol, extra, extraBits) in sequence)
        {
            bits.WriteCode(codeLengthCodes[symbol], codeLengthLengths[symbol]);
            bits.Write(extra, extraBits);
        }

        var literalLengths = lengths[..286];
        var codes = Canonical(literalLengths);
        bits.WriteCode(codes[0], literalLengths[0]);
        for (long m = 0; m < matches; m++)
        {
            bits.WriteCode(codes[285], 1);
            bits.Write(0, 1); // distance code 0 (distance 1), one bit
        }

        if (restSymbol >= 0)
        {
            bits.WriteCode(codes[restSymbol], 3);
            bits.Write(rest - LengthBase[restSymbol - 257], LengthExtra[restSymbol - 257]);
            bits.Write(0, 1);
        }
        else
        {
            for (var i = 0; i < rest; i++)
            {
                bits.WriteCode(codes[0], literalLengths[0]);
            }
        }

        bits.WriteCode(codes[256], literalLengths[256]);
        bits.AlignToByte();

        // Adler-32 of zeros: the low sum stays 1, the high sum grows by 1 per byte.
        var high = (uint)(count % 65521);
        foreach (var b in new[] { (byte)(high >> 8), (byte)high, (byte)0, (byte)1 })
        {
            bits.Write(b, 8);
        }

        return bits.ToArray();
    }

    /// <summary>A complete prefix code over <paramref name="symbols"/> (k of them): 2^d - k of length d - 1, the rest d.</summary>
    private static void CompleteLengths(int[] symbols, int[] lengths)
    {
        var k = symbols.Length;
        var d = 1;
        while ((1 << d) < k)
        {
            d++;
        }

        var shorter = (1 << d) - k;
        for (var i = 0; i < k; i++)
        {
            lengths[symbols[i]] = i < shorter ? d - 1 : d;
        }
    }

    /// <summary>RFC 1951 3.2.2: canonical codes from code lengths.</summary>
    private static int[] Canonical(int[] lengths)
    {
        var count = new int[16];
        foreach (var l in lengths)
        {
            count[l]++;
        }

        count[0] = 0;
        var next = new int[16];
        for (int bits = 1, code = 0; bits < 16; bits++)
        {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }

        var codes = new int[lengths.Length];
        for (var s = 0; s < lengths.Length; s++)
        {
            if (lengths[s] != 0)
            {
                codes[s] = next[lengths[s]]++;
            }
        }

        return codes;
    }

    private sealed class BitWriter
    {
        private readonly MemoryStream _bytes = new();
        private ulong _buffer;
        private int _count;

        /// <summary>Writes <paramref name="count"/> bits of <paramref name="value"/>, least significant first.</summary>
        public void Write(long value, int count)
        {
            for (var i = 0; i < count; i++)
            {
                _buffer |= (ulong)((value >> i) & 1) << _count;
                if (++_count == 8)
                {
                    _bytes.WriteByte((byte)_buffer);
                    _buffer = 0;
                    _count = 0;
                }
            }
        }

        /// <summary>Huffman codes go most significant bit first.</summary>
        public void WriteCode(int code, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                Write((code >> i) & 1, 1);
            }
        }

        public void AlignToByte()
        {
            if (_count > 0)
            {
                Write(0, 8 - _count);
            }
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
