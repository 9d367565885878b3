using System.Runtime.CompilerServices;

namespace CoSod.Data.Imaging.Png;

/// <summary>What one <see cref="ZlibInflater.Inflate"/> call ended with, as zlib's <c>inflate()</c> reports it.</summary>
internal enum InflateStatus
{
    /// <summary>Progress was made; more input or more output room is needed.</summary>
    Ok,

    /// <summary>The stream ended and its Adler-32 matched (Z_STREAM_END).</summary>
    StreamEnd,

    /// <summary>The stream is broken (Z_DATA_ERROR); <see cref="ZlibInflater.Error"/> holds zlib's message.</summary>
    DataError,

    /// <summary>The header asks for a preset dictionary (Z_NEED_DICT), which PNG never provides.</summary>
    NeedDictionary,

    /// <summary>No input was consumed and no output produced (Z_BUF_ERROR).</summary>
    NoProgress,
}

/// <summary>
/// A zlib (RFC 1950/1951) decompressor that behaves like zlib 1.2.13's <c>inflate()</c> call by call, not only in
/// its output: it pulls input bytes only as a symbol needs them, keeps going after the output buffer is full
/// through whatever needs no output room (an end-of-block code, the next block's header, the Adler-32 check) while
/// input lasts, checks back-references against the window zlib would hold at that call, and reports zlib's error
/// messages. That is what decides the fate of a damaged PNG in the reference readers: libpng and Pillow feed IDAT
/// data in buffers of their own sizes and ask for one row per call, and a bad check met in the call that fills the
/// last row is an error (the file is refused) while one met later is a warning (libpng) or never seen (Pillow).
/// </summary>
internal sealed partial class ZlibInflater
{
    private const int MaxBits = 15;
    private const int HistorySize = 1 << 15;

