using System.Runtime.CompilerServices;

namespace CoSod.Data.Imaging.Png;

/// <summary>Which of zlib's tables a code is built as: the rules for incomplete codes differ.</summary>
internal enum HuffmanKind
{
    /// <summary>The code-length code: must be complete; with no lengths at all every read yields 0 (zlib's quirk).</summary>
    CodeLengths,

    /// <summary>Literal/length codes: may be incomplete only with one code of one bit.</summary>
    Literals,

    /// <summary>Distance codes: likewise, and may be empty (any use is then an invalid distance code).</summary>
    Distances,

    /// <summary>The fixed codes of RFC 1951 3.2.6, taken as they are.</summary>
    Fixed,
}

/// <summary>
/// A canonical Huffman code read least-significant-bit first, accepted or refused by zlib's inftrees rules
/// (over-subscribed codes never, incomplete ones only as above), and decoded with no more bits than the code needs:
/// a table for codes up to 11 bits (most literals of a noisy map are 9 to 11 bits long), a canonical walk for longer ones.
/// </summary>
internal sealed class HuffmanCode
{
    /// <summary>What an unassigned pattern of an incomplete code decodes to: a symbol no alphabet has.</summary>
    public const int Invalid = 1000;

    private const int MaxBits = 15;
    private const int RootBits = 11;

    // Table entries: symbol << 4 | length, or -1 for "longer than the root".
    private readonly int[] _table;
    private readonly int _rootBits;
    private readonly int[] _count = new int[MaxBits + 1];
    private readonly int[] _symbols;
    private readonly int _maxLength;

    private HuffmanCode(int rootBits, int maxLength, int symbolCount)
    {
        _rootBits = rootBits;
        _maxLength = maxLength;
        _table = new int[1 << rootBits];
        _symbols = new int[symbolCount];
    }

    /// <summary>The code for <paramref name="lengths"/>, or null when zlib would refuse it.</summary>
    public static HuffmanCode? Build(ReadOnlySpan<byte> lengths, HuffmanKind kind)
    {
        Span<int> count = stackalloc int[MaxBits + 1];
        foreach (var l in lengths)
        {
            count[l]++;
        }

        var max = MaxBits;
        while (max >= 1 && count[max] == 0)
        {
            max--;
        }

        if (max == 0)
        {
            // No codes: a one-bit table whose entries are invalid (the code-length code reads them as length 0).
            var empty = new HuffmanCode(1, 1, 0);
            var entry = ((kind == HuffmanKind.CodeLengths ? 0 : Invalid) << 4) | 1;
            empty._table[0] = empty._table[1] = entry;
            return empty;
        }

        var left = 1;
        for (var len = 1; len <= MaxBits; len++)
        {
            left = (left << 1) - count[len];
            if (left < 0)
            {
                return null; // over-subscribed
            }
        }

        if (left > 0 && kind != HuffmanKind.Fixed && (kind == HuffmanKind.CodeLengths || max != 1))
        {
            return null; // incomplete
        }

        var code = new HuffmanCode(Math.Min(RootBits, max), max, lengths.Length);
        count[0] = 0;
        count.CopyTo(code._count);

        // Symbols sorted by length, then by value (the canonical order).
        Span<int> offsets = stackalloc int[MaxBits + 2];
        for (var len = 1; len <= MaxBits; len++)
        {
            offsets[len + 1] = offsets[len] + count[len];
        }

        for (var s = 0; s < lengths.Length; s++)
        {
            if (lengths[s] != 0)
            {
                code._symbols[offsets[lengths[s]]++] = s;
            }
        }

        // Fill the root table: every code up to the root length, at every index whose low bits are its reversed code.
        Array.Fill(code._table, (Invalid << 4) | 1);
        var next = 0;
        var index = 0;
        for (var len = 1; len <= max; len++)
        {
            for (var i = 0; i < count[len]; i++, next++)
            {
                var reversed = Reverse(next, len);
                if (len <= code._rootBits)
                {
                    for (var fill = reversed; fill < code._table.Length; fill += 1 << len)
                    {
                        code._table[fill] = (code._symbols[index] << 4) | len;
                    }
                }
                else
                {
                    // Longer codes: mark their root-length prefix so that decoding walks on.
                    code._table[reversed & ((1 << code._rootBits) - 1)] = -1;
                }

                index++;
            }

            next <<= 1;
        }

        return code;
    }

    /// <summary>
    /// The symbol whose code starts <paramref name="hold"/> (bits least significant first, <paramref name="bits"/> of
    /// them valid, the rest zero) and its length; false when more bits are needed to tell.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryDecode(ulong hold, int bits, out int symbol, out int length)
    {
        var entry = _table[(int)(hold & (ulong)(_table.Length - 1))];
        if (entry >= 0)
        {
            symbol = entry >> 4;
            length = entry & 15;
            return length <= bits;
        }

        return TryDecodeLong(hold, bits, out symbol, out length);
    }

    /// <summary>A code longer than the root table: the canonical walk.</summary>
    private bool TryDecodeLong(ulong hold, int bits, out int symbol, out int length)
    {
        // Canonical walk, one bit at a time, over codes longer than the root.
        var code = 0;
        var first = 0;
        var offset = 0;
        for (var len = 1; len <= _maxLength; len++)
        {
            if (len > bits)
            {
                symbol = length = 0;
                return false;
            }

            code |= (int)((hold >> (len - 1)) & 1);
            var count = _count[len];
            if (code - count < first)
            {
                symbol = _symbols[offset + (code - first)];
                length = len;
                return true;
            }

            offset += count;
            first = (first + count) << 1;
            code <<= 1;
        }

        // Only reachable for an incomplete fixed code; zlib reads such patterns as invalid.
        symbol = Invalid;
        length = _maxLength;
        return _maxLength <= bits;
    }

    private static int Reverse(int code, int length)
    {
        var result = 0;
        for (var i = 0; i < length; i++)
        {
            result = (result << 1) | ((code >> i) & 1);
        }

        return result;
    }
}
