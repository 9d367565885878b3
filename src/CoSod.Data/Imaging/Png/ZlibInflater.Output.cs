using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CoSod.Data.Imaging.Png;

/// <summary>The output side of the decompressor: the fast loop, back-reference copies, the window and the Adler-32.</summary>
internal sealed partial class ZlibInflater
{
    private void UpdateCheck(ReadOnlySpan<byte> produced) => (_adlerLow, _adlerHigh) = Adler(produced, _adlerLow, _adlerHigh);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (uint Low, uint High) Adler(ReadOnlySpan<byte> data, uint low, uint high)
    {
        const uint Modulus = 65521;
        while (data.Length > 0)
        {
            var block = Math.Min(data.Length, 5552);
            foreach (var b in data[..block])
            {
                low += b;
                high += low;
            }

            low %= Modulus;
            high %= Modulus;
            data = data[block..];
        }

        return (low, high);
    }

    /// <summary>zlib's updatewindow: the last 2^windowBits bytes of output are kept for the next call.</summary>
    private void Remember(ReadOnlySpan<byte> produced)
    {
        var tail = produced.Length > HistorySize ? produced[^HistorySize..] : produced;
        var start = (int)((_total + produced.Length - tail.Length) & (HistorySize - 1));
        var first = Math.Min(tail.Length, HistorySize - start);
        tail[..first].CopyTo(_history.AsSpan(start));
        tail[first..].CopyTo(_history);
        _total += produced.Length;

        var windowSize = 1L << (_windowBits == 0 ? 15 : _windowBits);
        _windowHave = Math.Min(windowSize, _windowHave + produced.Length);
    }

    /// <summary>
    /// Copies a back-reference of <paramref name="length"/> bytes at <paramref name="distance"/> into the output at
    /// <paramref name="put"/>: from this call's output where it reaches, from the history of earlier calls before that,
    /// byte by byte order preserved when source and target overlap (a run).
    /// </summary>
    private void CopyMatch(Span<byte> output, int put, int distance, int length)
    {
        var i = 0;

        // The part that lies before this call's output, in the history ring.
        while (i < length && distance > put + i)
        {
            var source = (int)((_total + put + i - distance) & (HistorySize - 1));
            var take = Math.Min(Math.Min(length - i, distance - (put + i)), HistorySize - source);
            _history.AsSpan(source, take).CopyTo(output[(put + i)..]);
            i += take;
        }

        // The rest copies from this call's output. Where source and target overlap the bytes repeat with the period
        // of the distance, so each chunk may copy from a whole number of periods back, never overlapping itself.
        if (i < length && distance == 1)
        {
            output.Slice(put + i, length - i).Fill(output[put + i - 1]);
            return;
        }

        while (i < length)
        {
            // The periodic stretch starts a distance before the match, and no earlier than this call's output.
            var back = Math.Min(i + distance, put + i) / distance * distance;
            var take = Math.Min(length - i, back);
            output.Slice(put + i - back, take).CopyTo(output[(put + i)..]);
            i += take;
        }
    }

    /// <summary>
    /// The fast part of decoding: literals and matches while at least 8 input bytes and some output room remain, the
    /// bit buffer topped up to at least 56 bits from one 8-byte read (enough for any one literal/length and distance with
    /// their extra bits). A match that does not fit is copied as far as it goes and left to <see cref="Mode.Match"/>, as
    /// zlib's MATCH state leaves it. Whole bytes pulled ahead are handed back on leaving, so what it consumed is what
    /// zlib consumes. The bit buffer lives in locals here (fields would be stored and reloaded for every symbol).
    /// Returns the failure status, or null to go on in <see cref="Run"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private InflateStatus? FastLoop(ReadOnlySpan<byte> input, ref int next, Span<byte> output, ref int put, long windowBefore)
    {
        var literals = _literals!;
        var distances = _distances!;
        var hold = _hold;
        var bits = _bits;
        var inputAt = next;
        var outputAt = put;
        InflateStatus? result = null;
        while (input.Length - inputAt >= 8 && outputAt < output.Length)
        {
            // Top up: the bytes above the held bits, as many whole ones as fit under 64 bits.
            hold |= BinaryPrimitives.ReadUInt64LittleEndian(input[inputAt..]) << bits;
            inputAt += (63 - bits) >> 3;
            bits |= 56;

            literals.TryDecode(hold, bits, out var symbol, out var codeBits);
            hold >>= codeBits;
            bits -= codeBits;
            if (symbol < 256)
            {
                output[outputAt++] = (byte)symbol;
                continue;
            }

            if (symbol == 256)
            {
                _mode = Mode.Type;
                break;
            }

            if (symbol > 285)
            {
                result = Fail("invalid literal/length code");
                break;
            }

            var extra = LengthExtra[symbol - 257];
            var length = LengthBase[symbol - 257] + (int)(hold & ((1UL << extra) - 1));
            hold >>= extra;
            bits -= extra;
            distances.TryDecode(hold, bits, out symbol, out codeBits);
            hold >>= codeBits;
            bits -= codeBits;
            if (symbol > 29)
            {
                result = Fail("invalid distance code");
                break;
            }

            extra = DistanceExtra[symbol];
            var distance = DistanceBase[symbol] + (int)(hold & ((1UL << extra) - 1));
            hold >>= extra;
            bits -= extra;
            if (distance > windowBefore + outputAt)
            {
                result = Fail("invalid distance too far back");
                break;
            }

            var fits = Math.Min(length, output.Length - outputAt);
            CopyMatch(output, outputAt, distance, fits);
            outputAt += fits;
            if (fits < length)
            {
                _length = length - fits;
                _distance = distance;
                _mode = Mode.Match;
                break;
            }
        }

        // Hand back the whole bytes pulled ahead; keep only the held bits.
        var spare = bits >> 3;
        inputAt -= spare;
        bits -= spare * 8;
        _hold = hold & ((1UL << bits) - 1);
        _bits = bits;
        next = inputAt;
        put = outputAt;
        return result;
    }
}
