namespace CoSod.Data.Imaging;

/// <summary>
/// libpng 1.6's gamma-corrected <c>png_do_rgb_to_gray</c>, the path OpenCV's <c>IMREAD_GRAYSCALE</c> takes for a
/// colour PNG whose gAMA (or sRGB) chunk declares a gamma other than 1.0: libpng then assumes the screen gamma
/// is the file's reciprocal, builds its gamma tables (png.c, floating-point arithmetic as Debian builds it),
/// converts each non-grey pixel to linear light, weights it with the 15-bit coefficients, rounds, and encodes
/// the result back. Pixels with R = G = B pass through the file-to-screen table, which is the identity here
/// for 8-bit samples and the 16-to-8 rounding table for 16-bit ones (before OpenCV's strip_16 keeps the high
/// byte). Everything is reproduced table for table, so the result is exact.
/// </summary>
internal sealed class LibPngGamma
{
    private const int FixedOne = 100_000;
    private const int RedCoefficient = 29900 * 32768 / 100000;
    private const int GreenCoefficient = 58700 * 32768 / 100000;
    private const int BlueCoefficient = 32768 - RedCoefficient - GreenCoefficient;

    // 8-bit tables.
    private readonly byte[]? _table;
    private readonly byte[]? _toLinear;
    private readonly byte[]? _fromLinear;

    // 16-bit tables, flattened from libpng's table[low bits >> shift][high byte].
    private readonly int _shift;
    private readonly ushort[]? _table16;
    private readonly ushort[]? _toLinear16;
    private readonly ushort[]? _fromLinear16;

    private LibPngGamma(int fileGamma, int screenGamma, int bitDepth, int significantBits)
    {
        if (bitDepth <= 8)
        {
            _table = Build8(Reciprocal2(fileGamma, screenGamma));
            _toLinear = Build8(Reciprocal(fileGamma));
            _fromLinear = Build8(Reciprocal(screenGamma));
            return;
        }

        // PNG_16_TO_8 is set (OpenCV's png_set_strip_16), so at least PNG_MAX_GAMMA_8 = 11 bits are dropped to 11.
        var shift = significantBits is > 0 and < 16 ? 16 - significantBits : 0;
        _shift = Math.Min(Math.Max(shift, 16 - 11), 8);
        _table16 = Build16To8(_shift, Product2(fileGamma, screenGamma));
        _toLinear16 = Build16(_shift, Reciprocal(fileGamma));
        _fromLinear16 = Build16(_shift, Reciprocal(screenGamma));
    }

    /// <summary>
    /// The tables libpng would use for this colour PNG under OpenCV's reading, or null when libpng takes the
    /// plain (truncating) path because neither the file gamma nor the implied screen gamma is significant.
    /// </summary>
    public static LibPngGamma? For(Png.PngHeader header)
    {
        if (header.FileGamma == 0)
        {
            return null; // neither set: libpng assumes 1.0 for both
        }

        var screen = Reciprocal(header.FileGamma);
        return Significant(header.FileGamma) || Significant(screen)
            ? new LibPngGamma(header.FileGamma, screen, header.BitDepth, header.SignificantBits)
            : null;
    }

    public byte Grey(byte r, byte g, byte b)
    {
        if (r == g && g == b)
        {
            return _table![r];
        }

        var linear = (RedCoefficient * _toLinear![r]) + (GreenCoefficient * _toLinear[g]) + (BlueCoefficient * _toLinear[b]);
        return _fromLinear![(linear + 16384) >> 15];
    }

    /// <summary>The 16-bit conversion followed by OpenCV's strip_16 (high byte).</summary>
    public byte Grey16(ushort r, ushort g, ushort b)
    {
        ushort w;
        if (r == g && g == b)
        {
            w = _table16![Index(r)];
        }
        else
        {
            long linear = ((long)RedCoefficient * _toLinear16![Index(r)])
                + ((long)GreenCoefficient * _toLinear16[Index(g)])
                + ((long)BlueCoefficient * _toLinear16[Index(b)]);
            var grey16 = (ushort)((linear + 16384) >> 15);
            w = _fromLinear16![Index(grey16)];
        }

        return (byte)(w >> 8);
    }

