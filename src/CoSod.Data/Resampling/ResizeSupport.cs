using System.Collections.Concurrent;
using CoSod.Metrics;

namespace CoSod.Data.Resampling;

/// <summary>A resampler's span entry point: source and destination row-major, sizes given.</summary>
internal delegate void ByteResize(
    ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> destination, int destinationWidth, int destinationHeight);

/// <summary>Argument checks every resampler shares, with messages that name both sizes.</summary>
internal static class ResizeArguments
{
    /// <summary>The GreyMap overload every resampler offers: validate, allocate the target, resize into it.</summary>
    public static GreyMap IntoNewMap(
        GreyMap source, int destinationWidth, int destinationHeight, ByteResize resize, long intermediatePixels = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        Validate(source.PixelCount, source.Width, source.Height, null, destinationWidth, destinationHeight, intermediatePixels);
        var pixels = new byte[destinationWidth * destinationHeight];
        resize(source.Pixels, source.Width, source.Height, pixels, destinationWidth, destinationHeight);
        return new GreyMap(destinationWidth, destinationHeight, pixels);
    }

    /// <param name="sourceLength">Pixels supplied for the source.</param>
    /// <param name="sourceWidth">Source width.</param>
    /// <param name="sourceHeight">Source height.</param>
    /// <param name="destinationLength">Pixels supplied for the destination, or null when the resampler allocates it.</param>
    /// <param name="destinationWidth">Destination width.</param>
    /// <param name="destinationHeight">Destination height.</param>
    /// <param name="intermediatePixels">Size of an intermediate buffer the resampler needs, if any.</param>
    /// <param name="channels">Interleaved bytes per pixel: the lengths are checked against pixels times this.</param>
    public static void Validate(
        int sourceLength, int sourceWidth, int sourceHeight, int? destinationLength, int destinationWidth,
        int destinationHeight, long intermediatePixels = 0, int channels = 1)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0 || destinationWidth <= 0 || destinationHeight <= 0)
        {
            throw new ArgumentException(
                $"Cannot resize {sourceWidth}x{sourceHeight} to {destinationWidth}x{destinationHeight}: "
                + "every width and height must be positive.");
        }

        var sourcePixels = (long)sourceWidth * sourceHeight * channels;
        var destinationPixels = (long)destinationWidth * destinationHeight * channels;
        if (destinationPixels > Array.MaxLength || intermediatePixels * channels > Array.MaxLength)
        {
            throw new ArgumentException(
                $"Resizing {sourceWidth}x{sourceHeight} to {destinationWidth}x{destinationHeight} needs more pixels "
                + "than an array can hold.",
                nameof(destinationWidth));
        }

        // Grey callers count pixels; interleaved ones count bytes, and say how many make a pixel.
        var unit = channels == 1 ? "pixels" : $"bytes ({channels} per pixel)";
        if (sourceLength != sourcePixels)
        {
            throw new ArgumentException(
                $"A {sourceWidth}x{sourceHeight} source needs {sourcePixels} {unit}, got {sourceLength}.", "source");
        }

        if (destinationLength is { } length && length != destinationPixels)
        {
            throw new ArgumentException(
                $"A {destinationWidth}x{destinationHeight} destination needs {destinationPixels} {unit}, got {length}.",
                "destination");
        }
    }
}

/// <summary>
/// Coefficient plans per size pair, built once and shared by threads. Plans are immutable, so a plan built
/// twice by racing threads is merely wasted work; the cache is emptied rather than grown past a bound.
/// </summary>
internal sealed class PlanCache<TKey, TPlan>(Func<TKey, TPlan> build, int capacity = 256)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TPlan> _plans = new();

    public TPlan Get(TKey key)
    {
        if (_plans.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_plans.Count >= capacity)
        {
            _plans.Clear();
        }

        return _plans.GetOrAdd(key, build);
    }
}
