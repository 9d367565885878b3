using System.Text.Json;

namespace CoSod.Fuzz;

/// <summary>What one reference reader did with a fuzz case (tests/CoSod.Fuzz/fuzz_oracle.py).</summary>
public sealed record ReferenceVerdict(bool Decoded, IReadOnlyList<string> Messages, int Width, int Height, string? Sha256);

/// <summary>One case's record: both references' verdicts and the facts of the shared corruption rule.</summary>
public sealed record CaseVerdicts(string Name, ReferenceVerdict OpenCv, ReferenceVerdict Pil, JsonElement Facts)
{
    public bool Fact(string name) => Facts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public string? Text(string name) => Facts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public int Number(string name) => Facts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}

/// <summary>The reference verdicts of a corpus (written by fuzz_oracle.py), keyed by each case's SHA-256.</summary>
public static class FuzzOracle
{
    /// <summary>Where the generator's files live: tests/CoSod.Fuzz under <paramref name="repositoryRoot"/>.</summary>
    public static string Folder(string repositoryRoot) => Path.Combine(repositoryRoot, "tests", "CoSod.Fuzz");

    public static IReadOnlyDictionary<string, CaseVerdicts> Load(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new Dictionary<string, CaseVerdicts>(StringComparer.Ordinal);
        foreach (var entry in json.RootElement.GetProperty("cases").EnumerateObject())
        {
            var e = entry.Value;
            cases[entry.Name] = new CaseVerdicts(
                e.GetProperty("name").GetString()!,
                Reference(e.GetProperty("opencv")),
                Reference(e.GetProperty("pil")),
                e.GetProperty("facts").Clone());
        }

        return cases;
    }

    private static ReferenceVerdict Reference(JsonElement e)
    {
        var decoded = e.GetProperty("verdict").GetString() == "decoded";
        return new ReferenceVerdict(
            decoded,
            e.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!).ToList(),
            decoded ? e.GetProperty("width").GetInt32() : 0,
            decoded ? e.GetProperty("height").GetInt32() : 0,
            decoded ? e.GetProperty("sha256").GetString() : null);
    }
}
