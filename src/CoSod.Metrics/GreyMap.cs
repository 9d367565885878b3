namespace CoSod.Metrics;

/// <summary>
/// An 8-bit single-channel image, row-major, as every reference toolbox holds a map or a mask after reading.
/// </summary>
public sealed class GreyMap
{
    public GreyMap(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height))
        {
            throw new ArgumentException(
                $"A {width}x{height} map needs {width * height} pixels, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixels; index = row * Width + column.</summary>
    public byte[] Pixels { get; }

    public int PixelCount => Pixels.Length;

    public bool SameSizeAs(GreyMap other) => Width == other.Width && Height == other.Height;

    public override string ToString() => $"{Width}x{Height}";
}
