using System.Globalization;

namespace CoSod.Data.Datasets;

/// <summary>
/// The official releases of CoCA, CoSOD3k and CoSal2015 (Benchmarks/README.md): a dataset with one of those names (any
/// case) is compared with its release, so a copy with a group missing or a file renamed is said out loud. Numbers of
/// such a copy are not comparable with published tables. The comparison only ever adds a note.
/// </summary>
public static class KnownBenchmarks
{
    private const int Shown = 3;

    private static readonly Lazy<IReadOnlyList<Release>> Releases = new(() =>
    [
        new Release("CoCA", 80, 1295, ReadLines("coca-groups.txt"), null),
        new Release("CoSOD3k", 160, 3316, null, null),
        new Release("CoSal2015", 50, 2015, null, ReadLines("cosal2015-images.txt")),
    ]);

    /// <summary>A name as the comparison sees it: lower case, without spaces and underscores.</summary>
    public static string Normalise(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.Where(c => c is not (' ' or '_'))).ToLowerInvariant();
    }

    /// <summary>
    /// How the dataset differs from the official release of the benchmark it is named after; null when its name is no
    /// known benchmark.
    /// </summary>
    public static BenchmarkComparison? Compare(DatasetGroundTruth groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        var release = Releases.Value.FirstOrDefault(r => Normalise(r.Name) == Normalise(groundTruth.Name));
        if (release is null)
        {
            return null;
        }

        var differences = new List<string>();
        var groups = groundTruth.Groups;
        if (groups.All(g => g.Length == 0))
        {
            // A flat listing (a PySODEvalToolkit image-mode dataset) has no groups to compare.
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"no group folders, {groundTruth.Images.Count:N0} image(s) here"));
            return new BenchmarkComparison(release.Name, release.Groups, release.Images, differences);
        }

        if (groups.Count != release.Groups || groundTruth.Images.Count != release.Images)
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture,
                $"{groups.Count:N0} group(s) and {groundTruth.Images.Count:N0} image(s) here"));
        }

        var officialGroups = release.GroupNames ?? release.ImageKeys?.Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]).Distinct().ToList();
        if (officialGroups is not null)
        {
            var here = groups.Select(Normalise).ToHashSet(StringComparer.Ordinal);
            var official = officialGroups.Select(Normalise).ToHashSet(StringComparer.Ordinal);
            AddList(differences, "release group(s) absent", officialGroups.Where(g => !here.Contains(Normalise(g))).ToList());
            AddList(differences, "group(s) not in the release", groups.Where(g => !official.Contains(Normalise(g))).ToList());
        }

        if (release.ImageKeys is { } keys)
        {
            var officialKeys = keys.Select(k => KeyOf(k)).ToHashSet(StringComparer.Ordinal);
            var hereKeys = groundTruth.Images.Select(i => KeyOf(i.Group + "/" + i.Stem)).ToHashSet(StringComparer.Ordinal);
            var herePresentGroups = groups.Select(Normalise).ToHashSet(StringComparer.Ordinal);

            // Images of an absent group are already said by the group; list the rest.
            var absent = keys.Where(k => !hereKeys.Contains(KeyOf(k)) && herePresentGroups.Contains(Normalise(k[..k.IndexOf('/', StringComparison.Ordinal)])))
                .Select(k => Path.ChangeExtension(k, null)).ToList();
            var extra = groundTruth.Images.Where(i => !officialKeys.Contains(KeyOf(i.Group + "/" + i.Stem))).Select(i => i.Key).ToList();
            AddList(differences, "release image(s) absent", absent);
            AddList(differences, "image(s) not in the release", extra);
        }

        return new BenchmarkComparison(release.Name, release.Groups, release.Images, differences);
    }

    private static string KeyOf(string groupSlashFile)
    {
        var slash = groupSlashFile.IndexOf('/', StringComparison.Ordinal);
        var file = groupSlashFile[(slash + 1)..];
        var stem = Path.GetExtension(file) is { Length: > 0 } extension && ImageFileNames.IsImage(file) ? file[..^extension.Length] : file;
        return Normalise(groupSlashFile[..slash]) + "/" + Normalise(stem);
    }

    private static void AddList(List<string> differences, string what, List<string> names)
    {
        if (names.Count > 0)
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"{names.Count:N0} {what} (")
                + string.Join(", ", names.Take(Shown)) + (names.Count > Shown ? ", ..." : string.Empty) + ")");
        }
    }

    private static List<string> ReadLines(string resource)
    {
        using var stream = typeof(KnownBenchmarks).Assembly.GetManifestResourceStream("CoSod.Data.Benchmarks." + resource)
            ?? throw new InvalidOperationException($"The embedded list {resource} is missing from CoSod.Data.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private sealed record Release(string Name, int Groups, int Images, IReadOnlyList<string>? GroupNames, IReadOnlyList<string>? ImageKeys);
}

/// <summary>A dataset against the official release of the benchmark it is named after.</summary>
/// <param name="Benchmark">The release's name.</param>
/// <param name="Groups">Groups in the release.</param>
/// <param name="Images">Images in the release.</param>
/// <param name="Differences">What differs, one phrase each; empty when the dataset matches the release.</param>
public sealed record BenchmarkComparison(string Benchmark, int Groups, int Images, IReadOnlyList<string> Differences)
{
    public bool Matches => Differences.Count == 0;

    /// <summary>One sentence for the notes of every result of the dataset, or null when it matches the release.</summary>
    public string? Note => Matches
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"not the official {Benchmark} release ({Groups:N0} groups, {Images:N0} images): ")
            + string.Join("; ", Differences)
            + $". Numbers on it are not comparable with published {Benchmark} results (names compared ignoring case, spaces and underscores)";
}
