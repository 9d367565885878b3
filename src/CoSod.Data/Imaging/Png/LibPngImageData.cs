namespace CoSod.Data.Imaging.Png;

/// <summary>
/// libpng 1.6.39 reading the image data as OpenCV 4.6 asks for it: one <c>png_read_IDAT_data</c> call per row, input in
/// buffers of at most 8192 bytes of the current IDAT chunk, the next IDAT chunk taken only when the buffer is spent,
/// and after the last row <c>png_read_finish_IDAT</c>, which inflates on (into 1 KB) only while that yields output.
/// A zlib error met while a row is read is an error (the file is refused); one met after the last row is a
/// warning. The stream is then checked to its end regardless, for the corruption rule every profile shares.
/// </summary>
internal static class LibPngImageData
{
    private const int ReadSize = 8192;
    private const int CheckBufferSize = 1024;

    /// <exception cref="ReferenceRefusal">libpng would stop with an error.</exception>
    public static PngStreamVerdict Decode(ReadOnlySpan<byte> data, PngHeader header, IReadOnlyList<PngChunk> run, IPngRowSink sink)
    {
        var feed = new Feed(run);
        var inflater = new ZlibInflater(windowBits: 0);
        var bytesPerPixel = Math.Max(1, header.BitsPerPixel / 8);
        var first = true;
        var ended = false;
        foreach (var pass in AdamPasses.For(header))
        {
            // Rows are inflated one per call, as libpng asks for them, into a block of a few rows; a block is unfiltered
            // and handed to the sink at once, which lets Paeth work on several rows side by side. The filter byte is
            // checked as each row arrives, so a refusal names the same row and comes at the same point of the stream.
            var rowBytes = checked((int)pass.RowBytes(header.BitsPerPixel));
            var stride = rowBytes + 1;
            var previous = new byte[rowBytes];
            var block = new byte[checked(PngRowFilter.BlockRows * stride)];
            var pending = 0;
            for (long r = 0; r < pass.Rows; r++)
            {
                // png_read_IDAT_data(png_ptr, row_buf, rowbytes + 1)
                var current = block.AsSpan(pending * stride, stride);
                var filled = 0;
                while (filled < current.Length)
                {
                    if (feed.Available == 0)
                    {
                        feed.Load(data);
                    }

                    var input = feed.Current(data);
                    if (first)
                    {
                        first = false;
                        if (input[0] >> 4 > 7)
                        {
                            throw new ReferenceRefusal("the image data is corrupt (zlib: invalid window size; libpng stops)");
                        }
                    }

                    var status = inflater.Inflate(input, current[filled..], out var consumed, out var produced);
                    feed.Consume(consumed);
                    filled += produced;
                    if (status == InflateStatus.StreamEnd)
                    {
                        ended = true;
                        if (filled < current.Length)
                        {
                            throw new ReferenceRefusal("the image data is truncated (the zlib stream ends before the last row; libpng: Not enough image data)");
                        }

                        break;
                    }

                    if (status != InflateStatus.Ok)
                    {
                        throw new ReferenceRefusal($"the image data is corrupt (zlib: {inflater.Error ?? "damaged LZ stream"}; libpng stops)");
                    }
                }

                if (!PngRowFilter.IsKnown(current[0]))
                {
                    throw new ReferenceRefusal($"the image data is corrupt (row {pass.Y0 + (r * pass.Dy)} has an unknown filter {current[0]}; libpng: bad adaptive filter value)");
                }

                if (++pending == PngRowFilter.BlockRows || r == pass.Rows - 1)
                {
                    PngRowFilter.UndoRows(block, pending, stride, previous, bytesPerPixel);
                    var firstRow = r - pending + 1;
                    for (var k = 0; k < pending; k++)
                    {
                        sink.Row(block.AsSpan((k * stride) + 1, rowBytes), pass.Y0 + ((firstRow + k) * pass.Dy), pass);
                    }

                    block.AsSpan(((pending - 1) * stride) + 1, rowBytes).CopyTo(previous);
                    pending = 0;
                }
            }
        }

        // png_read_finish_IDAT: read on only while it yields output; errors now are warnings.
        string? problem = null;
        if (!ended)
        {
            var check = new byte[CheckBufferSize];
            long extra = 0;
            do
            {
                if (feed.Available == 0)
                {
                    feed.Load(data);
                }

                var status = inflater.Inflate(feed.Current(data), check, out var consumed, out var produced);
                feed.Consume(consumed);
                extra += produced;
                if (status == InflateStatus.StreamEnd)
                {
                    ended = true;
                    break;
                }

                if (status != InflateStatus.Ok)
                {
                    problem = inflater.Error ?? "damaged LZ stream";
                    break;
                }
            }
            while (extra > 0);
        }

        if (problem is not null)
        {
            // A back-reference past a window smaller than 32 KB is libpng's complaint alone (it sizes the window
            // from the stream header); the shared check reads with 32 KB, as Pillow and zlib's defaults do.
            return problem == "invalid distance too far back" ? PngStreamTail.VerifyFromStart(data, run, header) : new PngStreamVerdict(problem, false);
        }

        return ended ? new PngStreamVerdict(null, false) : PngStreamTail.Verify(data, run, feed.Position, inflater, header);
    }

