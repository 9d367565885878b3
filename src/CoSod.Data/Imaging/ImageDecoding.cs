using System.Buffers;
using System.Buffers.Binary;
using CoSod.Data.Files;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace CoSod.Data.Imaging;

/// <summary>The containers the readers accept, recognised by their signatures (never by the file name).</summary>
internal enum ImageContainer
{
    Png,
    Jpeg,
    Bmp,
}

/// <summary>What a reader tells the user to do about a file it refuses.</summary>
/// <param name="Replace">For a file that is broken or of a kind the reader does not take.</param>
/// <param name="Oversized">For a file whose declared size is over <see cref="ImageLimits.MaxPixels"/>.</param>
internal sealed record ReadAdvice(string Replace, string Oversized);

/// <summary>
/// The guarantees the image readers (<see cref="GreyImageReader"/>, <see cref="RgbImageReader"/>,
/// <see cref="PngRawDecoder"/>) share, in one place: the file size cap, recognising the container, the pixel cap
/// from the header before any pixel is decoded, the structure checks that keep ImageSharp from filling truncated
/// PNG and BMP data with black, ImageSharp's exceptions turned into <see cref="ImageReadException"/>s, and the
/// SkiaSharp (libjpeg-turbo) JPEG decode.
/// </summary>
internal static class ImageDecoding
{
    /// <summary>
    /// Reads the whole file after checking it is a regular file (devices and FIFOs are refused by type) and is under
    /// <see cref="ImageLimits.MaxFileBytes"/>.
    /// </summary>
    public static byte[] ReadFile(string path, ImageLimits limits, ReadAdvice advice)
    {
        try
        {
            return InputFile.ReadAllBytes(path, limits.MaxFileBytes, advice.Replace);
        }
        catch (InputFileException e)
        {
            throw new ImageReadException(path, e.Problem, e.Advice, e);
        }
    }

    /// <summary>
    /// True for an exception a decoder threw that is neither ours nor out-of-memory: ImageSharp's BMP reader,
    /// for one, can throw NullReferenceException or DivideByZeroException on a malformed file, and that must
    /// not take a run down. Use as an exception filter around a whole decode, with <see cref="DecoderFault"/>.
    /// </summary>
    public static bool IsDecoderFault(Exception e) => e is not ImageReadException and not OutOfMemoryException;

    public static ImageReadException DecoderFault(string path, Exception e, ReadAdvice advice) =>
        new(path, $"the file cannot be decoded ({e.GetType().Name}: {e.Message})", advice.Replace, e);

    /// <summary>The container, from the first bytes; an empty or unrecognised file is refused.</summary>
    public static ImageContainer Identify(byte[] data, string path, ReadAdvice advice)
    {
        if (data.Length == 0)
        {
            throw new ImageReadException(path, "the file is empty", advice.Replace);
        }

        if (PngStructure.HasSignature(data))
        {
            return ImageContainer.Png;
        }

        if (HasJpegSignature(data))
        {
            return ImageContainer.Jpeg;
        }

        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            return ImageContainer.Bmp;
        }

