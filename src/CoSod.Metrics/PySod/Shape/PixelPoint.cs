namespace CoSod.Metrics.PySod.Shape;

/// <summary>A pixel position: column <see cref="X"/>, row <see cref="Y"/>.</summary>
public readonly record struct PixelPoint(int X, int Y);
