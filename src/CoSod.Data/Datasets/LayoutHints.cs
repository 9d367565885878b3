namespace CoSod.Data.Datasets;

/// <summary>
/// Recognises the folder layouts people pass by mistake (a root one level too deep or too high, datasets and methods
/// swapped, maps without group folders) and says, in one sentence, what was found and what to pass instead. Each hint
/// starts with a space so it can be appended to the message it explains; null when nothing is recognised.
/// </summary>
public static class LayoutHints
{
    private const int Shown = 3;

    /// <summary>Why <c>--gt</c> holds no dataset folder: it holds images, so it is one group's folder.</summary>
    public static string? ForGroundTruthRoot(string groundTruthRoot) => Quietly(() =>
    {
        var images = ImageFiles(groundTruthRoot);
        if (images.Count == 0)
        {
            return null;
        }

        var group = FullPath(groundTruthRoot);
        var (datasetFolder, datasetName) = DatasetAbove(Parent(group));
        return $" It holds {images.Count} image file(s) directly ({Sample(images)}), so it is one group's folder, not the "
            + $"folder of datasets. Pass --gt {Parent(datasetFolder)} --datasets {datasetName} (or --gt {datasetFolder} for that dataset alone).";
    });

    /// <summary>Why a dataset has no ground-truth image: <c>--gt</c> one level too deep or too high, or a dataset without groups.</summary>
    public static string? ForEmptyDataset(string groundTruthRoot, string dataset, string groupRoot) => Quietly(() =>
    {
        var images = ImageFiles(groupRoot);
        var groups = Folders(groupRoot);
        if (images.Count > 0 && groups.Count == 0)
        {
            if (!string.Equals(FullPath(groupRoot), FullPath(Path.Combine(groundTruthRoot, dataset)), StringComparison.Ordinal)
                || DatasetLayout.FindKnownSubfolder(groundTruthRoot) is not null)
            {
                return $" It holds {images.Count} image file(s) directly and no group folder: a dataset without groups. "
                    + "cosod eval --gt reads <group>/<stem>.png; describe a dataset without groups in a PySODEvalToolkit "
                    + "dataset JSON and pass --dataset-json (README, PySODEvalToolkit configs).";
            }

            var (datasetFolder, datasetName) = DatasetAbove(FullPath(groundTruthRoot));
            return $" {dataset}/ holds {images.Count} image file(s) directly ({Sample(images)}), so it is a group and --gt "
                + $"points one level too deep, at the groups of dataset {datasetName}. Pass --gt {Parent(datasetFolder)} "
                + $"--datasets {datasetName} (or --gt {datasetFolder} for that dataset alone).";
        }

        // The "groups" hold folders that hold images or ground-truth folders: they are datasets, so --gt is one level too high.
        var deeper = groups.Where(g => Folders(Path.Combine(groupRoot, g)).Count > 0
            && (DatasetLayout.FindKnownSubfolder(Path.Combine(groupRoot, g)) is not null
                || Folders(Path.Combine(groupRoot, g)).Any(s => ImageFiles(Path.Combine(groupRoot, g, s)).Count > 0))).ToList();
        if (images.Count == 0 && deeper.Count > 0)
        {
            return $" Its folders ({Sample(deeper)}) hold folders, not images: they look like datasets, so --gt points one "
                + $"level too high. Pass --gt {groupRoot}.";
        }

        return null;
    });