    /// <summary>png_gamma_significant: outside 1.0 +- PNG_GAMMA_THRESHOLD (0.05).</summary>
    internal static bool Significant(long gamma) => gamma < FixedOne - 5000 || gamma > FixedOne + 5000;

    /// <summary>png_muldiv (floating-point build): a * times / divisor, rounded; long.MaxValue on overflow.</summary>
    internal static long MulDiv(long a, long times, long divisor)
    {
        if (a == 0 || times == 0)
        {
            return 0;
        }

        double r = a;
        r *= times;
        r /= divisor;
        r = Math.Floor(r + .5);
        return r is <= int.MaxValue and >= int.MinValue ? (long)r : long.MaxValue;
    }

    private int Index(ushort v) => (((v & 0xFF) >> _shift) << 8) | (v >> 8);

    private static int Reciprocal(int a) => (int)Math.Floor((1E10 / a) + .5);

    private static int Reciprocal2(int a, int b)
    {
        var r = 1E15 / a;
        r /= b;
        return (int)Math.Floor(r + .5);
    }

    private static int Product2(int a, int b)
    {
        var r = a * 1E-5;
        r *= b;
        return (int)Math.Floor(r + .5);
    }

    private static byte[] Build8(int gamma)
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = Significant(gamma) && i is > 0 and < 255
                ? (byte)Math.Floor((255 * Math.Pow(i / 255.0, gamma * .00001)) + .5)
                : (byte)i;
        }

        return table;
    }

    private static ushort Correct16(uint value, int gamma) =>
        value is > 0 and < 65535 ? (ushort)Math.Floor((65535 * Math.Pow((int)value / 65535.0, gamma * .00001)) + .5) : (ushort)value;

    /// <summary>png_build_16bit_table, flattened so that entry [(low >> shift) * 256 + high] is table[low >> shift][high].</summary>
    private static ushort[] Build16(int shift, int gamma)
    {
        var num = 1 << (8 - shift);
        var fmax = 1.0 / ((1 << (16 - shift)) - 1);
        var max = (uint)(1 << (16 - shift)) - 1;
        var maxBy2 = 1U << (15 - shift);
        var table = new ushort[num * 256];
        for (var i = 0; i < num; i++)
        {
            for (var j = 0; j < 256; j++)
            {
                var ig = (uint)((j << (8 - shift)) + i);
                if (Significant(gamma))
                {
                    table[(i << 8) | j] = (ushort)Math.Floor((65535.0 * Math.Pow(ig * fmax, gamma * .00001)) + .5);
                }
                else
                {
                    table[(i << 8) | j] = (ushort)(shift != 0 ? ((ig * 65535U) + maxBy2) / max : ig);
                }
            }
        }

        return table;
    }

    /// <summary>png_build_16to8_table: each input gets the 8-bit output (times 257) whose boundary it lies under.</summary>
    private static ushort[] Build16To8(int shift, int gamma)
    {
        var num = 1U << (8 - shift);
        var max = (1U << (16 - shift)) - 1U;
        var table = new ushort[num * 256];
        uint last = 0;
        for (uint i = 0; i < 255; i++)
        {
            var output = (ushort)(i * 257U);
            uint bound = Correct16(output + 128U, gamma);
            bound = ((bound * max) + 32768U) / 65535U + 1U;
            for (; last < bound; last++)
            {
                table[((last & (0xFFU >> shift)) << 8) | (last >> (8 - shift))] = output;
            }
        }

        for (; last < (num << 8); last++)
        {
            table[((last & (0xFFU >> shift)) << 8) | (last >> (8 - shift))] = 65535;
        }

        return table;
    }
}
