namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// The RGB image of a ground truth, already at the ground truth's size, and OpenCV's 8-bit L*a*b* of it
/// (<c>cv2.cvtColor(img, COLOR_RGB2LAB)</c>): what the camouflage degree reads. Both interleaved, 3 bytes a pixel.
/// </summary>
public sealed class CamouflageImage
{
    /// <exception cref="ArgumentException">A buffer is not <paramref name="width"/> x <paramref name="height"/> x 3 bytes.</exception>
    public CamouflageImage(int width, int height, byte[] rgb, byte[] lab)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(lab);
        var needed = (long)width * height * 3;
        if (rgb.Length != needed || lab.Length != needed)
        {
            throw new ArgumentException($"A {width}x{height} image needs {needed} RGB and Lab bytes.");
        }

        Width = width;
        Height = height;
        Rgb = rgb;
        Lab = lab;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B per pixel, row-major.</summary>
    public byte[] Rgb { get; }

    /// <summary>OpenCV's 8-bit L (L*255/100), a + 128, b + 128 per pixel, row-major.</summary>
    public byte[] Lab { get; }
}
