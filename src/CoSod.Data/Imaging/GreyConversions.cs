namespace CoSod.Data.Imaging;

/// <summary>The toolboxes' colour-to-grey formulas, each exactly as its library computes it.</summary>
internal static class GreyConversions
{
    // 0.299 and 0.587 as libpng's png_fixed (x 100000), scaled to 2^15 by truncating division; blue takes the rest.
    private const int LibPngRed = 29900 * 32768 / 100000;
    private const int LibPngGreen = 58700 * 32768 / 100000;
    private const int LibPngBlue = 32768 - LibPngRed - LibPngGreen;

    /// <summary>libpng <c>png_set_rgb_to_gray(png, 1, 0.299, 0.587)</c>: 15-bit coefficients, truncated.</summary>
    public static byte LibPngGrey(byte r, byte g, byte b) =>
        r == g && g == b ? r : (byte)(((LibPngRed * r) + (LibPngGreen * g) + (LibPngBlue * b)) >> 15);

    /// <summary>The same at 16 bits (rounded, as libpng's 16-bit path does).</summary>
    public static ushort LibPngGrey16(ushort r, ushort g, ushort b) =>
        r == g && g == b ? r : (ushort)(((LibPngRed * (long)r) + (LibPngGreen * (long)g) + (LibPngBlue * (long)b) + 16384) >> 15);

    /// <summary>OpenCV's icvCvt_BGR2Gray_8u: 14-bit coefficients, rounded.</summary>
    public static byte OpenCvGrey(int r, int g, int b) => (byte)(((b * 1868) + (g * 9617) + (r * 4899) + 8192) >> 14);

    /// <summary>Pillow's L = R 299/1000 + G 587/1000 + B 114/1000 in 16-bit fixed point, rounded.</summary>
    public static byte PilLuma(byte r, byte g, byte b) => (byte)(((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16);
}
