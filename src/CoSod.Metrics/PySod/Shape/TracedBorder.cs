namespace CoSod.Metrics.PySod.Shape;

/// <summary>One border <see cref="ContourTracer"/> found: its pixels, and what the parent search and the tree need of it.</summary>
internal sealed class TracedBorder
{
    public required PixelPoint[] Points { get; init; }

    public required bool IsHole { get; init; }

    /// <summary>Start pixel in framed coordinates.</summary>
    public required int OriginX { get; init; }

    public required int OriginY { get; init; }

    /// <summary>Bounding box in framed coordinates (left, top inclusive; width, height).</summary>
    public required int Left { get; init; }

    public required int Top { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int Parent { get; init; }

    /// <summary>The next older border with the same label.</summary>
    public int NextWithLabel { get; set; } = -1;
}
