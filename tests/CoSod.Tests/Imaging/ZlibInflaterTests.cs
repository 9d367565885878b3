using System.IO.Compression;
using CoSod.Data.Imaging.Png;

namespace CoSod.Tests.Imaging;

/// <summary>
/// The zlib decompressor the PNG readers use to follow libpng and Pillow call by call: whatever the input and output
/// buffers it is handed, it gives exactly what .NET's zlib gives, ends with StreamEnd only after a matching Adler-32,
/// and reports zlib's own message for a broken stream.
/// </summary>
public sealed class ZlibInflaterTests
{
    public static TheoryData<CompressionLevel, int> Streams() => new()
    {
        { CompressionLevel.NoCompression, 1 },
        { CompressionLevel.Fastest, 2 },
        { CompressionLevel.Optimal, 3 },
        { CompressionLevel.SmallestSize, 4 },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Any_buffering_inflates_to_the_same_bytes_and_checks_the_adler32(CompressionLevel level, int seed)
    {
        var random = new Random(seed);
        var original = new byte[300_000];
        for (var i = 0; i < original.Length; i++)
        {
            // Runs, repeats at varying distances and noise: every kind of back-reference.
            original[i] = i % 1000 < 300 ? (byte)(i / 7) : i % 1000 < 600 ? original[Math.Max(0, i - 1 - (i % 97))] : (byte)random.Next();
        }

        var stream = Compress(original, level);
        var output = new byte[original.Length];
        var inflater = new ZlibInflater(windowBits: 15);
        int next = 0, put = 0;
        InflateStatus status;
        do
        {
            var inputSize = Math.Min(stream.Length - next, random.Next(0, 5000));
            var outputSize = Math.Min(output.Length - put, random.Next(1, 9000));
            status = inflater.Inflate(stream.AsSpan(next, inputSize), output.AsSpan(put, outputSize), out var consumed, out var produced);
            next += consumed;
            put += produced;
            Assert.True(status is InflateStatus.Ok or InflateStatus.StreamEnd or InflateStatus.NoProgress, inflater.Error);
        }
        while (status != InflateStatus.StreamEnd);

        Assert.Equal(original, output);
        Assert.Equal(stream.Length, next);
        Assert.True(inflater.Finished);
    }

    [Fact]
    public void A_stale_adler32_is_zlibs_incorrect_data_check()
    {
        var stream = Compress([.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 31))], CompressionLevel.Optimal);
        stream[^1] ^= 1;

        var status = new ZlibInflater(windowBits: 15).Inflate(stream, new byte[5000], out _, out var produced);

        Assert.Equal(InflateStatus.DataError, status);
        Assert.Equal(5000, produced);
    }

    [Theory]
    [InlineData(new byte[] { 0x78, 0x9C, 0x07 }, "invalid block type")]
    [InlineData(new byte[] { 0x78, 0x9D }, "incorrect header check")]
    [InlineData(new byte[] { 0x79, 0x9C }, "incorrect header check")]
    [InlineData(new byte[] { 0x77, 0x85 }, "unknown compression method")]
    [InlineData(new byte[] { 0x88, 0x98 }, "invalid window size")]
    [InlineData(new byte[] { 0x78, 0x9C, 0x01, 0x05, 0x00, 0xFA, 0xFE }, "invalid stored block lengths")]
    public void Broken_headers_get_zlibs_messages(byte[] stream, string message)
    {
        var inflater = new ZlibInflater(windowBits: 15);

        var status = inflater.Inflate(stream, new byte[100], out _, out _);

        Assert.Equal(InflateStatus.DataError, status);
        Assert.Equal(message, inflater.Error);
    }

    /// <summary>
    /// libpng sizes the window from the stream header (window bits 0); a back-reference past a 256-byte window is then
    /// "too far back" once earlier calls' output has scrolled out of it, while a 32 KB window takes it.
    /// </summary>
    [Fact]
    public void A_header_window_smaller_than_32_KB_limits_back_references_across_calls()
    {
        var data = new byte[2000];
        new Random(7).NextBytes(data);
        data.AsSpan(0, 500).CopyTo(data.AsSpan(1500)); // a match 1500 bytes back
        var stream = Compress(data, CompressionLevel.Optimal);
        stream[0] = 0x08; // CINFO 0: a 256-byte window
        stream[1] = (byte)(31 - ((0x08 * 256) % 31));

        var small = new ZlibInflater(windowBits: 0);
        var large = new ZlibInflater(windowBits: 15);
        var first = small.Inflate(stream, new byte[1000], out var consumed, out _);
        large.Inflate(stream, new byte[1000], out var consumedLarge, out _);
        var second = small.Inflate(stream.AsSpan(consumed), new byte[1000], out _, out _);
        var secondLarge = large.Inflate(stream.AsSpan(consumedLarge), new byte[1000], out _, out _);

        Assert.Equal(InflateStatus.Ok, first);
        Assert.Equal(InflateStatus.DataError, second);
        Assert.Equal("invalid distance too far back", small.Error);
        Assert.NotEqual(InflateStatus.DataError, secondLarge);
    }

    private static byte[] Compress(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
