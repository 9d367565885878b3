using System.Text.Json;
using CoSod.Metrics.PySod.Shape;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Metrics.Shape;

/// <summary>
/// Data/shape-oracles.json, written by Data/make_shape_oracles.py with Debian 12's python3-opencv 4.6.0,
/// python3-skimage 0.19.3 and PySODMetrics 1.6.2: masks and curves with what the reference code made of them.
/// </summary>
internal static class ShapeOracles
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllBytes(
        Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Metrics", "Shape", "Data", "shape-oracles.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> Cases(string list) => Root.GetProperty(list).EnumerateArray();

    /// <summary>Indices of a list's cases, for theories (one row per case keeps failures readable).</summary>
    public static TheoryData<int> Indices(string list)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Root.GetProperty(list).GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    public static JsonElement Case(string list, int index) => Root.GetProperty(list)[index];

    /// <summary>A mask stored as numpy.packbits (most significant bit first) of its row-major pixels, base64.</summary>
    public static byte[] Mask(JsonElement item, string property)
    {
        var width = item.GetProperty("width").GetInt32();
        var height = item.GetProperty("height").GetInt32();
        var bits = Convert.FromBase64String(item.GetProperty(property).GetString()!);
        var mask = new byte[width * height];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = (byte)((bits[i >> 3] >> (7 - (i & 7))) & 1);
        }

        return mask;
    }

    public static PixelPoint[] Points(JsonElement flat)
    {
        var values = flat.EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var points = new PixelPoint[values.Length / 2];
        for (var k = 0; k < points.Length; k++)
        {
            points[k] = new PixelPoint(values[2 * k], values[(2 * k) + 1]);
        }

        return points;
    }
}
