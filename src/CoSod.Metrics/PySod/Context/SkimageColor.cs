namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// scikit-image 0.19.3's <c>rgb2lab</c> (sRGB, D65, 2-degree observer) of 8-bit RGB and its
/// <c>deltaE_ciede2000</c> (kL = kC = kH = 1), in float64 with numpy's operation order: what the camouflage degree
/// uses to compare a reconstructed pixel with the original.
/// </summary>
internal static class SkimageColor
{
    // skimage.color.colorconv.xyz_from_rgb and the D65 2-degree white point.
    private const double M00 = 0.412453, M01 = 0.357580, M02 = 0.180423;
    private const double M10 = 0.212671, M11 = 0.715160, M12 = 0.072169;
    private const double M20 = 0.019334, M21 = 0.119193, M22 = 0.950227;
    private const double WhiteX = 0.95047, WhiteY = 1.0, WhiteZ = 1.08883;

    /// <summary>sRGB decoding of each 8-bit value: img_as_float64 (u * (1/255)) then the piecewise gamma.</summary>
    private static readonly double[] Linear = BuildLinear();

    private static readonly double Pi = Math.PI;

    /// <summary>L*, a*, b* of one 8-bit RGB pixel.</summary>
    public static (double L, double A, double B) Lab(byte r, byte g, byte b)
    {
        double lr = Linear[r], lg = Linear[g], lb = Linear[b];
        var x = ((lr * M00) + (lg * M01)) + (lb * M02);
        var y = ((lr * M10) + (lg * M11)) + (lb * M12);
        var z = ((lr * M20) + (lg * M21)) + (lb * M22);
        var fx = F(x / WhiteX);
        var fy = F(y / WhiteY);
        var fz = F(z / WhiteZ);
        return ((116.0 * fy) - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz));
    }

    /// <summary>CIEDE2000 colour difference, term by term as scikit-image computes it.</summary>
    public static double DeltaE2000((double L, double A, double B) first, (double L, double A, double B) second)
    {
        var (l1, a1, b1) = first;
        var (l2, a2, b2) = second;
        var cbar = 0.5 * (Hypot(a1, b1) + Hypot(a2, b2));
        var c7 = Math.Pow(cbar, 7);
        var g = 0.5 * (1 - Math.Sqrt(c7 / (c7 + 6103515625.0)));
        var scale = 1 + g;
        var (chroma1, hue1) = Polar(a1 * scale, b1);
        var (chroma2, hue2) = Polar(a2 * scale, b2);

        var lbar = 0.5 * (l1 + l2);
        var tmp = (lbar - 50) * (lbar - 50);
        var sl = 1 + (0.015 * tmp / Math.Sqrt(20 + tmp));
        var lTerm = (l2 - l1) / (1 * sl);

        cbar = 0.5 * (chroma1 + chroma2);
        var sc = 1 + (0.045 * cbar);
        var cTerm = (chroma2 - chroma1) / (1 * sc);

        var hDiff = hue2 - hue1;
        var hSum = hue1 + hue2;
        var cc = chroma1 * chroma2;
        var dH = hDiff;
        if (hDiff > Pi)
        {
            dH -= 2 * Pi;
        }

        if (hDiff < -Pi)
        {
            dH += 2 * Pi;
        }

        if (cc == 0.0)
        {
            dH = 0.0;
        }

        var dHTerm = 2 * Math.Sqrt(cc) * Math.Sin(dH / 2);

        var hbar = hSum;
        if (cc != 0.0 && Math.Abs(hDiff) > Pi)
        {
            hbar = hSum < 2 * Pi ? hbar + (2 * Pi) : hbar - (2 * Pi);
        }

        if (cc == 0.0)
        {
            hbar *= 2;
        }

        hbar *= 0.5;
        var t = 1
            - (0.17 * Math.Cos(hbar - Deg2Rad(30)))
            + (0.24 * Math.Cos(2 * hbar))
            + (0.32 * Math.Cos((3 * hbar) + Deg2Rad(6)))
            - (0.20 * Math.Cos((4 * hbar) - Deg2Rad(63)));
        var sh = 1 + (0.015 * cbar * t);
        var hTerm = dHTerm / (1 * sh);

        c7 = Math.Pow(cbar, 7);
        var rc = 2 * Math.Sqrt(c7 / (c7 + 6103515625.0));
        var rotation = (Rad2Deg(hbar) - 275) / 25;
        var dTheta = Deg2Rad(30) * Math.Exp(-(rotation * rotation));
        var rTerm = -Math.Sin(2 * dTheta) * rc * cTerm * hTerm;

        var dE2 = lTerm * lTerm;
        dE2 += cTerm * cTerm;
        dE2 += hTerm * hTerm;
        dE2 += rTerm;
        return Math.Sqrt(Math.Max(dE2, 0));
    }

    private static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : (7.787 * t) + (16.0 / 116.0);

    private static (double R, double Theta) Polar(double x, double y)
    {
        var theta = Math.Atan2(y, x);
        theta += theta < 0.0 ? 2 * Pi : 0;
        return (Hypot(x, y), theta);
    }

    // numpy's hypot is C's hypot (correctly scaled, not sqrt(x*x + y*y)).
    private static double Hypot(double x, double y) => double.Hypot(x, y);

    // numpy's deg2rad / rad2deg multiply by the constant ratio.
    private static double Deg2Rad(double degrees) => degrees * (Pi / 180.0);

    private static double Rad2Deg(double radians) => radians * (180.0 / Pi);

    private static double[] BuildLinear()
    {
        var table = new double[256];
        for (var u = 0; u < 256; u++)
        {
            var v = u * (1.0 / 255);
            table[u] = v > 0.04045 ? Math.Pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
        }

        return table;
    }
}
