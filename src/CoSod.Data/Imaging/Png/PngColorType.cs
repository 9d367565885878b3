namespace CoSod.Data.Imaging;

/// <summary>PNG colour types (PNG specification, IHDR).</summary>
public enum PngColorType : byte
{
    Grey = 0,
    Rgb = 2,
    Palette = 3,
    GreyAlpha = 4,
    Rgba = 6,
}