    /// <summary>libpng's IDAT input: the run's chunks in order, each in reads of at most 8192 bytes.</summary>
    private sealed class Feed(IReadOnlyList<PngChunk> run)
    {
        private int _chunk;
        private long _read;      // bytes of the current chunk read into buffers so far
        private long _start;     // the current buffer
        private int _length;
        private int _used;

        public int Available => _length - _used;

        /// <summary>Where the next unread byte of image data is: (chunk index, offset in the file).</summary>
        public (int Chunk, long Offset) Position => (_chunk, _start + _used);

        public ReadOnlySpan<byte> Current(ReadOnlySpan<byte> data) => data.Slice((int)(_start + _used), _length - _used);

        public void Consume(int count) => _used += count;

        /// <summary>The next buffer; past the run's end, libpng meets a chunk that is not IDAT: an error.</summary>
        public void Load(ReadOnlySpan<byte> data)
        {
            while (_read == run[_chunk].Length)
            {
                if (_chunk + 1 >= run.Count)
                {
                    throw new ReferenceRefusal("the image data is truncated (the IDAT chunks end before the zlib stream does; libpng: Not enough image data)");
                }

                _chunk++;
                _read = 0;
            }

            var chunk = run[_chunk];
            _start = chunk.BodyOffset + _read;
            _length = (int)Math.Min(ReadSize, chunk.Length - _read);
            _read += _length;
            _used = 0;
        }
    }
}

/// <summary>
/// The corruption check every profile shares, for the part of the stream a reader left unread: feeds the rest of
/// the first IDAT run to the end of the zlib stream (Adler-32 checked), whatever the reader did.
/// </summary>
internal static class PngStreamTail
{
    /// <summary>
    /// Feeds the run from <paramref name="position"/> (the chunk index and file offset of the first byte not yet given to
    /// <paramref name="inflater"/>) to the stream's end.
    /// </summary>
    public static PngStreamVerdict Verify(ReadOnlySpan<byte> data, IReadOnlyList<PngChunk> run, (int Chunk, long Offset) position, ZlibInflater inflater, PngHeader header)
    {
        var scratch = new byte[1 << 16];
        var (chunk, offset) = position;
        while (chunk < run.Count)
        {
            var end = run[chunk].BodyOffset + run[chunk].Length;
            while (offset < end)
            {
                var input = data.Slice((int)offset, (int)(end - offset));
                var status = inflater.Inflate(input, scratch, out var consumed, out _);
                offset += consumed;
                if (status == InflateStatus.StreamEnd)
                {
                    return new PngStreamVerdict(null, inflater.TotalOut < header.FilteredSize());
                }

                if (status is InflateStatus.DataError or InflateStatus.NeedDictionary)
                {
                    return new PngStreamVerdict(inflater.Error ?? "a preset dictionary is asked for", inflater.TotalOut < header.FilteredSize());
                }
            }

            if (++chunk < run.Count)
            {
                offset = run[chunk].BodyOffset;
            }
        }

        return new PngStreamVerdict("unfinished (the zlib stream has no end, or no Adler-32)", inflater.TotalOut < header.FilteredSize());
    }

    /// <summary>The whole first IDAT run through a fresh 32 KB-window inflater.</summary>
    public static PngStreamVerdict VerifyFromStart(ReadOnlySpan<byte> data, IReadOnlyList<PngChunk> run, PngHeader header) =>
        Verify(data, run, (0, run[0].BodyOffset), new ZlibInflater(windowBits: 15), header);
}
