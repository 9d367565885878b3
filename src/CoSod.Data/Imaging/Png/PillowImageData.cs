namespace CoSod.Data.Imaging.Png;

/// <summary>
/// Pillow 9.4 decoding the image data: <c>ImageFile.load</c> hands <c>ZipDecode</c> the IDAT data in reads of at most
/// 64 KB of the current chunk (<c>load_read</c>, which takes the next chunk only if it is an IDAT and never checks
/// CRCs), and <c>ZipDecode</c> inflates one row per call. It stops at the last row, or as soon as the zlib stream ends
/// on a row boundary (the rows not reached stay zero), and never reads further: a bad Adler-32 is seen only when it
/// arrives in the same read as the last row. The stream is then checked to its end for the shared corruption rule.
/// </summary>
internal static class PillowImageData
{
    private const int ReadSize = 65536;

    /// <summary>The verdict on the stream, and the chunk the decoder stopped in (where <c>load_end</c> starts).</summary>
    /// <exception cref="ReferenceRefusal">Pillow would raise.</exception>
    public static (PngStreamVerdict Verdict, PngChunk StoppedIn) Decode(ReadOnlySpan<byte> data, PngHeader header, IPngRowSink sink)
    {
        var inflater = new ZlibInflater(windowBits: 15);
        var bytesPerPixel = Math.Max(1, header.BitsPerPixel / 8);
        var passes = AdamPasses.For(header).ToList();
        var chunk = PngChunks.HeaderAt(data, header.FirstDataChunk)!.Value;
        long remaining = chunk.Length;
        var offset = chunk.BodyOffset;
        var run = new List<PngChunk> { chunk };

        var passIndex = 0;
        long row = 0;
        var pass = passes[0];
        var current = new byte[pass.RowBytes(header.BitsPerPixel) + 1];
        var previous = new byte[current.Length];
        var filled = 0;
        while (true)
        {
            // load_read: the next IDAT chunk when this one is spent; anything else means the data ran out.
            while (remaining == 0)
            {
                var next = PillowPngRules.ReadHeader(data, chunk.End, "between the image data chunks")!.Value;
                if (next.Type != PngChunks.Idat)
                {
                    throw new ReferenceRefusal($"the image data is truncated (it stops at chunk {next.Name}, byte {next.Offset}, before the last row; Pillow: image file is truncated)");
                }

                chunk = next;
                run.Add(chunk);
                remaining = chunk.Length;
                offset = chunk.BodyOffset;
            }

            var take = (int)Math.Min(ReadSize, remaining);
            var available = (int)Math.Min(take, Math.Max(0, data.Length - offset));
            if (available == 0)
            {
                throw new ReferenceRefusal($"the file is truncated (chunk IDAT at byte {chunk.Offset} runs past the end of the file; Pillow: image file is truncated)");
            }

            remaining -= take;
            var buffer = data.Slice((int)offset, available);
            offset += available;

            // ZipDecode on this buffer.
            while (buffer.Length > 0)
            {
                var status = inflater.Inflate(buffer, current.AsSpan(filled), out var consumed, out var produced);
                buffer = buffer[consumed..];
                if (status is InflateStatus.DataError)
                {
                    throw new ReferenceRefusal($"the image data is corrupt (zlib: {inflater.Error}; Pillow: broken data stream)");
                }

                if (status is InflateStatus.NoProgress)
                {
                    throw new ReferenceRefusal("Pillow refuses it: decoder error (the zlib stream makes no progress)");
                }

                filled += produced;
                if (filled < current.Length)
                {
                    if (status == InflateStatus.NeedDictionary)
                    {
                        throw new ReferenceRefusal("Pillow refuses it: the zlib stream asks for a preset dictionary");
                    }

                    break; // needs more input
                }

                if (!PngRowFilter.TryUndo(current[0], current.AsSpan(1), previous.AsSpan(1), bytesPerPixel))
                {
                    throw new ReferenceRefusal($"Pillow refuses it: unrecognized data stream contents (row filter {current[0]})");
                }

                sink.Row(current.AsSpan(1), pass.Y0 + (row * pass.Dy), pass);
                filled = 0;
                (current, previous) = (previous, current);
                if (++row == pass.Rows)
                {
                    if (++passIndex == passes.Count)
                    {
                        return (Finish(data, header, run, chunk, offset - buffer.Length, inflater, status), chunk);
                    }

                    pass = passes[passIndex];
                    row = 0;
                    current = new byte[pass.RowBytes(header.BitsPerPixel) + 1];
                    previous = new byte[current.Length];
                }

                if (status == InflateStatus.StreamEnd)
                {
                    // The stream ended on a row boundary before the last row: Pillow stops, the rest stay zero.
                    return (Finish(data, header, run, chunk, offset - buffer.Length, inflater, status), chunk);
                }
            }
        }
    }

    /// <summary>
    /// The shared corruption check from where Pillow stopped: <paramref name="offset"/> is the first byte zlib was not
    /// given (the rest of the buffer Pillow read, then the rest of the first IDAT run).
    /// </summary>
    private static PngStreamVerdict Finish(
        ReadOnlySpan<byte> data, PngHeader header, List<PngChunk> run, PngChunk chunk, long offset, ZlibInflater inflater, InflateStatus last)
    {
        if (last == InflateStatus.StreamEnd)
        {
            return new PngStreamVerdict(null, inflater.TotalOut < header.FilteredSize());
        }

        var position = (run.Count - 1, offset);
        var after = chunk.End;
        while (PngChunks.HeaderAt(data, after) is { } next && next.Type == PngChunks.Idat && PngChunks.IsWhole(data, next))
        {
            run.Add(next);
            after = next.End;
        }

        return PngStreamTail.Verify(data, run, position, inflater, header);
    }
}
