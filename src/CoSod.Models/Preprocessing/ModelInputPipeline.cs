using System.Buffers;
using CoSod.Data.Imaging;
using CoSod.Data.Resampling;

namespace CoSod.Models.Preprocessing;

/// <summary>One image's model input and the size the prediction is resized back to.</summary>
/// <param name="Values">The float32 [3, Size, Size] input, channel planes, each row-major.</param>
/// <param name="Size">S, the side of the square input.</param>
/// <param name="OriginalHeight">The decoded image's height (the scripts' <c>ori_size[0]</c>).</param>
/// <param name="OriginalWidth">The decoded image's width (<c>ori_size[1]</c>).</param>
public sealed record ModelInput(float[] Values, int Size, int OriginalHeight, int OriginalWidth);

/// <summary>
/// The official test loaders' pre-processing of one file (models-spec.md, section 0.1):
/// <c>Image.open(p).convert('RGB')</c> (<see cref="RgbImageReader"/>), a resize to S x S with Pillow's BILINEAR
/// (<see cref="PilBilinearResize"/>), then ToTensor and Normalize (<see cref="ImageNetNormalisation"/>). Bit-exact with
/// Pillow 9.4 on libjpeg-turbo and float32 torch. Stateless, so one instance can serve parallel loaders.
/// </summary>
public sealed class ModelInputPipeline
{
    /// <summary>GCoNet+: <c>gco.sh</c> trains and tests with <c>--size 256</c> (the argparse default of 224 is overridden).</summary>
    public const int GcoNetPlusSize = 256;

    /// <summary>GCoNet: <c>test.py</c> resizes to 224.</summary>
    public const int GcoNetSize = 224;

    /// <summary>GICD: <c>test.py</c> resizes to 224.</summary>
    public const int GicdSize = 224;

    private readonly ImageLimits _limits;

    /// <param name="size">S, the side of the square model input.</param>
    /// <param name="limits">Caps applied to every file before decoding; <see cref="ImageLimits.Default"/> when null.</param>
    public ModelInputPipeline(int size, ImageLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        _limits = limits ?? ImageLimits.Default;
    }

    public int Size { get; }

    /// <summary>Floats in one model input: 3 x S x S.</summary>
    public int InputLength => ImageNetNormalisation.Channels * Size * Size;

    /// <summary>Decodes, resizes and normalises one file.</summary>
    /// <exception cref="ImageReadException">The file cannot be read as an image; the message names it.</exception>
    public ModelInput Load(string path)
    {
        var values = new float[InputLength];
        var (height, width) = LoadInto(path, values);
        return new ModelInput(values, Size, height, width);
    }

    /// <summary>
    /// Decodes, resizes and normalises one file into <paramref name="destination"/> (<see cref="InputLength"/>
    /// floats, for instance one image's slice of a group's batch buffer) and returns the original size.
    /// </summary>
    /// <exception cref="ImageReadException">The file cannot be read as an image; the message names it.</exception>
    public (int Height, int Width) LoadInto(string path, Span<float> destination)
    {
        CheckDestination(destination);
        return PrepareInto(RgbImageReader.Read(path, _limits), destination);
    }

    /// <summary>Resizes and normalises an already decoded image into <paramref name="destination"/>.</summary>
    public (int Height, int Width) PrepareInto(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckDestination(destination);
        var length = Size * Size * RgbImage.Channels;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var resized = rented.AsSpan(0, length);
            PilBilinearResize.ResizeRgb(image.Pixels, image.Width, image.Height, resized, Size, Size);
            ImageNetNormalisation.ToChw(resized, Size, Size, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return (image.Height, image.Width);
    }

    private void CheckDestination(Span<float> destination)
    {
        if (destination.Length != InputLength)
        {
            throw new ArgumentException(
                $"A {Size}x{Size} model input needs {InputLength} floats ([3, {Size}, {Size}]), got {destination.Length}.",
                nameof(destination));
        }
    }
}
