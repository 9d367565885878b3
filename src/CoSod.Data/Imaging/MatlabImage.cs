namespace CoSod.Data.Imaging;

/// <summary>The class MATLAB's <c>imread</c> gives a PNG's samples.</summary>
public enum MatlabClass
{
    /// <summary>1-bit greyscale PNGs: 0/1.</summary>
    Logical,

    /// <summary>2/4/8-bit greyscale, 8-bit colour, and palette indices (the palette is not applied).</summary>
    UInt8,

    /// <summary>16-bit greyscale and colour.</summary>
    UInt16,
}

/// <summary>
/// A PNG as MATLAB's <c>imread</c> returns it: one plane (grey, palette indices) or three (RGB; alpha dropped),
/// the raw stored samples in MATLAB's class. The CoSOD MATLAB toolbox's results depend on these classes: a
/// palette mask is judged by its indices, a 1-bit mask is used as is, a colour map by its red plane.
/// </summary>
public sealed class MatlabImage
{
    public MatlabImage(int width, int height, int planes, MatlabClass sampleClass, ushort[][] planeSamples, string description)
    {
        Width = width;
        Height = height;
        Planes = planes;
        Class = sampleClass;
        PlaneSamples = planeSamples;
        Description = description;
    }

    public int Width { get; }

    public int Height { get; }

    public int Planes { get; }

    public MatlabClass Class { get; }

    /// <summary>Row-major samples of each plane.</summary>
    public ushort[][] PlaneSamples { get; }

    /// <summary>How the file was read, e.g. "uint8 palette indices", for notes.</summary>
    public string Description { get; }

    /// <summary>The largest value of the class: 1, 255 or 65535.</summary>
    public int ClassMax => Class switch
    {
        MatlabClass.Logical => 1,
        MatlabClass.UInt8 => 255,
        _ => 65535,
    };
}

/// <summary>
/// Reads PNGs into <see cref="MatlabImage"/> (MATLAB R20xx imread classes, which the oracle's harness restores under
/// GNU Octave 7.3). MATLAB and Octave read PNGs through libpng; files libpng refuses are refused by libpng 1.6.39's
/// rules (<see cref="Png.LibPngRules"/>), and the corruption rule every profile shares applies.
/// </summary>
public static class MatlabImageReader
{
    private static readonly ReadAdvice Advice = new(
        "Re-export the file as a PNG, or remove it from the folder", "Check the file; a real saliency map is far smaller");

    public static MatlabImage Read(string path, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        var data = ImageDecoding.ReadFile(path, limits, Advice);
        if (data.Length == 0)
        {
            throw new ImageReadException(path, "the file is empty", Advice.Replace);
        }

        if (!Png.PngChunks.HasSignature(data))
        {
            throw new ImageReadException(path, "not a PNG image (the MATLAB toolbox reads only .png files)", Advice.Replace);
        }

        try
        {
            var (header, planes) = Png.PngReading.Matlab(data, path, limits, Advice);
            return FromPlanes(header, planes);
        }
        catch (Exception e) when (ImageDecoding.IsDecoderFault(e))
        {
            throw ImageDecoding.DecoderFault(path, e, Advice);
        }
    }

    /// <summary>What <c>imread</c> gives for an 8-bit grey PNG holding <paramref name="map"/> (a model's map in memory).</summary>
    public static MatlabImage FromGrey(CoSod.Metrics.GreyMap map)
    {
        var plane = new ushort[map.PixelCount];
        for (var i = 0; i < plane.Length; i++)
        {
            plane[i] = map.Pixels[i];
        }

        return new MatlabImage(map.Width, map.Height, 1, MatlabClass.UInt8, [plane], "uint8 grey");
    }

    private static MatlabImage FromPlanes(Png.PngHeader png, ushort[][] planes)
    {
        int width = (int)png.Width, height = (int)png.Height;
        var wide = png.BitDepth == 16;
        var sampleClass = wide ? MatlabClass.UInt16 : MatlabClass.UInt8;
        var className = wide ? "uint16" : "uint8";
        return png.ColorType switch
        {
            PngColorType.Grey when png.BitDepth == 1 =>
                new MatlabImage(width, height, 1, MatlabClass.Logical, planes, "logical (1-bit grey)"),
            PngColorType.Grey =>
                new MatlabImage(width, height, 1, sampleClass, planes, $"{className} grey"),
            PngColorType.GreyAlpha =>
                new MatlabImage(width, height, 1, sampleClass, planes, $"{className} grey (alpha dropped)"),
            PngColorType.Palette =>
                new MatlabImage(width, height, 1, MatlabClass.UInt8, planes, "uint8 palette indices (palette not applied)"),
            PngColorType.Rgb =>
                new MatlabImage(width, height, 3, sampleClass, planes, $"{className} RGB"),
            _ =>
                new MatlabImage(width, height, 3, sampleClass, planes, $"{className} RGB (alpha dropped)"),
        };
    }
}
