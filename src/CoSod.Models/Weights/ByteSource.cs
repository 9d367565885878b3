using System.Buffers.Binary;
using System.Text;

namespace CoSod.Models.Weights;

/// <summary>
/// A forward-only reader over a stream of known length that knows its own position. The legacy torch.save format
/// is several pickles followed by raw storages in one stream, so the pickle reader must stop exactly after its
/// STOP opcode: this class buffers, and the next reader carries on from <see cref="Position"/>.
/// Every read is checked against <see cref="Length"/> first, so a corrupt length field fails fast with
/// <see cref="EndOfStreamException"/> instead of allocating gigabytes.
/// </summary>
internal sealed class ByteSource
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;   // stream offset of _buffer[0]
    private int _next;           // index of the next unread byte in _buffer
    private int _filled;         // bytes valid in _buffer

    public ByteSource(Stream stream, long length)
    {
        _stream = stream;
        Length = length;
    }

    public long Length { get; }

    public long Position => _bufferStart + _next;

    public long Remaining => Length - Position;

    public byte ReadByte()
    {
        if (_next == _filled)
        {
            Refill(1);
        }

        return _buffer[_next++];
    }

    /// <summary>Up to <see cref="BufferSize"/> bytes, valid until the next read.</summary>
    public ReadOnlySpan<byte> ReadSmall(int count)
    {
        if (count > BufferSize)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "use ReadExactly for large reads");
        }

        if (_filled - _next < count)
        {
            Refill(count);
        }

        var span = _buffer.AsSpan(_next, count);
        _next += count;
        return span;
    }

    public byte[] ReadBytes(long count)
    {
        Require(count);
        var bytes = new byte[count];
        ReadExactly(bytes);
        return bytes;
    }

    public void ReadExactly(Span<byte> destination)
    {
        Require(destination.Length);
        var buffered = Math.Min(_filled - _next, destination.Length);
        _buffer.AsSpan(_next, buffered).CopyTo(destination);
        _next += buffered;
        var rest = destination[buffered..];
        if (rest.IsEmpty)
        {
            return;
        }

        // Large reads go straight from the stream into the destination (a tensor's memory).
        ReadFromStream(rest);
        _bufferStart += _filled + rest.Length;
        _next = 0;
        _filled = 0;
    }

    public void Skip(long count)
    {
        Require(count);
        var buffered = Math.Min(_filled - _next, count);
        _next += (int)buffered;
        var rest = count - buffered;
        if (rest == 0)
        {
            return;
        }

        if (_stream.CanSeek)
        {
            _stream.Seek(rest, SeekOrigin.Current);
        }
        else
        {
            var scratch = new byte[BufferSize];
            for (var left = rest; left > 0; left -= Math.Min(left, BufferSize))
            {
                ReadFromStream(scratch.AsSpan(0, (int)Math.Min(left, BufferSize)));
            }
        }

        _bufferStart += _filled + rest;
        _next = 0;
        _filled = 0;
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadSmall(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadSmall(8));

    /// <summary>A line of a text opcode (GLOBAL's module and name), without its '\n'.</summary>
    public string ReadLine()
    {
        const int MaxLine = 4096;
        var bytes = new List<byte>();
        while (true)
        {
            var b = ReadByte();
            if (b == (byte)'\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            if (bytes.Count == MaxLine)
            {
                throw new InvalidDataException($"a text field at byte {Position} runs past {MaxLine} bytes without a newline");
            }

            bytes.Add(b);
        }
    }

    /// <summary>Fails unless <paramref name="count"/> more bytes exist before <see cref="Length"/>.</summary>
    public void Require(long count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new EndOfStreamException(
                $"{count} bytes are needed at byte {Position} but the data ends {Remaining} bytes later");
        }
    }

    private void Refill(int needed)
    {
        Require(needed);
        var kept = _filled - _next;
        _buffer.AsSpan(_next, kept).CopyTo(_buffer);
        _bufferStart += _next;
        _next = 0;
        _filled = kept;
        var wanted = (int)Math.Min(BufferSize - kept, Length - (_bufferStart + kept));
        ReadFromStream(_buffer.AsSpan(kept, wanted));
        _filled += wanted;
    }

    private void ReadFromStream(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var n = _stream.Read(destination);
            if (n == 0)
            {
                throw new EndOfStreamException($"the data ends before byte {Length} that its container promised");
            }

            destination = destination[n..];
        }
    }
}
