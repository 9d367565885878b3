using System.Runtime.InteropServices;
using SkiaSharp;

namespace CoSod.Data.Imaging.Jpeg;

/// <summary>
/// libjpeg-turbo's decode of a JPEG through SkiaSharp (bit-exact with what OpenCV and Pillow get from their
/// libjpeg-turbo for the same data), one scanline at a time so that only the result is image-sized: Gray8 for a
/// greyscale file, RGBA otherwise (CMYK and YCCK converted by Skia as Pillow converts Adobe CMYK).
/// </summary>
internal static class SkiaJpeg
{
    /// <summary>Receives decoded row <c>y</c>: one byte a pixel when grey, four (R, G, B, A) otherwise.</summary>
    public delegate void RowSink(int y, ReadOnlySpan<byte> row, bool grey);

    /// <summary>Header facts Skia reads: the size, whether the output is grey, the EXIF orientation (1..8).</summary>
    public sealed record Header(int Width, int Height, bool Grey, int Orientation);

    /// <summary>The header, or null when Skia cannot open the file (libjpeg refuses its headers).</summary>
    public static Header? ReadHeader(byte[] data)
    {
        using var pinned = new Pinned(data);
        using var codec = SKCodec.Create(pinned.Data);
        if (codec is null)
        {
            return null;
        }

        // SKEncodedOrigin numbers its values as EXIF does (1 = top-left ... 8 = left-bottom).
        var orientation = (int)codec.EncodedOrigin is >= 1 and <= 8 ? (int)codec.EncodedOrigin : 1;
        return new Header(codec.Info.Width, codec.Info.Height, codec.Info.ColorType == SKColorType.Gray8, orientation);
    }

    /// <summary>Decodes every row into <paramref name="sink"/>; null on success, else Skia's complaint.</summary>
    public static string? Decode(byte[] data, RowSink sink)
    {
        using var pinned = new Pinned(data);
        using var codec = SKCodec.Create(pinned.Data);
        if (codec is null)
        {
            return "the JPEG header is unreadable";
        }

        var grey = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var start = codec.StartScanlineDecode(info);
        if (start != SKCodecResult.Success)
        {
            return start.ToString();
        }

        var row = new byte[info.RowBytes];
        var handle = GCHandle.Alloc(row, GCHandleType.Pinned);
        try
        {
            for (var y = 0; y < info.Height; y++)
            {
                if (codec.GetScanlines(handle.AddrOfPinnedObject(), 1, info.RowBytes) != 1)
                {
                    return $"the decode stopped at row {y}";
                }

                sink(y, row.AsSpan(0, info.Width * (grey ? 1 : 4)), grey);
            }
        }
        finally
        {
            handle.Free();
        }

        return null;
    }

    /// <summary>The file's bytes handed to Skia in place (pinned while it decodes), not copied: a 512 MB file stays 512 MB.</summary>
    private sealed class Pinned : IDisposable
    {
        private GCHandle _handle;

        public Pinned(byte[] data)
        {
            _handle = GCHandle.Alloc(data, GCHandleType.Pinned);
            Data = SKData.Create(_handle.AddrOfPinnedObject(), data.Length);
        }

        public SKData Data { get; }

        public void Dispose()
        {
            Data.Dispose();
            _handle.Free();
        }
    }
}