        throw new ImageReadException(path, "not a PNG, JPEG or BMP image (unrecognised content)", advice.Replace);
    }

    /// <summary>Refuses an empty declared size, or one over <see cref="ImageLimits.MaxPixels"/> (a bomb).</summary>
    public static void CheckSize(string path, long width, long height, ImageLimits limits, ReadAdvice advice)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageReadException(path, $"the image declares an empty size {width}x{height}", advice.Replace);
        }

        if (width * height > limits.MaxPixels)
        {
            throw new ImageReadException(
                path,
                $"the image declares {width}x{height} = {width * height} pixels, over the limit of {limits.MaxPixels} "
                + "(a decompression bomb or a wrong file)",
                advice.Oversized);
        }
    }

    /// <summary>
    /// The PNG header after a walk over every chunk (whole, CRCs right, IEND present) and the size check. The
    /// IDAT stream itself is not inflated here: see <see cref="CheckPngData"/>.
    /// </summary>
    public static PngStructure InspectPng(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        var header = PngStructure.Inspect(data, out var problem)
            ?? throw new ImageReadException(path, problem!, advice.Replace);
        CheckSize(path, header.Width, header.Height, limits, advice);
        return header;
    }

    /// <summary>Refuses a PNG whose IDAT stream holds fewer rows than its header declares, or does not inflate.</summary>
    public static void CheckPngData(byte[] data, PngStructure header, string path, ReadAdvice advice)
    {
        var problem = PngStructure.CheckImageData(data, header);
        if (problem is not null)
        {
            throw new ImageReadException(path, problem, advice.Replace);
        }
    }

    /// <summary>
    /// Reads the BMP header, checks the declared size and that the pixel rows fit in the file, and returns the
    /// bits per pixel (0 when the header layout is one whose fields are not read here).
    /// </summary>
    public static int InspectBmp(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(data);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            throw new ImageReadException(path, "the BMP data is corrupt (" + e.Message + ")", advice.Replace, e);
        }

        if (info is null)
        {
            throw new ImageReadException(path, "the BMP header is unreadable", advice.Replace);
        }

        CheckSize(path, info.Width, info.Height, limits, advice);
        var problem = CheckBmpLength(data, out var bitsPerPixel);
        if (problem is not null)
        {
            throw new ImageReadException(path, problem, advice.Replace);
        }

        return bitsPerPixel;
    }

    /// <summary>
    /// ImageSharp's decode of a PNG or BMP that the structure checks passed; what it still refuses is reported as
    /// corrupt <paramref name="container"/> data.
    /// </summary>
    public static Image<TPixel> Load<TPixel>(byte[] data, ImageContainer container, string path, ReadAdvice advice)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            return Image.Load<TPixel>(data);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException)
        {
            throw new ImageReadException(path, $"the {container.ToString().ToUpperInvariant()} data is corrupt ({e.Message})", advice.Replace, e);
        }
    }

    /// <summary>
    /// Decodes a JPEG with SkiaSharp's libjpeg-turbo, which gives the pixels PIL and OpenCV read (ImageSharp's own
    /// decoder does not): Gray8 for a greyscale file, RGBA otherwise (CMYK and YCCK files converted by Skia, as
    /// PIL converts Adobe CMYK). The EXIF orientation is reported, not applied. Dispose the result to return its
    /// buffer to the pool.
    /// </summary>
    public static JpegPixels DecodeJpeg(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        if (!HasJpegSignature(data))
        {
            throw new ImageReadException(path, "not a JPEG image (bad signature)", advice.Replace);
        }

        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw new ImageReadException(path, "the JPEG header is unreadable (truncated or corrupt)", advice.Replace);
        var width = codec.Info.Width;
        var height = codec.Info.Height;
        CheckSize(path, width, height, limits, advice);

        // SKEncodedOrigin numbers its values as EXIF does (1 = top-left ... 8 = left-bottom).
        var orientation = (int)codec.EncodedOrigin is >= 1 and <= 8 ? (int)codec.EncodedOrigin : 1;
        var grey = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(width, height, grey ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);

        // SKCodec.GetPixels trusts the array to hold BytesSize64 bytes (it does not check), so rent at least that.
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)info.BytesSize64));
        var pixels = new JpegPixels(width, height, grey, orientation, info.RowBytes, buffer);
        try
        {
            var result = codec.GetPixels(info, buffer);

            // Skia reports a progressive JPEG cut short as invalid input rather than incomplete input; a failed
            // decode of data that holds no end-of-image marker at all is a truncation either way.
            if (result == SKCodecResult.IncompleteInput
                || (result != SKCodecResult.Success && data.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0))
            {
                throw new ImageReadException(path, "the JPEG is truncated (its data ends early)", advice.Replace);
            }

            if (result != SKCodecResult.Success)
            {
                throw new ImageReadException(path, $"the JPEG data is corrupt ({result})", advice.Replace);
            }

            return pixels;
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }

    private static bool HasJpegSignature(byte[] data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>
    /// ImageSharp decodes a truncated uncompressed BMP silently (the missing rows stay black); OpenCV and PIL
    /// refuse it. Checks that the pixel array the header declares (rows padded to 4 bytes) fits in the file.
    /// RLE-compressed BMPs are left to the decoder.
    /// </summary>
    private static string? CheckBmpLength(byte[] data, out int bitsPerPixel)
    {
        bitsPerPixel = 0;
        if (data.Length < 26)
        {
            return "the file is truncated (it ends inside the BMP header)";
        }

        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(10));
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(14));
        long width, height, compression;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(18));
            height = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(20));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(24));
            compression = 0;
        }
        else if (headerSize >= 40 && data.Length >= 14 + 40)
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(18));
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(22)));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(28));
            compression = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(30));
        }
        else
        {
            // Other header layouts are rare; only a file shorter than its own header is certainly truncated.
            return data.Length < 14L + headerSize ? "the file is truncated (it ends inside the BMP header)" : null;
        }

        if (compression is not (0 or 3 or 6))
        {
            return null; // RLE or embedded JPEG/PNG: sizes are not known from the header
        }

        var needed = pixelOffset + ((((width * bitsPerPixel) + 31) / 32) * 4 * height);
        return data.Length < needed
            ? $"the file is truncated (the BMP pixel rows need {needed} bytes, the file has {data.Length})"
            : null;
    }
}

/// <summary>A decoded JPEG in a pooled buffer: <see cref="RowBytes"/> apart, Gray8 or RGBA.</summary>
internal sealed class JpegPixels(int width, int height, bool grey, int orientation, int rowBytes, byte[] buffer) : IDisposable
{
    private byte[]? _buffer = buffer;

    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>One byte per pixel when true, four (R, G, B, A) when false.</summary>
    public bool Grey { get; } = grey;

    public int RowBytes { get; } = rowBytes;

    /// <summary>The EXIF orientation (1..8), 1 when there is none.</summary>
    public int Orientation { get; } = orientation;

    public ReadOnlySpan<byte> Row(int y) =>
        (_buffer ?? throw new ObjectDisposedException(nameof(JpegPixels))).AsSpan(y * RowBytes, Width * (Grey ? 1 : 4));

    public void Dispose()
    {
        if (_buffer is { } rented)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
