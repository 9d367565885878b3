namespace CoSod.Benchmarks;

/// <summary>A benchmark image size; its <see cref="ToString"/> is what the summary table shows.</summary>
public sealed record ImageSize(int Width, int Height)
{
    /// <summary>The size PySODMetrics' 51 pairs/s anchor was measured at.</summary>
    public static ImageSize Anchor { get; } = new(400, 300);

    /// <summary>A typical CoSOD dataset image upscaled 2.5x: where per-pixel work dominates.</summary>
    public static ImageSize Large { get; } = new(1000, 750);

    /// <summary>The sizes every benchmark class runs at ([ParamsSource]).</summary>
    public static IEnumerable<ImageSize> All => [Anchor, Large];

    public int PixelCount => Width * Height;

    public override string ToString() => $"{Width}x{Height}";
}
