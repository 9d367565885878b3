using System.Security.Cryptography;
using System.Text.Json;
using CoSod.Data.Imaging;
using CoSod.Metrics;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Imaging;

/// <summary>
/// The crafted inputs under <c>tests/CoSod.Tests/Imaging/Files</c> and what the reference toolboxes return for
/// each (<c>Files/expected.json</c>, written by <c>make_imaging_files.py</c> with Debian 12's OpenCV 4.6.0 and
/// Pillow 9.4.0). The files live in the repository, not in ../shared, so these tests always run.
/// </summary>
internal static class ImagingFiles
{
    public static string Folder { get; } =
        Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Tests", "Imaging", "Files");

    private static readonly Lazy<IReadOnlyDictionary<string, FileOracle>> Oracles = new(LoadOracles);

    public static IReadOnlyDictionary<string, FileOracle> All => Oracles.Value;

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static GreyOracle Expected(string name, GreyConversion rule)
    {
        Assert.True(All.TryGetValue(name, out var file), $"{name} is not in Files/expected.json");
        var oracle = rule == GreyConversion.OpenCv ? file!.OpenCv : file!.Pil;
        return oracle ?? throw new InvalidOperationException($"the toolbox could not read {name} under {rule}");
    }

    /// <summary>The recorded inputs (everything in Files/ but the oracle files and the failure inputs).</summary>
    public static IEnumerable<string> Inputs() =>
        Directory.EnumerateFiles(Folder)
            .Select(Path.GetFileName)
            .Select(n => n!)
            .Where(n => !n.EndsWith(".json", StringComparison.Ordinal) && n is not ("bomb_50000x50000.png" or "text.png"))
            .Order(StringComparer.Ordinal);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The largest absolute difference between two same-sized planes.</summary>
    public static int MaxDifference(GreyMap actual, byte[] expected)
    {
        Assert.Equal(expected.Length, actual.Pixels.Length);
        var max = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(actual.Pixels[i] - expected[i]));
        }

        return max;
    }

    /// <summary>Asserts pixel-for-pixel identity, saying how many pixels differ and where the first one is.</summary>
    public static void AssertIdentical(GreyOracle expected, GreyMap actual, string what)
    {
        Assert.True(
            expected.Width == actual.Width && expected.Height == actual.Height,
            $"{what}: expected {expected.Width}x{expected.Height}, got {actual.Width}x{actual.Height}");
        if (Sha256(actual.Pixels) == expected.Sha256)
        {
            return;
        }

        var differing = 0;
        var first = -1;
        for (var i = 0; i < expected.Pixels.Length; i++)
        {
            if (actual.Pixels[i] != expected.Pixels[i])
            {
                differing++;
                first = first < 0 ? i : first;
            }
        }

        Assert.Fail(
            $"{what}: {differing} of {expected.Pixels.Length} pixels differ (max difference "
            + $"{MaxDifference(actual, expected.Pixels)}); first at x={first % actual.Width}, y={first / actual.Width}: "
            + $"expected {expected.Pixels[first]}, got {actual.Pixels[first]}");
    }

    private static Dictionary<string, FileOracle> LoadOracles()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "expected.json")));
        var result = new Dictionary<string, FileOracle>(StringComparer.Ordinal);
        foreach (var file in json.RootElement.GetProperty("files").EnumerateObject())
        {
            result[file.Name] = new FileOracle(
                file.Value.GetProperty("pil_mode").GetString()!,
                ReadGrey(file.Value.GetProperty("opencv")),
                ReadGrey(file.Value.GetProperty("pil")));
        }

        return result;
    }

    private static GreyOracle? ReadGrey(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var samples = e.GetProperty("samples").EnumerateArray()
            .Select(s => (X: s[0].GetInt32(), Y: s[1].GetInt32(), Value: s[2].GetInt32()))
            .ToArray();
        return new GreyOracle(
            e.GetProperty("width").GetInt32(),
            e.GetProperty("height").GetInt32(),
            e.GetProperty("sha256").GetString()!,
            samples,
            Convert.FromBase64String(e.GetProperty("pixels").GetString()!));
    }
}

/// <summary>One row of Files/real-files.json: a real file under ../shared/fixtures/real and its grey hashes.</summary>
internal sealed record RealFileOracle(
    string Path, string PilMode, int Width, int Height, string OpenCvSha256, string PilSha256, int OpenCvPilMaxDifference)
{
    public static IReadOnlyList<RealFileOracle> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(ImagingFiles.Folder, "real-files.json")));
        return json.RootElement.EnumerateArray()
            .Select(e => new RealFileOracle(
                e.GetProperty("path").GetString()!,
                e.GetProperty("pil_mode").GetString()!,
                e.GetProperty("width").GetInt32(),
                e.GetProperty("height").GetInt32(),
                e.GetProperty("opencv_sha256").GetString()!,
                e.GetProperty("pil_sha256").GetString()!,
                e.GetProperty("opencv_pil_max_difference").GetInt32()))
            .ToList();
    }
}

internal sealed record FileOracle(string PilMode, GreyOracle? OpenCv, GreyOracle? Pil);

internal sealed record GreyOracle(
    int Width, int Height, string Sha256, (int X, int Y, int Value)[] Samples, byte[] Pixels);