    // RFC 1951 3.2.5: base lengths and extra bits of length symbols 257..285, base distances and extra bits of 0..29.
    private static readonly ushort[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly byte[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly ushort[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly byte[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    // RFC 1951 3.2.7: the order of the code-length code's lengths.
    private static readonly byte[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private static readonly HuffmanCode FixedLiterals = FixedCode(288, s => s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
    // 32 five-bit codes: 30 and 31 exist in the fixed code and are invalid when used, as in zlib.
    private static readonly HuffmanCode FixedDistances = FixedCode(32, _ => 5);

    private readonly int _requestedWindowBits;
    private readonly byte[] _history = new byte[HistorySize];
    private long _total;
    private int _windowBits;
    private long _windowHave;

    private Mode _mode = Mode.Header;
    private ulong _hold;
    private int _bits;
    private bool _last;
    private int _length;
    private int _extra;
    private int _distance;
    private HuffmanCode? _literals;
    private HuffmanCode? _distances;
    private int _literalCount;
    private int _distanceCount;
    private int _codeLengthCount;
    private int _have;
    private readonly byte[] _lengths = new byte[320];
    private uint _adlerLow = 1;
    private uint _adlerHigh;

    /// <param name="windowBits">
    /// 0 to take the window size from the stream header (libpng's <c>inflateInit2(.., 0)</c>), or 15 (Pillow's
    /// <c>inflateInit</c>), which accepts any header window and keeps 32 KB.
    /// </param>
    public ZlibInflater(int windowBits)
    {
        _requestedWindowBits = windowBits;
        _windowBits = windowBits;
    }

    private enum Mode
    {
        Header,
        Type,
        StoredLengths,
        Copy,
        Table,
        CodeLengthLengths,
        CodeLengths,
        Length,
        Literal,
        LengthExtra,
        Distance,
        DistanceExtra,
        Match,
        Check,
        Done,
        Bad,
    }

    /// <summary>zlib's message for the last <see cref="InflateStatus.DataError"/>.</summary>
    public string? Error { get; private set; }

    /// <summary>Bytes of output produced so far.</summary>
    public long TotalOut => _total;

    /// <summary>True once the stream's end (and a matching check) has been read.</summary>
    public bool Finished => _mode == Mode.Done;

    /// <summary>
    /// One <c>inflate(strm, Z_NO_FLUSH)</c> call: decompresses from <paramref name="input"/> into
    /// <paramref name="output"/> until the input runs out, or the output is full and the next step would need room.
    /// </summary>
    public InflateStatus Inflate(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int produced)
    {
        var next = 0;
        var put = 0;
        var windowBefore = _windowHave;
        var status = Run(input, ref next, output, ref put, windowBefore);
        consumed = next;
        produced = put;

        UpdateCheck(output[..put]);
        Remember(output[..put]);
        if (status == InflateStatus.Ok && next == 0 && put == 0)
        {
            return InflateStatus.NoProgress;
        }

        return status;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private InflateStatus Run(ReadOnlySpan<byte> input, ref int next, Span<byte> output, ref int put, long windowBefore)
    {
        while (true)
        {
            switch (_mode)
            {
                case Mode.Header:
                {
                    if (!Need(16, input, ref next))
                    {
                        return InflateStatus.Ok;
                    }

                    var cmf = (int)(_hold & 0xFF);
                    var flg = (int)((_hold >> 8) & 0xFF);
                    if (((cmf << 8) + flg) % 31 != 0)
                    {
                        return Fail("incorrect header check");
                    }

                    if ((cmf & 0x0F) != 8)
                    {
                        return Fail("unknown compression method");
                    }

                    Drop(4);
                    var window = (int)(_hold & 0x0F) + 8;
                    if (_windowBits == 0)
                    {
                        _windowBits = window;
                    }

                    if (window > 15 || window > _windowBits)
                    {
                        return Fail("invalid window size");
                    }

                    var wantsDictionary = (flg & 0x20) != 0;
                    Drop(12);
                    if (wantsDictionary)
                    {
                        if (!Need(32, input, ref next))
                        {
                            return InflateStatus.Ok;
                        }

                        Drop(32);
                        _mode = Mode.Bad;
                        return InflateStatus.NeedDictionary;
                    }

                    _mode = Mode.Type;
                    break;
                }

                case Mode.Type:
                {
                    if (_last)
                    {
                        Drop(_bits & 7);
                        _mode = Mode.Check;
                        break;
                    }

                    if (!Need(3, input, ref next))
                    {
                        return InflateStatus.Ok;
                    }

                    _last = (_hold & 1) != 0;
                    var type = (int)((_hold >> 1) & 3);
                    Drop(3);
                    switch (type)
                    {
                        case 0:
                            _mode = Mode.StoredLengths;
                            break;
                        case 1:
                            _literals = FixedLiterals;
                            _distances = FixedDistances;
                            _mode = Mode.Length;
                            break;
                        case 2:
                            _mode = Mode.Table;
                            break;
                        default:
                            return Fail("invalid block type");
                    }

                    break;
                }

                case Mode.StoredLengths:
                {
                    Drop(_bits & 7);
                    if (!Need(32, input, ref next))
                    {
                        return InflateStatus.Ok;
                    }

                    var length = (int)(_hold & 0xFFFF);
                    if (length != (int)(((_hold >> 16) & 0xFFFF) ^ 0xFFFF))
                    {
                        return Fail("invalid stored block lengths");
                    }

                    _length = length;
                    Drop(32);
                    _mode = Mode.Copy;
                    break;
                }

                case Mode.Copy:
                {
                    if (_length > 0)
                    {
                        var copy = Math.Min(_length, Math.Min(input.Length - next, output.Length - put));
                        if (copy == 0)
                        {
                            return InflateStatus.Ok;
                        }

                        input.Slice(next, copy).CopyTo(output[put..]);
                        next += copy;
                        put += copy;
                        _length -= copy;
                        break;
                    }

                    _mode = Mode.Type;
                    break;
                }

                case Mode.Table:
                {
                    if (!Need(14, input, ref next))
                    {
                        return InflateStatus.Ok;
                    }

                    _literalCount = (int)(_hold & 0x1F) + 257;
                    _distanceCount = (int)((_hold >> 5) & 0x1F) + 1;
                    _codeLengthCount = (int)((_hold >> 10) & 0x0F) + 4;
                    Drop(14);
                    if (_literalCount > 286 || _distanceCount > 30)
                    {
                        return Fail("too many length or distance symbols");
                    }

                    _have = 0;
                    _mode = Mode.CodeLengthLengths;
                    break;
                }

                case Mode.CodeLengthLengths:
                {
                    while (_have < _codeLengthCount)
                    {
                        if (!Need(3, input, ref next))
                        {
                            return InflateStatus.Ok;
                        }

                        _lengths[CodeLengthOrder[_have++]] = (byte)(_hold & 7);
                        Drop(3);
                    }

                    while (_have < 19)
                    {
                        _lengths[CodeLengthOrder[_have++]] = 0;
                    }

                    _literals = HuffmanCode.Build(_lengths.AsSpan(0, 19), HuffmanKind.CodeLengths);
                    if (_literals is null)
                    {
                        return Fail("invalid code lengths set");
                    }

                    _have = 0;
                    _mode = Mode.CodeLengths;
                    break;
                }

                case Mode.CodeLengths:
                {
                    var total = _literalCount + _distanceCount;
                    while (_have < total)
                    {
                        if (!Decode(_literals!, input, ref next, out var symbol, out var codeBits))
                        {
                            return InflateStatus.Ok;
                        }

                        if (symbol < 16)
                        {
                            Drop(codeBits);
                            _lengths[_have++] = (byte)symbol;
                            continue;
                        }

                        int repeat;
                        byte value;
                        if (symbol == 16)
                        {
                            if (!Need(codeBits + 2, input, ref next))
                            {
                                return InflateStatus.Ok;
                            }

                            Drop(codeBits);
                            if (_have == 0)
                            {
                                return Fail("invalid bit length repeat");
                            }

                            value = _lengths[_have - 1];
                            repeat = 3 + (int)(_hold & 3);
                            Drop(2);
                        }
                        else if (symbol == 17)
                        {
                            if (!Need(codeBits + 3, input, ref next))
                            {
                                return InflateStatus.Ok;
                            }

                            Drop(codeBits);
                            value = 0;
                            repeat = 3 + (int)(_hold & 7);
                            Drop(3);
                        }
                        else
                        {
                            if (!Need(codeBits + 7, input, ref next))
                            {
                                return InflateStatus.Ok;
                            }

                            Drop(codeBits);
                            value = 0;
                            repeat = 11 + (int)(_hold & 0x7F);
                            Drop(7);
                        }

                        if (_have + repeat > total)
                        {
                            return Fail("invalid bit length repeat");
                        }

                        while (repeat-- > 0)
                        {
                            _lengths[_have++] = value;
                        }
                    }

                    if (_lengths[256] == 0)
                    {
                        return Fail("invalid code -- missing end-of-block");
                    }

                    _literals = HuffmanCode.Build(_lengths.AsSpan(0, _literalCount), HuffmanKind.Literals);
                    if (_literals is null)
                    {
                        return Fail("invalid literal/lengths set");
                    }

                    _distances = HuffmanCode.Build(_lengths.AsSpan(_literalCount, _distanceCount), HuffmanKind.Distances);
                    if (_distances is null)
                    {
                        return Fail("invalid distances set");
                    }

                    _mode = Mode.Length;
                    break;
                }

                case Mode.Length:
                {
                    if (input.Length - next >= 8 && output.Length - put >= 1)
                    {
                        if (FastLoop(input, ref next, output, ref put, windowBefore) is { } failure)
                        {
                            return failure;
                        }

                        break;
                    }

                    if (!Decode(_literals!, input, ref next, out var symbol, out var codeBits))
                    {
                        return InflateStatus.Ok;
                    }

                    Drop(codeBits);
                    if (symbol < 256)
                    {
                        _length = symbol;
                        _mode = Mode.Literal;
                        break;
                    }

                    if (symbol == 256)
                    {
                        _mode = Mode.Type;
                        break;
                    }

                    if (symbol > 285)
                    {
                        return Fail("invalid literal/length code");
                    }

                    _length = LengthBase[symbol - 257];
                    _extra = LengthExtra[symbol - 257];
                    _mode = Mode.LengthExtra;
                    break;
                }

                case Mode.Literal:
                {
                    if (put == output.Length)
                    {
                        return InflateStatus.Ok;
                    }

                    output[put++] = (byte)_length;
                    _mode = Mode.Length;
                    break;
                }

                case Mode.LengthExtra:
                {
                    if (_extra > 0)
                    {
                        if (!Need(_extra, input, ref next))
                        {
                            return InflateStatus.Ok;
                        }

                        _length += (int)(_hold & ((1UL << _extra) - 1));
                        Drop(_extra);
                    }

                    _mode = Mode.Distance;
                    break;
                }

                case Mode.Distance:
                {
                    if (!Decode(_distances!, input, ref next, out var symbol, out var codeBits))
                    {
                        return InflateStatus.Ok;
                    }

                    Drop(codeBits);
                    if (symbol > 29)
                    {
                        return Fail("invalid distance code");
                    }

                    _distance = DistanceBase[symbol];
                    _extra = DistanceExtra[symbol];
                    _mode = Mode.DistanceExtra;
                    break;
                }

                case Mode.DistanceExtra:
                {
                    if (_extra > 0)
                    {
                        if (!Need(_extra, input, ref next))
                        {
                            return InflateStatus.Ok;
                        }

                        _distance += (int)(_hold & ((1UL << _extra) - 1));
                        Drop(_extra);
                    }

                    _mode = Mode.Match;
                    break;
                }

                case Mode.Match:
                {
                    if (put == output.Length)
                    {
                        return InflateStatus.Ok;
                    }

                    // zlib checks when it starts copying: a back-reference may reach the window kept from earlier
                    // calls plus this call's output, no further.
                    if (_distance > windowBefore + put)
                    {
                        return Fail("invalid distance too far back");
                    }

                    var copy = Math.Min(_length, output.Length - put);
                    CopyMatch(output, put, _distance, copy);
                    put += copy;

                    _length -= copy;
                    if (_length == 0)
                    {
                        _mode = Mode.Length;
                    }

                    break;
                }

                case Mode.Check:
                {
                    if (!Need(32, input, ref next))
                    {
                        return InflateStatus.Ok;
                    }

                    var stored = (uint)(((_hold & 0xFF) << 24) | (((_hold >> 8) & 0xFF) << 16) | (((_hold >> 16) & 0xFF) << 8) | ((_hold >> 24) & 0xFF));
                    Drop(32);

                    // The running sums cover the output of earlier calls; add this call's before comparing.
                    var (low, high) = Adler(output[..put], _adlerLow, _adlerHigh);
                    if (stored != ((high << 16) | low))
                    {
                        return Fail("incorrect data check");
                    }

                    _mode = Mode.Done;
                    return InflateStatus.StreamEnd;
                }

                case Mode.Done:
                    return InflateStatus.StreamEnd;

                default:
                    return InflateStatus.DataError;
            }
        }
    }

    private InflateStatus Fail(string message)
    {
        Error = message;
        _mode = Mode.Bad;
        return InflateStatus.DataError;
    }

    /// <summary>Pulls whole input bytes until <paramref name="count"/> bits are held; false when the input runs out first.</summary>
    private bool Need(int count, ReadOnlySpan<byte> input, ref int next)
    {
        while (_bits < count)
        {
            if (next == input.Length)
            {
                return false;
            }

            _hold |= (ulong)input[next++] << _bits;
            _bits += 8;
        }

        return true;
    }

    private void Drop(int count)
    {
        _hold >>= count;
        _bits -= count;
    }

    /// <summary>Decodes one symbol, pulling bytes only while the bits held cannot settle it (zlib's order).</summary>
    private bool Decode(HuffmanCode code, ReadOnlySpan<byte> input, ref int next, out int symbol, out int length)
    {
        while (true)
        {
            if (code.TryDecode(_hold, _bits, out symbol, out length))
            {
                return true;
            }

            if (next == input.Length)
            {
                return false;
            }

            _hold |= (ulong)input[next++] << _bits;
            _bits += 8;
        }
    }

    private static HuffmanCode FixedCode(int count, Func<int, int> length)
    {
        var lengths = new byte[count];
        for (var s = 0; s < count; s++)
        {
            lengths[s] = (byte)length(s);
        }

        return HuffmanCode.Build(lengths, HuffmanKind.Fixed)!;
    }
}
