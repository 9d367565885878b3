using CoSod.Metrics;

namespace CoSod.Data.Imaging.Png;

/// <summary>
/// A PNG read the way one reference reader reads it: its verdict on the file's structure (libpng's for OpenCV and
/// MATLAB, Pillow's for the PIL rule), the size caps, the image data decoded row by row into the result (no
/// intermediate image), then the corruption rule every profile shares (the zlib stream of the first IDAT run must
/// inflate to its end with a matching Adler-32 and hold every row; no palette index past the PLTE).
/// </summary>
internal static class PngReading
{
    public const string OpenCvReader = "OpenCV 4.6 (libpng 1.6.39)";
    public const string PillowReader = "Pillow 9.4";
    public const string MatlabReader = "libpng 1.6.39 (as MATLAB's imread)";

    public static GreyMap Grey(byte[] data, string path, GreyConversion rule, ImageLimits limits, ReadAdvice advice)
    {
        var libpng = rule == GreyConversion.OpenCv;
        GreyPngSink? sink = null;
        var header = Run(data, path, libpng, limits, advice, h => sink = new GreyPngSink(h, rule), () => sink!.LargestIndex,
            libpng ? OpenCvReader : PillowReader);
        var map = sink!.Map;

        // OpenCV applies the orientation of an eXIf chunk (libpng hands it over); Pillow's open does not.
        return libpng ? GreyOrientation.Apply(map, header.ExifOrientation) : map;
    }

    /// <summary>Pillow's <c>convert('RGB')</c>.</summary>
    public static RgbImage Rgb(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        RgbPngSink? sink = null;
        Run(data, path, libpng: false, limits, advice, h => sink = new RgbPngSink(h), () => sink!.LargestIndex, PillowReader);
        return sink!.Image;
    }

    /// <summary>The stored samples in planes, as MATLAB's imread returns them; libpng's verdicts.</summary>
    public static (PngHeader Header, ushort[][] Planes) Matlab(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        MatlabPngSink? sink = null;
        var header = Run(data, path, libpng: true, limits, advice, h => sink = new MatlabPngSink(h), () => sink!.LargestIndex, MatlabReader);
        return (header, sink!.Planes);
    }

    private static PngHeader Run(
        byte[] data, string path, bool libpng, ImageLimits limits, ReadAdvice advice, Func<PngHeader, IPngRowSink> makeSink,
        Func<int> largestIndex, string reader)
    {
        PngHeader header;
        PngStreamVerdict verdict;
        try
        {
            List<PngChunk>? run = null;
            if (libpng)
            {
                (header, run) = LibPngRules.Read(data);
            }
            else
            {
                header = PillowPngRules.Open(data);
            }

            ImageDecoding.CheckSize(path, header.Width, header.Height, limits, advice);
            if (reader == OpenCvReader)
            {
                ImageDecoding.CheckOpenCvSize(path, header.Width, header.Height, advice);
            }

            if (!libpng && header.PixelCount > 2 * PillowPngRules.MaxImagePixels)
            {
                throw new ReferenceRefusal($"Pillow refuses a {header.Width}x{header.Height} image as a decompression bomb");
            }

            var sink = makeSink(header);
            using (LargeDecodeGate.Enter(header.PixelCount))
            {
                if (libpng)
                {
                    verdict = LibPngImageData.Decode(data, header, run!, sink);
                }
                else
                {
                    (verdict, var stoppedIn) = PillowImageData.Decode(data, header, sink);
                    PillowPngRules.ReadEnd(data, stoppedIn, header);
                }
            }
        }
        catch (ReferenceRefusal refusal)
        {
            throw new ImageReadException(path, refusal.Problem, advice.Replace, refusal);
        }

        if (verdict.Problem is { } problem)
        {
            ImageDecoding.CorruptData(path, $"the image data is corrupt (zlib: {problem})", reader, limits, advice);
        }
        else if (verdict.RowsShort)
        {
            ImageDecoding.CorruptData(path, "the image data ends before the last row", reader, limits, advice);
        }

        // A palette file with no PLTE (which Pillow reads through its grey ramp) has every index past it.
        if (header.ColorType == PngColorType.Palette && largestIndex() >= header.PaletteEntries)
        {
            ImageDecoding.CorruptData(
                path, $"palette index {largestIndex()} is past the {header.PaletteEntries} entries of the PLTE", reader, limits, advice);
        }

        return header;
    }
}
