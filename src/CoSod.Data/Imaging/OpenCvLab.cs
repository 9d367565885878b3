namespace CoSod.Data.Imaging;

/// <summary>
/// OpenCV 4.6's <c>cvtColor(img, COLOR_RGB2LAB)</c> on 8-bit RGB, bit for bit: the fixed-point path of
/// imgproc/src/color_lab.cpp (<c>RGB2Lab_b</c>), L scaled to 0..255, a and b offset by 128. PySODMetrics' camouflage
/// context measure matches Lab patches of these bytes.
/// </summary>
/// <remarks>
/// Each channel goes through a 256-entry sRGB gamma table (2040 x decoded value, rounded), a 12-bit fixed-point
/// matrix (sRGB to XYZ divided by OpenCV's D65 white point, rounded) with a rounding shift, then a 3072-entry cube-root
/// table (32768 x f(t), rounded); L, a and b follow by integer arithmetic with rounding shifts and saturation. OpenCV
/// builds the tables once with its software float (IEEE single and double, correctly rounded operations); the same
/// operations in hardware float give the same tables (verified on all 2^24 colours against Debian's python3-opencv
/// 4.6.0). Its SIMD path computes exactly the scalar formula.
/// </remarks>
public static class OpenCvLab
{
    private const int LabShift = 12;
    private const int GammaShift = 3;
    private const int LabShift2 = LabShift + GammaShift;
    private const int CubeRootTableSize = 256 * 3 / 2 * (1 << GammaShift);

    // color_lab.cpp sRGB2XYZ_D65 (raw doubles 0x3fda65a14488c60d ...) and the D65 white point it divides by.
    private static readonly double[] RgbToXyz =
    [
        0.412453, 0.357580, 0.180423,
        0.212671, 0.715160, 0.072169,
        0.019334, 0.119193, 0.950227,
    ];

    private static readonly double[] WhitePoint = [0.950456, 1.0, 1.088754];

    private static readonly Lazy<Tables> Shared = new(Tables.Build);

    /// <summary>The Lab bytes of interleaved RGB bytes (3 per pixel), into <paramref name="lab"/> (same length).</summary>
    /// <exception cref="ArgumentException">The lengths differ or are not a multiple of 3.</exception>
    public static void Convert(ReadOnlySpan<byte> rgb, Span<byte> lab)
    {
        if (rgb.Length != lab.Length || rgb.Length % 3 != 0)
        {
            throw new ArgumentException($"RGB and Lab buffers must have the same length, a multiple of 3 (got {rgb.Length} and {lab.Length}).");
        }

        var tables = Shared.Value;
        var gamma = tables.Gamma;
        var cubeRoot = tables.CubeRoot;
        var c = tables.Coefficients;
        const int lScale = ((116 * 255) + 50) / 100;
        const int lShift = -(((16 * 255 * (1 << LabShift2)) + 50) / 100);
        const int xyzRound = 1 << (LabShift - 1);
        const int labRound = 1 << (LabShift2 - 1);
        const int abOffset = 128 * (1 << LabShift2);
        for (var i = 0; i < rgb.Length; i += 3)
        {
            int r = gamma[rgb[i]], g = gamma[rgb[i + 1]], b = gamma[rgb[i + 2]];
            int fx = cubeRoot[((r * c[0]) + (g * c[1]) + (b * c[2]) + xyzRound) >> LabShift];
            int fy = cubeRoot[((r * c[3]) + (g * c[4]) + (b * c[5]) + xyzRound) >> LabShift];
            int fz = cubeRoot[((r * c[6]) + (g * c[7]) + (b * c[8]) + xyzRound) >> LabShift];
            lab[i] = Saturate(((lScale * fy) + lShift + labRound) >> LabShift2);
            lab[i + 1] = Saturate(((500 * (fx - fy)) + abOffset + labRound) >> LabShift2);
            lab[i + 2] = Saturate(((200 * (fy - fz)) + abOffset + labRound) >> LabShift2);
        }
    }

    /// <summary>The Lab image of an RGB image.</summary>
    public static byte[] Convert(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var lab = new byte[image.Pixels.Length];
        Convert(image.Pixels, lab);
        return lab;
    }

    private static byte Saturate(int value) => (byte)Math.Clamp(value, 0, 255);

