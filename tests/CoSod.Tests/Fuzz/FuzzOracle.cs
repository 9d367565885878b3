using System.Text.Json;
using CoSod.Fuzz;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Fuzz;

/// <summary>What one reference reader did with a fuzz case (tests/CoSod.Fuzz/fuzz_oracle.py).</summary>
internal sealed record ReferenceVerdict(bool Decoded, IReadOnlyList<string> Messages, int Width, int Height, string? Sha256);

/// <summary>One case's record: both references' verdicts and the facts of the shared corruption rule.</summary>
internal sealed record CaseVerdicts(string Name, ReferenceVerdict OpenCv, ReferenceVerdict Pil, JsonElement Facts)
{
    public bool Fact(string name) => Facts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public string? Text(string name) => Facts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public int Number(string name) => Facts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
}

/// <summary>
/// The fuzz corpus of the CI suite (regenerated from the seeds by <see cref="ImageMutants"/>) and the reference
/// verdicts recorded for it in tests/CoSod.Fuzz/oracle-ci.json, keyed by each case's SHA-256.
/// </summary>
internal static class FuzzOracle
{
    public static string Folder { get; } = Path.Combine(SharedFixtures.RepositoryRoot, "tests", "CoSod.Fuzz");

    private static readonly Lazy<IReadOnlyList<FuzzCase>> LazyCorpus =
        new(() => ImageMutants.CiCorpus(ImageMutants.LoadSeeds(Path.Combine(Folder, "Seeds"))));

    private static readonly Lazy<IReadOnlyDictionary<string, CaseVerdicts>> LazyVerdicts = new(() => Load(Path.Combine(Folder, "oracle-ci.json")));

    public static IReadOnlyList<FuzzCase> Corpus => LazyCorpus.Value;

    public static IReadOnlyDictionary<string, CaseVerdicts> Verdicts => LazyVerdicts.Value;

    public static CaseVerdicts For(FuzzCase fuzzCase) =>
        Verdicts.TryGetValue(fuzzCase.Sha256, out var v)
            ? v
            : throw new InvalidOperationException(
                $"{fuzzCase.Name} ({fuzzCase.Sha256}) has no recorded verdict: the generator changed; re-run scripts/fuzz-oracle.sh");

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
