using CoSod.Metrics;

namespace CoSod.Data.Imaging.Bmp;

/// <summary>BMP files read by each reference reader's own decoder, to grey (or RGB for Pillow's convert('RGB')).</summary>
internal static class BmpReading
{
    public static GreyMap Grey(byte[] data, string path, GreyConversion rule, ImageLimits limits, ReadAdvice advice)
    {
        try
        {
            if (rule == GreyConversion.OpenCv)
            {
                return OpenCvBmp.Decode(data, path, limits, advice);
            }

            var image = PillowBmp.Decode(data, path, limits, advice);
            var grey = new byte[image.Width * image.Height];
            var lookup = PaletteLookup(image);
            for (var i = 0; i < grey.Length; i++)
            {
                grey[i] = image.Mode switch
                {
                    "RGB" => GreyConversions.PilLuma(image.Pixels[3 * i], image.Pixels[(3 * i) + 1], image.Pixels[(3 * i) + 2]),
                    "P" => GreyConversions.PilLuma(lookup[3 * image.Pixels[i]], lookup[(3 * image.Pixels[i]) + 1], lookup[(3 * image.Pixels[i]) + 2]),
                    _ => image.Pixels[i],
                };
            }

            return new GreyMap(image.Width, image.Height, grey);
        }
        catch (Png.ReferenceRefusal refusal)
        {
            throw new ImageReadException(path, refusal.Problem, advice.Replace, refusal);
        }
    }

    /// <summary>Pillow's <c>convert('RGB')</c> of its BMP image.</summary>
    public static RgbImage Rgb(byte[] data, string path, ImageLimits limits, ReadAdvice advice)
    {
        try
        {
            var image = PillowBmp.Decode(data, path, limits, advice);
            if (image.Mode == "RGB")
            {
                return new RgbImage(image.Width, image.Height, image.Pixels);
            }

            var lookup = PaletteLookup(image);
            var rgb = new byte[image.Pixels.Length * 3];
            for (var i = 0; i < image.Pixels.Length; i++)
            {
                var v = image.Pixels[i];
                if (image.Mode == "P")
                {
                    lookup.AsSpan(3 * v, 3).CopyTo(rgb.AsSpan(3 * i));
                }
                else
                {
                    rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = v;
                }
            }

            return new RgbImage(image.Width, image.Height, rgb);
        }
        catch (Png.ReferenceRefusal refusal)
        {
            throw new ImageReadException(path, refusal.Problem, advice.Replace, refusal);
        }
    }

    /// <summary>Pillow's 256-entry palette: a grey ramp under the file's entries.</summary>
    private static byte[] PaletteLookup(PillowBmp.Image image)
    {
        var lookup = new byte[256 * 3];
        for (var i = 0; i < 256; i++)
        {
            lookup[3 * i] = lookup[(3 * i) + 1] = lookup[(3 * i) + 2] = (byte)i;
        }

        image.Palette.CopyTo(lookup, 0);
        return lookup;
    }
}
