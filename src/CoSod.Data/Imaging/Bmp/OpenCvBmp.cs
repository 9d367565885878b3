using System.Buffers.Binary;
using CoSod.Data.Imaging.Png;
using CoSod.Metrics;

namespace CoSod.Data.Imaging.Bmp;

/// <summary>
/// OpenCV 4.6's BMP decoder (grfmt_bmp.cpp) as <c>cv2.imread(path, IMREAD_GRAYSCALE)</c> runs it: which headers it
/// takes, where it reads the palette and the pixels, its RLE quirks (an RLE4 end-of-bitmap only ends a line; a
/// delta's line count ignored in RLE4), and its grey conversions (palette entries and 24/32-bit pixels by
/// icvCvt_BGR2Gray, 16-bit 555 and 565 pixels from their bits shifted to the top of a byte, 14-bit coefficients,
/// rounded). Any read past the end of the file is a refusal, as OpenCV's stream throws there.
/// </summary>
internal static class OpenCvBmp
{
    private enum Compression
    {
        Rgb = 0,
        Rle8 = 1,
        Rle4 = 2,
        Bitfields = 3,
    }

    /// <exception cref="ReferenceRefusal">OpenCV would return no image.</exception>
    public static GreyMap Decode(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        var stream = new Reader(data);
        stream.Skip(10);
        var offset = stream.Int();
        var size = stream.Int();
        if (size <= 0)
        {
            throw Refused($"the BMP header size is {size}");
        }

        int width, height, bpp;
        Compression compression;
        var palette = new byte[256 * 4]; // B, G, R, reserved; unread entries stay black
        var valid = false;
        if (size >= 36)
        {
            width = stream.Int();
            height = stream.Int();
            bpp = stream.Int() >> 16;
            compression = (Compression)stream.Int();
            stream.Skip(12);
            var colours = stream.Int();
            stream.Skip(size - 36);
            if (width > 0 && height != 0
                && (((bpp is 1 or 4 or 8 or 24 or 32) && compression == Compression.Rgb)
                    || (bpp is 16 or 32 && compression is Compression.Rgb or Compression.Bitfields)
                    || (bpp == 4 && compression == Compression.Rle4)
                    || (bpp == 8 && compression == Compression.Rle8)))
            {
                valid = true;
                if (bpp <= 8)
                {
                    if (colours is < 0 or > 256)
                    {
                        throw Refused($"the BMP declares {colours} palette colours");
                    }

                    stream.Read(palette.AsSpan(0, (colours == 0 ? 1 << bpp : colours) * 4));
                }
                else if (bpp == 16 && compression == Compression.Bitfields)
                {
                    var red = stream.Int();
                    var green = stream.Int();
                    var blue = stream.Int();
                    if (blue == 0x1F && green == 0x3E0 && red == 0x7C00)
                    {
                        bpp = 15;
                    }
                    else if (!(blue == 0x1F && green == 0x7E0 && red == 0xF800))
                    {
                        valid = false;
                    }
                }
                else if (bpp == 16)
                {
                    bpp = 15;
                }
            }
        }
        else if (size == 12)
        {
            width = stream.UShort();
            height = stream.UShort();
            bpp = stream.Int() >> 16;
            compression = Compression.Rgb;
            if (width > 0 && height != 0 && bpp is 1 or 4 or 8 or 24 or 32)
            {
                if (bpp <= 8)
                {
                    var entries = 1 << bpp;
                    var triplets = new byte[entries * 3];
                    stream.Read(triplets);
                    for (var j = 0; j < entries; j++)
                    {
                        triplets.AsSpan(3 * j, 3).CopyTo(palette.AsSpan(4 * j));
                    }
                }

                valid = true;
            }
        }
        else
        {
            throw Refused($"the BMP header size {size} is of no layout OpenCV reads");
        }

        if (!valid)
        {
            throw Refused($"OpenCV does not read {bpp}-bit BMPs with compression {(int)compression} (or this size)");
        }

        var bottomUp = height > 0;
        height = Math.Abs(height);
        ImageDecoding.CheckSize(path, width, height, limits, advice);
        ImageDecoding.CheckOpenCvSize(path, width, height, advice);
        if (offset < 0)
        {
            throw Refused($"the pixel data offset is negative ({offset})");
        }

        var grey = new byte[256];
        for (var i = 0; i < (bpp <= 8 ? 1 << bpp : 0); i++)
        {
            grey[i] = GreyConversions.OpenCvGrey(palette[(4 * i) + 2], palette[(4 * i) + 1], palette[4 * i]);
        }

        using var pass = LargeDecodeGate.Enter((long)width * height);
        var pixels = new byte[(long)width * height];
        var rows = new Rows(pixels, width, height, bottomUp);
        stream.Seek(offset);
        var pitch = ((((long)width * (bpp != 15 ? bpp : 16)) + 7) / 8 + 3) & ~3L;
        switch (bpp)
        {
            case 4 when compression == Compression.Rle4:
                DecodeRle4(stream, rows, grey, pitch);
                break;
            case 8 when compression == Compression.Rle8:
                DecodeRle8(stream, rows, grey, pitch);
                break;
            default:
                if (offset + (pitch * height) > data.Length)
                {
                    throw Refused($"the file is truncated (the BMP pixel rows need {offset + (pitch * height)} bytes, the file has {data.Length})");
                }

                var src = new byte[pitch];
                for (var y = 0; y < height; y++)
                {
                    stream.Read(src);
                    var row = rows.Row(y);
                    for (var x = 0; x < width; x++)
                    {
                        row[x] = Pixel(src, x, bpp, grey);
                    }
                }

                break;
        }

        return new GreyMap(width, height, pixels);
    }

