namespace CoSod.Data.Imaging;

/// <summary>
/// Caps applied before any pixel is decoded, so a decompression bomb costs milliseconds, not gigabytes; and what to
/// do with data the reference reader decodes only as corrupt.
/// </summary>
public sealed record ImageLimits(long MaxPixels, long MaxFileBytes)
{
    /// <summary>
    /// 100 megapixels: ten times the largest image of any CoSOD benchmark; a 100-megapixel map is 100 MB once decoded.
    /// </summary>
    public static ImageLimits Default { get; } = new(100_000_000, 512L * 1024 * 1024);

    /// <summary>
    /// False (the default): a file whose data is corrupt (libjpeg's "Corrupt JPEG data", a zlib stream that fails its
    /// Adler-32 check or ends early, a palette index past the PLTE) is refused, even where the reference reader
    /// decodes it with no more than a warning. True: it is decoded exactly as the reference reader decodes it, and
    /// recorded in <see cref="CorruptFiles"/> when that is set.
    /// </summary>
    public bool AcceptCorrupt { get; init; }

    /// <summary>Where files decoded under <see cref="AcceptCorrupt"/> are recorded; null: nowhere.</summary>
    public CorruptFileLog? CorruptFiles { get; init; }
}
