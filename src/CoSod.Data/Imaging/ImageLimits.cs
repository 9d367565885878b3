namespace CoSod.Data.Imaging;

/// <summary>Caps applied before any pixel is decoded, so a decompression bomb costs milliseconds, not gigabytes.</summary>
public sealed record ImageLimits(long MaxPixels, long MaxFileBytes)
{
    /// <summary>
    /// 100 megapixels: ten times the largest image of any CoSOD benchmark, and 800 MB of 8-byte pixels at most.
    /// </summary>
    public static ImageLimits Default { get; } = new(100_000_000, 512L * 1024 * 1024);
}
