using CoSod.Metrics;

namespace CoSod.Data.Imaging.Jpeg;

/// <summary>
/// A JPEG read the way a reference reader reads it: the reference's verdict on its structure, the size caps, the
/// corruption rule (libjpeg's "Corrupt JPEG data" warnings, found by walking the markers and entropy-coded data,
/// since SkiaSharp reports none), then libjpeg-turbo's pixels through SkiaSharp, row by row.
/// </summary>
internal static class JpegReading
{
    public const string OpenCvReader = "OpenCV 4.6 (libjpeg-turbo 2.1.5)";
    public const string PillowReader = "Pillow 9.4 (libjpeg-turbo 2.1.5)";

    public static GreyMap Grey(byte[] data, string path, GreyConversion rule, ImageLimits limits, ReadAdvice advice)
    {
        var header = Prepare(data, path, rule == GreyConversion.OpenCv, limits, advice, out var decodable);
        var width = header.Width;
        var pixels = new byte[(long)width * header.Height];
        Decode(decodable, path, advice, header, (y, row, grey) =>
        {
            var target = pixels.AsSpan(y * width, width);
            if (grey)
            {
                row.CopyTo(target);
                return;
            }

            // Both rules convert decoded RGB; OpenCV would read libjpeg's Y channel instead (see GreyImageReader).
            for (var x = 0; x < target.Length; x++)
            {
                target[x] = GreyConversions.PilLuma(row[4 * x], row[(4 * x) + 1], row[(4 * x) + 2]);
            }
        });

        var map = new GreyMap(width, header.Height, pixels);

        // cv2.imread applies the EXIF orientation unless told not to; PIL's Image.open leaves the pixels alone.
        return rule == GreyConversion.OpenCv ? GreyOrientation.Apply(map, header.Orientation) : map;
    }

    /// <summary>Pillow's <c>convert('RGB')</c>: grey repeated into three channels; no orientation applied.</summary>
    public static RgbImage Rgb(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        var header = Prepare(data, path, openCv: false, limits, advice, out var decodable);
        var width = header.Width;
        var pixels = new byte[(long)width * header.Height * 3];
        Decode(decodable, path, advice, header, (y, row, grey) =>
        {
            var target = pixels.AsSpan(y * width * 3, width * 3);
            for (int x = 0, o = 0; x < width; x++, o += 3)
            {
                if (grey)
                {
                    target[o] = target[o + 1] = target[o + 2] = row[x];
                }
                else
                {
                    target[o] = row[4 * x];
                    target[o + 1] = row[(4 * x) + 1];
                    target[o + 2] = row[(4 * x) + 2];
                }
            }
        });

        return new RgbImage(width, header.Height, pixels);
    }

    private static SkiaJpeg.Header Prepare(byte[] data, string path, bool openCv, ImageLimits limits, ReadAdvice advice, out byte[] decodable)
    {
        var reader = openCv ? OpenCvReader : PillowReader;
        try
        {
            if (!openCv)
            {
                PillowJpegMarkers.Check(data);
            }
        }
        catch (Png.ReferenceRefusal refusal)
        {
            throw new ImageReadException(path, refusal.Problem, advice.Replace, refusal);
        }

        // What libjpeg makes of the file as OpenCV feeds it (whose warnings define corrupt data for every profile).
        var walk = LibjpegWalk.Walk(data, JpegFeed.Stdio);
        if (walk.Error is { } error)
        {
            throw new ImageReadException(
                path,
                walk.EndPhase == JpegEndPhase.None ? $"the JPEG data is unreadable (libjpeg: {error})" : $"the JPEG is truncated (libjpeg: {error})",
                advice.Replace);
        }

        // A fatal error after the last pixel (a bad marker where EOI should be): OpenCV has its image and keeps it.
        if (!openCv && walk.ErrorAfterImage is { } tail)
        {
            throw new ImageReadException(path, $"the JPEG data is unreadable after the image (libjpeg: {tail}; Pillow fails)", advice.Replace);
        }

        ImageDecoding.CheckSize(path, walk.Width, walk.Height, limits, advice);
        if (openCv)
        {
            ImageDecoding.CheckOpenCvSize(path, walk.Width, walk.Height, advice);
        }
        else if (LibjpegWalk.Walk(data, JpegFeed.Pillow).EndPhase == JpegEndPhase.BeforeImage)
        {
            throw new ImageReadException(path, "the JPEG is truncated (its data ends before the last row; Pillow: image file is truncated)", advice.Replace);
        }

        if (walk.EndPhase != JpegEndPhase.None)
        {
            ImageDecoding.CorruptData(path, "the JPEG is truncated (libjpeg: Premature end of JPEG file)", reader, limits, advice);
        }
        else if (walk.Corruption.Count > 0)
        {
            ImageDecoding.CorruptData(path, $"the JPEG data is corrupt (libjpeg: {walk.Corruption[0]})", reader, limits, advice);
        }

        // Past the end of the file, OpenCV's stdio source hands libjpeg fake EOI markers; SkiaSharp's memory source
        // would stop instead, so the file is given the same markers (enough for the longest segment).
        decodable = walk.EndPhase == JpegEndPhase.None ? data : [.. data, .. FakeEndMarkers];
        var header = SkiaJpeg.ReadHeader(decodable)
            ?? throw new ImageReadException(path, "the JPEG header is unreadable (truncated or corrupt)", advice.Replace);
        return header;
    }

    private static readonly byte[] FakeEndMarkers = [.. Enumerable.Range(0, 65536).Select(i => i % 2 == 0 ? (byte)0xFF : (byte)0xD9)];

    private static void Decode(byte[] data, string path, ReadAdvice advice, SkiaJpeg.Header header, SkiaJpeg.RowSink sink)
    {
        string? problem;
        using (LargeDecodeGate.Enter((long)header.Width * header.Height))
        {
            problem = SkiaJpeg.Decode(data, sink);
        }

        if (problem is not null)
        {
            throw new ImageReadException(path, $"the JPEG data is unreadable ({problem})", advice.Replace);
        }
    }
}
