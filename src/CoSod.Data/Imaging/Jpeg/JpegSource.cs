namespace CoSod.Data.Imaging.Jpeg;

/// <summary>How a reference reader hands libjpeg the file.</summary>
internal enum JpegFeed
{
    /// <summary>
    /// OpenCV's <c>jpeg_stdio_src</c>: reads of 4096 bytes; past the end, each read yields a fake EOI marker (FF D9)
    /// and libjpeg warns "Premature end of JPEG file".
    /// </summary>
    Stdio,

    /// <summary>
    /// Pillow's suspending source, fed 64 KB at a time: past the end there is nothing, and if libjpeg needs more
    /// before the last scanline, Pillow raises "image file is truncated".
    /// </summary>
    Pillow,
}

/// <summary>Thrown inside the walk when a Pillow-fed libjpeg would need bytes past the end of the file.</summary>
internal sealed class JpegSourceExhausted : Exception;

/// <summary>
/// libjpeg's data source as a reference feeds it: the read position, how many bytes its current buffer still holds
/// (the entropy decoder's fast path depends on it), and what lies past the end of the file.
/// </summary>
internal sealed class JpegSource(byte[] data, JpegFeed feed)
{
    private const int StdioBuffer = 4096;
    private const int PillowBlock = 65536;

    private long _bufferEnd;

    public long Position { get; private set; }

    /// <summary>True once libjpeg has read past the end of the file (Stdio: fake EOI markers, with a warning).</summary>
    public bool PastEnd { get; private set; }

    /// <summary>bytes_in_buffer: what the current buffer still holds.</summary>
    public long BytesInBuffer => _bufferEnd - Position;

    public long Length => data.Length;

    /// <summary>INPUT_BYTE: the next byte, refilling the buffer when it is spent.</summary>
    public int ReadByte()
    {
        if (Position == _bufferEnd)
        {
            Fill();
        }

        return At(Position++);
    }

    /// <summary>The byte at a position inside the current buffer (the fast path reads without refilling).</summary>
    public int At(long position) => position < data.Length ? data[position] : (position - data.Length) % 2 == 0 ? 0xFF : 0xD9;

    /// <summary>Moves the read position within the current buffer (the fast path commits what it read).</summary>
    public void Advance(long to) => Position = to;

    /// <summary>skip_input_data: refills as often as the skip needs.</summary>
    public void Skip(long count)
    {
        if (count <= 0)
        {
            return;
        }

        while (count > BytesInBuffer)
        {
            count -= BytesInBuffer;
            Position = _bufferEnd;
            Fill();
        }

        Position += count;
    }

    private void Fill()
    {
        if (_bufferEnd < data.Length)
        {
            _bufferEnd = feed == JpegFeed.Stdio
                ? Math.Min(data.Length, _bufferEnd + StdioBuffer)
                : Math.Min(data.Length, ((Position / PillowBlock) + 1) * PillowBlock);
            return;
        }

        if (feed == JpegFeed.Pillow)
        {
            throw new JpegSourceExhausted();
        }

        PastEnd = true;
        _bufferEnd += 2;
    }
}
