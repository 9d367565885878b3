namespace CoSod.Data.Imaging;

/// <summary>
/// An 8-bit RGB image, row-major with the channels interleaved (R, G, B, R, G, B, ...), as a PIL image in mode
/// "RGB" is laid out when numpy reads it: <c>np.asarray(img)</c> of shape H x W x 3.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Bytes per pixel.</summary>
    public const int Channels = 3;

    /// <exception cref="ArgumentException">A size is not positive, or the pixel array is not W x H x 3 bytes.</exception>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        var needed = (long)width * height * Channels;
        if (pixels.Length != needed)
        {
            throw new ArgumentException(
                $"A {width}x{height} RGB image needs {needed} bytes (3 per pixel), got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Interleaved R, G, B bytes; the pixel at (x, y) starts at (y * Width + x) * 3.</summary>
    public byte[] Pixels { get; }

    public int PixelCount => Width * Height;

    public override string ToString() => $"{Width}x{Height} RGB";
}
