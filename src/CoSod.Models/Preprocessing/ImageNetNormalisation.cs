using CoSod.Data.Imaging;

namespace CoSod.Models.Preprocessing;

/// <summary>
/// torchvision's <c>ToTensor()</c> then <c>Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])</c> of an
/// 8-bit RGB image, bit for bit: the result is the float32 [3, H, W] tensor (channel planes, each row-major) the
/// official test scripts feed their models.
/// </summary>
/// <remarks>
/// ToTensor computes <c>img.float().div(255)</c> and Normalize <c>tensor.sub_(mean).div_(std)</c> with mean and std
/// made float32 tensors, so every step is one IEEE single-precision operation, rounded to nearest: (float)u / 255f,
/// then minus mean_c, then divided by std_c (a true division, not a multiplication by 1 / std). Since the result
/// depends only on the byte and the channel, it is computed once per (channel, byte) into a 768-entry table, and an
/// image is a table lookup per byte.
/// </remarks>
public static class ImageNetNormalisation
{
    /// <summary>Bytes per pixel of the input, planes of the output.</summary>
    public const int Channels = RgbImage.Channels;

    // ToTensor's divisor: uint8 to [0, 1].
    private const float ByteScale = 255f;

    // The table: ImageNet's per-channel value for every byte, channel after channel.
    private static readonly float[] Table = BuildTable();

    /// <summary>
    /// torchvision's ImageNet means as the scripts pass them: Python doubles that <c>torch.as_tensor(mean,
    /// dtype=torch.float32)</c> rounds to the nearest float (written as casts of the doubles to say so).
    /// </summary>
    public static ReadOnlySpan<float> Mean => [(float)0.485, (float)0.456, (float)0.406];

    /// <summary>torchvision's ImageNet standard deviations, rounded to float32 the same way.</summary>
    public static ReadOnlySpan<float> Std => [(float)0.229, (float)0.224, (float)0.225];

    /// <summary>The float32 value one byte of channel <paramref name="channel"/> (0 = R, 1 = G, 2 = B) becomes.</summary>
    public static float Normalise(byte value, int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return Table[(channel << 8) + value];
    }

    /// <summary>Returns the [3, H, W] float32 model input of <paramref name="image"/>.</summary>
    public static float[] ToChw(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var chw = new float[Channels * image.PixelCount];
        ToChw(image.Pixels, image.Width, image.Height, chw);
        return chw;
    }

    /// <summary>
    /// Writes the [3, H, W] float32 model input of an interleaved RGB image into <paramref name="destination"/>
    /// (for instance one image's slice of a batch buffer).
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a span length does not match the size.</exception>
    public static void ToChw(ReadOnlySpan<byte> rgb, int width, int height, Span<float> destination)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"Cannot normalise a {width}x{height} image: the width and height must be positive.");
        }

        var plane = (long)width * height;
        if (rgb.Length != plane * Channels)
        {
            throw new ArgumentException(
                $"A {width}x{height} RGB image needs {plane * Channels} bytes (3 per pixel), got {rgb.Length}.", nameof(rgb));
        }

        if (destination.Length != plane * Channels)
        {
            throw new ArgumentException(
                $"A {width}x{height} model input needs {plane * Channels} floats ([3, {height}, {width}]), got {destination.Length}.",
                nameof(destination));
        }

        var red = destination[..(int)plane];
        var green = destination.Slice((int)plane, (int)plane);
        var blue = destination.Slice(2 * (int)plane, (int)plane);
        ReadOnlySpan<float> redTable = Table.AsSpan(0, 256);
        ReadOnlySpan<float> greenTable = Table.AsSpan(256, 256);
        ReadOnlySpan<float> blueTable = Table.AsSpan(512, 256);
        for (int i = 0, s = 0; i < red.Length; i++, s += Channels)
        {
            red[i] = redTable[rgb[s]];
            green[i] = greenTable[rgb[s + 1]];
            blue[i] = blueTable[rgb[s + 2]];
        }
    }

    /// <summary>The scalar expression, one float32 operation at a time, for every (channel, byte).</summary>
    private static float[] BuildTable()
    {
        var table = new float[Channels * 256];
        var mean = Mean;
        var std = Std;
        for (var channel = 0; channel < Channels; channel++)
        {
            for (var value = 0; value < 256; value++)
            {
                float unit = value / ByteScale;
                float centred = unit - mean[channel];
                table[(channel << 8) + value] = centred / std[channel];
            }
        }

        return table;
    }
}
