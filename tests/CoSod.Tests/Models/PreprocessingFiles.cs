using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CoSod.Data.Imaging;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Models;

/// <summary>
/// The crafted inputs under <c>tests/CoSod.Tests/Models/Data</c> and what Pillow 9.4 and float32 ToTensor/Normalize
/// make of each (<c>Data/expected.json</c>, written by <c>make_preprocessing_files.py</c>). The files live in the
/// repository, not in ../shared, so these tests always run.
/// </summary>
internal static class PreprocessingFiles
{
    public static string Folder { get; } = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Models", "Data");

    private static readonly Lazy<Oracle> Loaded = new(Load);

    public static IReadOnlyDictionary<string, PilResult> Files => Loaded.Value.Files;

    /// <summary>The grey-reader inputs of tests/CoSod.Tests/Imaging/Files, decoded the RGB way (decoded stage only).</summary>
    public static IReadOnlyDictionary<string, PilResult> ImagingFiles => Loaded.Value.ImagingFiles;

    /// <summary>numpy's float32 (u / 255 - mean_c) / std_c for channel c and byte u, at [c * 256 + u].</summary>
    public static IReadOnlyList<uint> NormalisedBits => Loaded.Value.NormalisedBits;

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>sha256 of a float array as float32 little-endian, as numpy's <c>tobytes()</c> of a "&lt;f4" array.</summary>
    public static string Sha256(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return Sha256(bytes);
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> is the decoded image the oracle describes; when its bytes are stored,
    /// a mismatch names the first differing pixel.
    /// </summary>
    public static void AssertDecoded(PilResult expected, RgbImage actual, string what)
    {
        Assert.True(
            expected.Width == actual.Width && expected.Height == actual.Height,
            $"{what}: PIL gives {expected.Width}x{expected.Height}, got {actual.Width}x{actual.Height}");
        if (Sha256(actual.Pixels) == expected.RgbSha256)
        {
            return;
        }

        if (expected.Rgb is not { } pixels)
        {
            Assert.Fail($"{what}: the RGB bytes differ from PIL's (sha256 {expected.RgbSha256})");
            return;
        }

        var differing = 0;
        var first = -1;
        for (var i = 0; i < pixels.Length; i++)
        {
            if (pixels[i] != actual.Pixels[i])
            {
                differing++;
                first = first < 0 ? i : first;
            }
        }

        var pixel = first / RgbImage.Channels;
        Assert.Fail(
            $"{what}: {differing} of {pixels.Length} bytes differ from PIL's; first at x={pixel % actual.Width}, "
            + $"y={pixel / actual.Width}, channel {first % RgbImage.Channels}: PIL {pixels[first]}, got {actual.Pixels[first]}");
    }

    private static Oracle Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(PathOf("expected.json")));
        var root = json.RootElement;
        var bits = new List<uint>(3 * 256);
        foreach (var channel in new[] { "normalised_r", "normalised_g", "normalised_b" })
        {
            var hex = root.GetProperty(channel).GetString()!;
            Assert.Equal(256 * 8, hex.Length);
            for (var i = 0; i < hex.Length; i += 8)
            {
                bits.Add(uint.Parse(hex.AsSpan(i, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return new Oracle(ReadGroup(root.GetProperty("files")), ReadGroup(root.GetProperty("imaging_files")), bits);
    }

    private static Dictionary<string, PilResult> ReadGroup(JsonElement group)
    {
        var result = new Dictionary<string, PilResult>(StringComparer.Ordinal);
        foreach (var file in group.EnumerateObject())
        {
            var e = file.Value;
            if (e.TryGetProperty("pil_error", out var error))
            {
                result[file.Name] = new PilResult(null, 0, 0, "", null, new Dictionary<string, string>(), new Dictionary<int, string>(), error.GetString());
                continue;
            }

            var resized = new Dictionary<string, string>(StringComparer.Ordinal);
            if (e.TryGetProperty("resized", out var sizes))
            {
                foreach (var size in sizes.EnumerateObject())
                {
                    resized[size.Name] = size.Value.GetString()!;
                }
            }

            var inputs = new Dictionary<int, string>();
            if (e.TryGetProperty("model_input", out var models))
            {
                foreach (var size in models.EnumerateObject())
                {
                    inputs[int.Parse(size.Name, CultureInfo.InvariantCulture)] = size.Value.GetString()!;
                }
            }

            result[file.Name] = new PilResult(
                e.GetProperty("pil_mode").GetString(),
                e.GetProperty("width").GetInt32(),
                e.GetProperty("height").GetInt32(),
                e.GetProperty("rgb_sha256").GetString()!,
                e.TryGetProperty("rgb", out var rgb) ? Convert.FromBase64String(rgb.GetString()!) : null,
                resized,
                inputs,
                null);
        }

        return result;
    }

    private sealed record Oracle(
        Dictionary<string, PilResult> Files, Dictionary<string, PilResult> ImagingFiles, IReadOnlyList<uint> NormalisedBits);
}

/// <summary>
/// Pillow's reading of one file: its mode, the decoded RGB (sha256, and the bytes for small files), the sha256 of
/// its resizes keyed "WxH", of its model inputs keyed by S, or the error Pillow raised.
/// </summary>
internal sealed record PilResult(
    string? PilMode,
    int Width,
    int Height,
    string RgbSha256,
    byte[]? Rgb,
    IReadOnlyDictionary<string, string> Resized,
    IReadOnlyDictionary<int, string> ModelInput,
    string? PilError);
