using System.Text.Json;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Metrics.Context;

/// <summary>
/// Data/context-oracles.json, written by Data/make_context_oracles.py with PySODMetrics 1.6.2 and Debian 12's
/// python3-opencv 4.6.0, python3-skimage 0.19.3 and python3-sklearn 1.2.1.
/// </summary>
internal static class ContextOracles
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllBytes(
        Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Metrics", "Context", "Data", "context-oracles.json"))));

    public static JsonElement Root => Document.Value.RootElement;

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

    /// <summary>A 0/1 mask stored as numpy.packbits (most significant bit first), base64.</summary>
    public static byte[] Mask(JsonElement item, string property)
    {
        var count = item.GetProperty("width").GetInt32() * item.GetProperty("height").GetInt32();
        var bits = Convert.FromBase64String(item.GetProperty(property).GetString()!);
        var mask = new byte[count];
        for (var i = 0; i < count; i++)
        {
            mask[i] = (byte)((bits[i >> 3] >> (7 - (i & 7))) & 1);
        }

        return mask;
    }

    public static byte[] Bytes(JsonElement item, string property) => Convert.FromBase64String(item.GetProperty(property).GetString()!);

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