    private static byte Pixel(byte[] src, int x, int bpp, byte[] grey)
    {
        switch (bpp)
        {
            case 1:
                return grey[(src[x >> 3] >> (7 - (x & 7))) & 1];
            case 4:
                return grey[(src[x >> 1] >> ((x & 1) == 0 ? 4 : 0)) & 15];
            case 8:
                return grey[src[x]];
            case 15:
            {
                var p = src[2 * x] | (src[(2 * x) + 1] << 8);
                return GreyConversions.OpenCvGrey((p >> 7) & 0xF8, (p >> 2) & 0xF8, (p << 3) & 0xF8);
            }

            case 16:
            {
                var p = src[2 * x] | (src[(2 * x) + 1] << 8);
                return GreyConversions.OpenCvGrey((p >> 8) & 0xF8, (p >> 3) & 0xFC, (p << 3) & 0xF8);
            }

            case 24:
                return GreyConversions.OpenCvGrey(src[(3 * x) + 2], src[(3 * x) + 1], src[3 * x]);
            default:
                return GreyConversions.OpenCvGrey(src[(4 * x) + 2], src[(4 * x) + 1], src[4 * x]);
        }
    }

    /// <summary>grfmt_bmp's RLE4 loop: an end-of-bitmap ends only the line, a delta moves along the line only.</summary>
    private static void DecodeRle4(Reader stream, Rows rows, byte[] grey, long pitch)
    {
        while (true)
        {
            int length = stream.Byte(), code = stream.Byte();
            if (length != 0)
            {
                if (rows.X + length > rows.Width)
                {
                    throw Refused("an RLE4 run crosses the end of a line");
                }

                for (var t = 0; t < length; t++)
                {
                    rows.Put(grey[(t & 1) == 0 ? code >> 4 : code & 15]);
                }
            }
            else if (code > 2)
            {
                if (rows.X + code > rows.Width)
                {
                    throw Refused("an RLE4 absolute run crosses the end of a line");
                }

                var bytes = (((code + 1) >> 1) + 1) & ~1;
                if (bytes >= pitch + 32)
                {
                    throw Refused("an RLE4 absolute run is longer than a row");
                }

                var src = stream.Bytes(bytes);
                for (var i = 0; i < code; i++)
                {
                    rows.Put(grey[(src[i >> 1] >> ((i & 1) == 0 ? 4 : 0)) & 15]);
                }
            }
            else
            {
                var count = rows.Width - rows.X;
                if (code == 2)
                {
                    count = stream.Byte();
                    stream.Byte(); // the line count, which OpenCV's RLE4 path does not use
                }

                rows.Fill(count, grey[0]);
                if (rows.Y >= rows.Height)
                {
                    return;
                }
            }
        }
    }

