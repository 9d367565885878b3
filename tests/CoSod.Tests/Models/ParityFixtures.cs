using System.Security.Cryptography;
using System.Text.Json;
using CoSod.Tests.Infrastructure;
using static TorchSharp.torch;

namespace CoSod.Tests.Models;

/// <summary>
/// Reads ../shared/fixtures/model-parity: the manifests (shape, dtype, stats and 64 samples of every recorded tensor)
/// and the raw little-endian tensors stored in full.
/// </summary>
internal static class ParityFixtures
{
    public static string Folder => SharedFixtures.Under("fixtures", "model-parity");

    public static JsonElement Case(string model, string caseName)
    {
        using var document = SharedFixtures.ReadJson(Path.Combine(Folder, model + "_manifest.json"));
        return document.RootElement.GetProperty(caseName).Clone();
    }

    public static long[] Shape(JsonElement entry) => entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public static float[] Floats(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(Folder, file));

    /// <summary>The case's input tensor; GICD's [1, N, 3, H, W] is returned as the [N, 3, H, W] group.</summary>
    public static Tensor Input(JsonElement parityCase)
    {
        var entry = parityCase.GetProperty("input");
        var shape = Shape(entry);
        if (shape.Length == 5)
        {
            shape = shape[1..];
        }

        return tensor(Floats(entry.GetProperty("file").GetString()!), shape);
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
