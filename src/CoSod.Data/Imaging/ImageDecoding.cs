using CoSod.Data.Files;

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
/// The guarantees every image reader shares, in one place: the file size cap and the regular-file check, recognising
/// the container, the pixel cap from the header before any pixel is decoded, the corruption rule (refused unless
/// <see cref="ImageLimits.AcceptCorrupt"/>), and any exception a decoder throws turned into an
/// <see cref="ImageReadException"/> naming the file.
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
    /// True for an exception a decoder threw that is neither ours nor out-of-memory. Use as an exception filter around
    /// a whole decode, with <see cref="DecoderFault"/>, so that a malformed file never takes a run down.
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

        if (Png.PngChunks.HasSignature(data))
        {
            return ImageContainer.Png;
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
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

        var pixels = (UInt128)(ulong)width * (ulong)height;
        if (pixels > (ulong)limits.MaxPixels)
        {
            throw new ImageReadException(
                path,
                $"the image declares {width}x{height} = {pixels} pixels, over the limit of {limits.MaxPixels} "
                + "(a decompression bomb or a wrong file)",
                advice.Oversized);
        }
    }

    /// <summary>OpenCV's validateInputImageSize: sides up to 2^20, at most 2^30 pixels (else cv2.imread raises).</summary>
    public static void CheckOpenCvSize(string path, long width, long height, ReadAdvice advice)
    {
        if (width > 1 << 20 || height > 1 << 20 || width * height > 1L << 30)
        {
            throw new ImageReadException(path, $"OpenCV refuses a {width}x{height} image (over its size limits)", advice.Oversized);
        }
    }

    /// <summary>
    /// The rule every profile shares for data the reference reader decodes only as corrupt: refused, unless
    /// <see cref="ImageLimits.AcceptCorrupt"/>, in which case the caller goes on to decode it as
    /// <paramref name="reader"/> does and the file is recorded.
    /// </summary>
    public static void CorruptData(string path, string problem, string reader, ImageLimits limits, ReadAdvice advice)
    {
        if (!limits.AcceptCorrupt)
        {
            throw new ImageReadException(
                path,
                problem + "; scoring it would score garbage",
                advice.Replace + $" (cosod eval --accept-corrupt scores it as {reader} decodes it)");
        }

        limits.CorruptFiles?.Add(path, $"{problem}; scored as {reader} decodes it");
    }
}