    /// <summary>grfmt_bmp's RLE8 loop (runs may wrap onto the next line; an end-of-line right after a full line is skipped).</summary>
    private static void DecodeRle8(Reader stream, Rows rows, byte[] grey, long pitch)
    {
        var lineEndFlag = 0;
        while (true)
        {
            int length = stream.Byte(), code = stream.Byte();
            if (length != 0)
            {
                var before = rows.Y;
                if (rows.X + length > rows.Width)
                {
                    throw Refused("an RLE8 run crosses the end of a line");
                }

                rows.Fill(length, grey[code]);
                lineEndFlag = rows.Y - before;
                if (rows.Y >= rows.Height)
                {
                    return;
                }
            }
            else if (code > 2)
            {
                if (rows.X + code > rows.Width)
                {
                    throw Refused("an RLE8 absolute run crosses the end of a line");
                }

                var bytes = (code + 1) & ~1;
                if (bytes >= pitch + 32)
                {
                    throw Refused("an RLE8 absolute run is longer than a row");
                }

                var src = stream.Bytes(bytes);
                for (var i = 0; i < code; i++)
                {
                    rows.Put(grey[src[i]]);
                }

                lineEndFlag = 0;
            }
            else
            {
                long count = rows.Width - rows.X;
                long lines = rows.Height - rows.Y;
                if (code != 0 || lineEndFlag == 0 || count < rows.Width)
                {
                    if (code == 2)
                    {
                        count = stream.Byte();
                        lines = stream.Byte();
                    }

                    if (code != 0)
                    {
                        count += lines * rows.Width;
                    }

                    if (rows.Y >= rows.Height)
                    {
                        return;
                    }

                    rows.Fill(count, grey[0]);
                    if (rows.Y >= rows.Height)
                    {
                        return;
                    }
                }

                lineEndFlag = 0;
                if (rows.Y >= rows.Height)
                {
                    return;
                }
            }
        }
    }

    private static ReferenceRefusal Refused(string problem) => new($"OpenCV refuses the BMP: {problem}");

    /// <summary>The output rows in the file's order (bottom-up unless the height is negative), with a write position.</summary>
    private sealed class Rows(byte[] pixels, int width, int height, bool bottomUp)
    {
        public int Width => width;

        public int Height => height;

        public int X { get; private set; }

        public int Y { get; private set; }

        public Span<byte> Row(int y) => pixels.AsSpan((bottomUp ? height - 1 - y : y) * width, width);

        public void Put(byte value)
        {
            Row(Y)[X++] = value;
        }

        /// <summary>OpenCV's FillUniGray: fills <paramref name="count"/> pixels, moving to the next line at each line end.</summary>
        public void Fill(long count, byte value)
        {
            do
            {
                var take = (int)Math.Min(count, width - X);
                Row(Y).Slice(X, take).Fill(value);
                X += take;
                count -= take;
                if (X >= width)
                {
                    X = 0;
                    if (++Y >= height)
                    {
                        break;
                    }
                }
            }
            while (count > 0);
        }
    }

    /// <summary>OpenCV's RLByteStream over the file: any read past the end throws (a refusal).</summary>
    private sealed class Reader(byte[] data)
    {
        private long _position;

        public void Skip(long count) => _position += count;

        public void Seek(long position) => _position = position;

        public int Int()
        {
            Check(4);
            var value = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan((int)_position));
            _position += 4;
            return value;
        }

        public int UShort()
        {
            Check(2);
            var value = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan((int)_position));
            _position += 2;
            return value;
        }

        public int Byte()
        {
            Check(1);
            return data[_position++];
        }

        public void Read(Span<byte> target)
        {
            Check(target.Length);
            data.AsSpan((int)_position, target.Length).CopyTo(target);
            _position += target.Length;
        }

        public byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            Read(bytes);
            return bytes;
        }

        private void Check(long count)
        {
            if (_position < 0 || _position + count > data.Length)
            {
                throw Refused($"the file is truncated (it ends at byte {data.Length}, before the data OpenCV reads)");
            }
        }
    }
}