    private sealed record Tables(ushort[] Gamma, ushort[] CubeRoot, int[] Coefficients)
    {
        public static Tables Build()
        {
            // applyGamma in double, its result rounded to float, times 2040 in float, rounded half to even.
            var gamma = new ushort[256];
            const double threshold = 809.0 / 20000.0;
            const double lowScale = 323.0 / 25.0;
            const double power = 12.0 / 5.0;
            const double shift = 11.0 / 200.0;
            for (var i = 0; i < 256; i++)
            {
                double x = i / 255f;
                var decoded = (float)(x <= threshold ? x / lowScale : Math.Pow((x + shift) / (1.0 + shift), power));
                gamma[i] = (ushort)RoundHalfEven(2040f * decoded);
            }

            var coefficients = new int[9];
            for (var row = 0; row < 3; row++)
            {
                for (var column = 0; column < 3; column++)
                {
                    coefficients[(row * 3) + column] = (int)Math.Round(4096.0 * RgbToXyz[(row * 3) + column] / WhitePoint[row], MidpointRounding.ToEven);
                }
            }

            // f(t) = cbrt(t) above (6/29)^3, else 841/108 t + 16/116 (fused), at t = i / 2040 in float; times 32768.
            var cubeRoot = new ushort[CubeRootTableSize];
            var scale = 1f / (255f * (1 << GammaShift));
            var lowThreshold = 216f / 24389f;
            var slope = 841f / 108f;
            var bias = 16f / 116f;
            for (var i = 0; i < cubeRoot.Length; i++)
            {
                var t = scale * i;
                var f = t < lowThreshold ? MathF.FusedMultiplyAdd(t, slope, bias) : SoftFloatCubeRoot(t);
                cubeRoot[i] = (ushort)RoundHalfEven(32768f * f);
            }

            return new Tables(gamma, cubeRoot, coefficients);
        }

        private static int RoundHalfEven(float value) => (int)MathF.Round(value, MidpointRounding.ToEven);

        /// <summary>
        /// OpenCV's software-float cube root (core/src/softfloat.cpp <c>f32_cbrt</c>, Ken Turkowski's method): the
        /// mantissa scaled into [1/8, 1) by an exponent step of 3, a quartic-over-quartic rational fit evaluated in
        /// double, and the fit's mantissa bits truncated (not rounded) to float. It is not correctly rounded: one
        /// table entry in a few differs from a rounded cube root, which moves L by one.
        /// </summary>
        private static float SoftFloatCubeRoot(float x)
        {
            var bits = BitConverter.SingleToUInt32Bits(x);
            if (x == 0f)
            {
                return 0f;
            }

            var exponent = (int)((bits >> 23) & 0xFF) - 127;
            var shift = exponent % 3;
            shift -= shift >= 0 ? 3 : 0;
            exponent = ((exponent - shift) / 3) - 1;
            var fraction = BitConverter.UInt64BitsToDouble(((ulong)(shift + 1023) << 52) | ((ulong)(bits & 0x7FFFFF) << 29));
            var numerator = ((((FitA1 * fraction) + FitA2) * fraction + FitA3) * fraction + FitA4) * fraction + FitA5;
            var denominator = ((((FitA6 * fraction) + FitA7) * fraction + FitA8) * fraction + FitA9) * fraction + 1.0;
            var root = numerator / denominator;
            var mantissa = (uint)((BitConverter.DoubleToUInt64Bits(root) & 0xFFFFFFFFFFFFFUL) >> 29);
            return BitConverter.UInt32BitsToSingle((bits & 0x80000000u) | ((uint)(exponent + 127) << 23) | mantissa);
        }

        // The fit's coefficients as OpenCV stores them (raw doubles).
        private static readonly double FitA1 = BitConverter.UInt64BitsToDouble(0x4046a09e6653ba70);
        private static readonly double FitA2 = BitConverter.UInt64BitsToDouble(0x406808f46c6116e0);
        private static readonly double FitA3 = BitConverter.UInt64BitsToDouble(0x405dca97439cae14);
        private static readonly double FitA4 = BitConverter.UInt64BitsToDouble(0x402add70d2827500);
        private static readonly double FitA5 = BitConverter.UInt64BitsToDouble(0x3fc4f15f83f55d2d);
        private static readonly double FitA6 = BitConverter.UInt64BitsToDouble(0x402d9e20660edb21);
        private static readonly double FitA7 = BitConverter.UInt64BitsToDouble(0x4062ff15c0285815);
        private static readonly double FitA8 = BitConverter.UInt64BitsToDouble(0x406510d06a8112ce);
        private static readonly double FitA9 = BitConverter.UInt64BitsToDouble(0x4040fecbc9e2c375);
    }
}
