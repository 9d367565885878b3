using CoSod.Metrics;

namespace CoSod.Data.Imaging;

/// <summary>OpenCV's ApplyExifOrientation on a grey map.</summary>
internal static class GreyOrientation
{
    /// <summary>
    /// 2 flips left-right, 3 rotates 180, 4 flips top-bottom, 5 transposes, 6 transposes then flips left-right (90
    /// clockwise), 7 transposes then rotates 180, 8 transposes then flips top-bottom (90 counter-clockwise); anything
    /// else leaves the map as it is.
    /// </summary>
    public static GreyMap Apply(GreyMap map, int orientation)
    {
        if (orientation is < 2 or > 8)
        {
            return map;
        }

        var transpose = orientation >= 5;
        var flipX = orientation is 2 or 3 or 6 or 7;
        var flipY = orientation is 3 or 4 or 7 or 8;
        var width = transpose ? map.Height : map.Width;
        var height = transpose ? map.Width : map.Height;
        var pixels = new byte[map.Pixels.Length];
        for (var y = 0; y < height; y++)
        {
            var ty = flipY ? height - 1 - y : y;
            for (var x = 0; x < width; x++)
            {
                var tx = flipX ? width - 1 - x : x;
                pixels[(y * width) + x] = transpose ? map.Pixels[(tx * map.Width) + ty] : map.Pixels[(ty * map.Width) + tx];
            }
        }

        return new GreyMap(width, height, pixels);
    }
}