    /// <summary>
    /// Why a method matched no prediction of a dataset: <c>--pred</c> one level too deep or too high, the
    /// <c>&lt;Dataset&gt;/&lt;Method&gt;</c> order swapped, maps without group folders or one folder deeper, group
    /// folders named differently.
    /// </summary>
    /// <param name="predictionRoot">The <c>--pred</c> folder.</param>
    /// <param name="method">The method's folder name.</param>
    /// <param name="groundTruth">The dataset whose predictions were not found.</param>
    /// <param name="groupsByDataset">Every dataset of the evaluation and its ground-truth groups.</param>
    public static string? ForPredictions(
        string predictionRoot, string method, DatasetGroundTruth groundTruth, IReadOnlyDictionary<string, IReadOnlyList<string>> groupsByDataset) => Quietly(() =>
    {
        var methodFolder = Path.Combine(predictionRoot, method);
        var children = Folders(methodFolder);
        var datasetFolderName = children.FirstOrDefault(c => string.Equals(c, groundTruth.Name, StringComparison.OrdinalIgnoreCase));
        if (datasetFolderName is null)
        {
            var asDataset = groupsByDataset.Keys.FirstOrDefault(d => string.Equals(d, method, StringComparison.OrdinalIgnoreCase));
            if (asDataset is not null && Overlap(children, groupsByDataset[asDataset]) > 0)
            {
                return $" --pred {predictionRoot}: its folders are datasets ({method}/ holds the groups of {asDataset}), not methods, "
                    + $"so --pred points one level too deep, into one method's folder. Pass --pred {Parent(FullPath(predictionRoot))} "
                    + $"--methods {Path.GetFileName(FullPath(predictionRoot))}.";
            }

            if (asDataset is not null && children.Any(c => Overlap(Folders(Path.Combine(methodFolder, c)), groupsByDataset[asDataset]) > 0))
            {
                return $" --pred {predictionRoot} is laid out <Dataset>/<Method> ({method}/{Sample(children)}/<group>/); cosod reads "
                    + "<pred>/<Method>/<Dataset>/<group>/<stem>.png. Swap the two levels, or describe the folders as they are in "
                    + "a PySODEvalToolkit method JSON and pass --method-json (README, PySODEvalToolkit configs).";
            }

            var holder = children.FirstOrDefault(c => Folders(Path.Combine(methodFolder, c))
                .Any(d => string.Equals(d, groundTruth.Name, StringComparison.OrdinalIgnoreCase)));
            if (holder is not null)
            {
                return $" {method}/{holder}/{groundTruth.Name}/ exists: its folders are methods, so --pred points one level too "
                    + $"high. Pass --pred {methodFolder}.";
            }

            return null;
        }

        var datasetFolder = Path.Combine(methodFolder, datasetFolderName);
        var groups = Folders(datasetFolder);
        var maps = ImageFiles(datasetFolder);
        var stems = groundTruth.Images.Select(i => i.Stem).ToHashSet(StringComparer.Ordinal);
        if (maps.Count > 0 && maps.Any(m => stems.Contains(Path.GetFileNameWithoutExtension(m))))
        {
            return $" {method}/{datasetFolderName}/ holds {maps.Count} map(s) directly ({Sample(maps)}), without group folders; "
                + $"cosod matches <group>/<stem>, with the ground truth's groups ({Sample(groundTruth.Groups)}). Put each map "
                + "into its group's folder, or describe a flat folder in a PySODEvalToolkit method JSON (--method-json).";
        }

        var nested = groups.FirstOrDefault(g => Overlap(Folders(Path.Combine(datasetFolder, g)), groundTruth.Groups) > 0);
        if (Overlap(groups, groundTruth.Groups) == 0 && nested is not null)
        {
            return $" The group folders are one level deeper, in {method}/{datasetFolderName}/{nested}/; cosod reads "
                + $"<pred>/<Method>/<Dataset>/<group>/. Move them up one level, or describe the folder in a method JSON (--method-json).";
        }

        var renamed = groups.Where(g => !groundTruth.Groups.Contains(g, StringComparer.OrdinalIgnoreCase))
            .Select(g => (Folder: g, Group: groundTruth.Groups.FirstOrDefault(t => KnownBenchmarks.Normalise(t) == KnownBenchmarks.Normalise(g))))
            .Where(p => p.Group is not null)
            .ToList();
        if (renamed.Count > 0)
        {
            return $" Its group folders are spelt differently from the ground truth's ({string.Join(", ", renamed.Take(Shown).Select(p => $"'{p.Folder}' for '{p.Group}'"))}"
                + $"{(renamed.Count > Shown ? ", ..." : string.Empty)}); rename them to the ground truth's names.";
        }

        return null;
    });

    /// <summary>The dataset a group root belongs to: its parent when the root is a known ground-truth folder (binary/).</summary>
    private static (string Folder, string Name) DatasetAbove(string groupRoot)
    {
        var name = Path.GetFileName(groupRoot);
        var folder = DatasetLayout.KnownGroundTruthFolders.Contains(name, StringComparer.OrdinalIgnoreCase) ? Parent(groupRoot) : groupRoot;
        return (folder, Path.GetFileName(folder));
    }

    private static int Overlap(IEnumerable<string> folders, IEnumerable<string> groups)
    {
        var wanted = groups.Select(KnownBenchmarks.Normalise).ToHashSet(StringComparer.Ordinal);
        return folders.Count(f => wanted.Contains(KnownBenchmarks.Normalise(f)));
    }

    private static List<string> ImageFiles(string folder) =>
        Directory.Exists(folder) ? DatasetDiscovery.ListFiles(folder).Where(f => ImageFileNames.IsImage(f) && !ImageFileNames.IsHidden(f)).ToList() : [];

    private static List<string> Folders(string folder) =>
        Directory.Exists(folder) ? DatasetDiscovery.ListDirectories(folder).Where(d => !ImageFileNames.IsHidden(d)).ToList() : [];

    private static string Sample(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(Shown)) + (names.Count > Shown ? ", ..." : string.Empty);

    private static string FullPath(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static string Parent(string path) => Path.GetDirectoryName(path) ?? path;

    /// <summary>A hint is a courtesy: a folder that cannot be listed while looking for one gives no hint, never an error.</summary>
    private static string? Quietly(Func<string?> find)
    {
        try
        {
            return find();
        }
        catch (DatasetException)
        {
            return null;
        }
    }
}
