namespace CoSod.Data.Datasets;

/// <summary>
/// Finds datasets, groups, ground-truth images and the predictions that match them. Matching is by group and
/// stem, extension-insensitive (png, jpg, jpeg, bmp; png preferred). Every file that takes no part is listed
/// with a reason, and all listings are sorted ordinally so results never depend on file-system order.
/// </summary>
public static class DatasetDiscovery
{
    /// <summary>
    /// The datasets under <paramref name="groundTruthRoot"/>: its non-hidden sub-folders; or, when the root
    /// itself holds a known ground-truth folder (GroundTruth, binary), the root alone, named after itself.
    /// </summary>
    public static IReadOnlyList<string> DiscoverDatasets(string groundTruthRoot)
    {
        RequireDirectory(groundTruthRoot, "ground-truth root", "Pass the folder that holds one folder per dataset with --gt");
        if (DatasetLayout.FindKnownSubfolder(groundTruthRoot) is not null)
        {
            return [Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(groundTruthRoot)))];
        }

        var datasets = ListDirectories(groundTruthRoot).Where(d => !ImageFileNames.IsHidden(d)).ToList();
        if (datasets.Count == 0)
        {
            throw new DatasetException(
                $"{groundTruthRoot}: no dataset folder found. Pass the folder that holds one folder per dataset "
                + "(e.g. CoCA/, CoSal2015/) with --gt." + LayoutHints.ForGroundTruthRoot(groundTruthRoot));
        }

        return datasets;
    }

    /// <summary>The folder of dataset <paramref name="dataset"/> under the root (the root itself for a single-dataset root).</summary>
    /// <exception cref="DatasetException">No folder has that name (the nearest names are suggested).</exception>
    public static string DatasetFolder(string groundTruthRoot, string dataset) => ResolveDataset(groundTruthRoot, dataset).Folder;

    /// <summary>
    /// The folder of a dataset and its name as the folder spells it: <c>--datasets coca</c> finds the folder CoCA and
    /// the results say CoCA, so a later comparison with a run that named it CoCA matches.
    /// </summary>
    /// <exception cref="DatasetException">No folder has that name, or several differ from it only in case.</exception>
    public static (string Folder, string Name) ResolveDataset(string groundTruthRoot, string dataset)
    {
        var rootName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(groundTruthRoot)));
        if (DatasetLayout.FindKnownSubfolder(groundTruthRoot) is not null
            && string.Equals(rootName, dataset, StringComparison.OrdinalIgnoreCase))
        {
            return (groundTruthRoot, rootName);
        }

        var name = ResolveChildName(groundTruthRoot, dataset, "dataset", "--datasets");
        return (Path.Combine(groundTruthRoot, name), name);
    }

    /// <summary>Lists a dataset's ground truth: every image file in every group folder, sorted by group/stem.</summary>
    public static DatasetGroundTruth LoadGroundTruth(string groundTruthRoot, string dataset, string? groundTruthFolder = null)
    {
        (var datasetFolder, dataset) = ResolveDataset(groundTruthRoot, dataset);
        var groupRoot = DatasetLayout.GroupRoot(datasetFolder, groundTruthFolder);
        RequireDirectory(groupRoot, $"ground-truth folder of dataset {dataset}",
            "Check --gt-folder (GroundTruth, binary, or . for group folders directly in the dataset folder)");

        var (images, ignored) = ListGroups(groupRoot, "ground truth");
        if (images.Count == 0)
        {
            throw new DatasetException(
                $"{groupRoot}: dataset {dataset} has no ground-truth image (expected <group>/<stem>.png under it)."
                + (LayoutHints.ForEmptyDataset(groundTruthRoot, dataset, groupRoot) ?? " Check --gt, --datasets and --gt-folder."));
        }

        return new DatasetGroundTruth(dataset, groupRoot, images, ignored);
    }

    /// <summary>
    /// Lists a dataset's input images for a model: <c>&lt;root&gt;/&lt;Dataset&gt;/&lt;group&gt;/</c>, or the
    /// <c>Image/</c> (<c>image/</c>) sub-folder the datasets ship with, sorted by group/stem.
    /// </summary>
    public static DatasetImages LoadImages(string imagesRoot, string dataset)
    {
        RequireDirectory(imagesRoot, "image root", "Pass the folder that holds one folder per dataset with --images");
        var datasetFolder = Path.Combine(imagesRoot, ResolveChildName(imagesRoot, dataset, "dataset", "--images and --datasets"));
        var groupRoot = DatasetLayout.ImageGroupRoot(datasetFolder);
        var (images, ignored) = ListGroups(groupRoot, "input image");
        if (images.Count == 0)
        {
            throw new DatasetException(
                $"{groupRoot}: dataset {dataset} has no input image (expected <group>/<stem>.jpg or .png under it). "
                + "Check --images and --datasets.");
        }

        return new DatasetImages(dataset, groupRoot, images, ignored);
    }

    /// <summary>Every image of every group folder under <paramref name="groupRoot"/>, sorted by key; the rest listed as ignored.</summary>
    private static (List<DatasetImage> Images, List<IgnoredFile> Ignored) ListGroups(string groupRoot, string what)
    {
        var ignored = new List<IgnoredFile>();
        foreach (var file in ListFiles(groupRoot))
        {
            ignored.Add(new IgnoredFile(file, "file outside any group folder"));
        }

        var images = new List<DatasetImage>();
        foreach (var group in ListDirectories(groupRoot))
        {
            if (ImageFileNames.IsHidden(group))
            {
                ignored.Add(new IgnoredFile(group + "/", "hidden folder"));
                continue;
            }

            var groupFolder = Path.Combine(groupRoot, group);
            foreach (var sub in ListDirectories(groupFolder))
            {
                ignored.Add(new IgnoredFile(group + "/" + sub + "/", "folder inside a group folder"));
            }

            var byStem = PickPerStem(ListFiles(groupFolder), group, ignored, what);
            images.AddRange(byStem.Select(kv => new DatasetImage(group, kv.Key, Path.Combine(groupFolder, kv.Value))));
        }

        images.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        ignored.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return (images, ignored);
    }

    /// <summary>The methods under <paramref name="predictionRoot"/>: its non-hidden sub-folders.</summary>
    public static IReadOnlyList<string> DiscoverMethods(string predictionRoot)
    {
        RequireDirectory(predictionRoot, "prediction root", "Pass the folder that holds one folder per method with --pred");
        var methods = ListDirectories(predictionRoot).Where(d => !ImageFileNames.IsHidden(d)).ToList();
        if (methods.Count == 0)
        {
            throw new DatasetException(
                $"{predictionRoot}: no method folder found. Expected <pred>/<Method>/<Dataset>/<group>/<stem>.png.");
        }

        return methods;
    }

    /// <summary>
    /// Matches the maps in <c>&lt;predictionRoot&gt;/&lt;method&gt;/&lt;dataset&gt;/</c> to the ground truth.
    /// A group folder is matched by exact name, else by a unique case-insensitive match (noted).
    /// </summary>
    public static PredictionSet MatchPredictions(DatasetGroundTruth groundTruth, string predictionRoot, string method)
    {
        RequireDirectory(predictionRoot, "prediction root", "Pass the folder that holds one folder per method with --pred");
        method = ResolveChildName(predictionRoot, method, "method", "--methods");
        var methodFolder = Path.Combine(predictionRoot, method);
        var folder = ResolveChild(methodFolder, groundTruth.Name) ?? Path.Combine(methodFolder, groundTruth.Name);
        var notes = new List<string>();
        var ignored = new List<IgnoredFile>();
        var paths = new string?[groundTruth.Images.Count];
        if (!Directory.Exists(folder))
        {
            ThrowIfUnreachable(folder, $"the folder of dataset {groundTruth.Name} for method {method}");
            notes.Add($"no folder {groundTruth.Name} for method {method}: every prediction of this dataset is missing");
            return new PredictionSet(method, folder, false, paths,
                groundTruth.Images.Select(i => i.Key).ToList(), ignored, notes);
        }

        foreach (var file in ListFiles(folder))
        {
            ignored.Add(new IgnoredFile(file, "file outside any group folder"));
        }

        // Exact names first; then a group without an exact folder may take the one folder that differs from it
        // only in case, provided no other group claims that folder (exactly or by case).
        var predictionGroups = ListDirectories(folder);
        var exact = new HashSet<string>(predictionGroups.Where(g => groundTruth.Groups.Contains(g, StringComparer.Ordinal)), StringComparer.Ordinal);
        var groupFolders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in groundTruth.Groups)
        {
            if (exact.Contains(group))
            {
                groupFolders[group] = group;
                continue;
            }

            var candidates = predictionGroups
                .Where(g => !exact.Contains(g) && string.Equals(g, group, StringComparison.OrdinalIgnoreCase)).ToList();
            var rivals = groundTruth.Groups.Count(g => candidates.Count == 1 && !exact.Contains(g)
                && string.Equals(g, candidates[0], StringComparison.OrdinalIgnoreCase));
            if (candidates.Count == 1 && rivals == 1)
            {
                groupFolders[group] = candidates[0];
                notes.Add($"group '{group}' matched prediction folder '{candidates[0]}' by case only");
            }
        }

        var usedFolders = new HashSet<string>(groupFolders.Values, StringComparer.Ordinal);
        foreach (var orphanGroup in predictionGroups.Where(g => !usedFolders.Contains(g)))
        {
            ignored.Add(new IgnoredFile(orphanGroup + "/", "group folder without ground truth"));
        }

        var stemsByGroup = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (group, predictionGroup) in groupFolders)
        {
            var groupFolder = Path.Combine(folder, predictionGroup);
            foreach (var sub in ListDirectories(groupFolder))
            {
                ignored.Add(new IgnoredFile(predictionGroup + "/" + sub + "/", "folder inside a group folder"));
            }

            stemsByGroup[group] = PickPerStem(ListFiles(groupFolder), predictionGroup, ignored, "prediction");
        }

        var missing = new List<string>();
        var groundTruthKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < groundTruth.Images.Count; i++)
        {
            var image = groundTruth.Images[i];
            groundTruthKeys.Add(image.Key);
            if (stemsByGroup.TryGetValue(image.Group, out var stems) && stems.TryGetValue(image.Stem, out var file))
            {
                paths[i] = Path.Combine(folder, groupFolders[image.Group], file);
            }
            else
            {
                missing.Add(image.Key);
            }
        }

        foreach (var (group, stems) in stemsByGroup)
        {
            foreach (var (stem, file) in stems)
            {
                if (!groundTruthKeys.Contains(group + "/" + stem))
                {
                    ignored.Add(new IgnoredFile(groupFolders[group] + "/" + file, "no ground truth with this stem"));
                }
            }
        }

        ignored.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new PredictionSet(method, folder, true, paths, missing, ignored, notes);
    }

    /// <summary>
    /// Matches a model's input images to the ground truth for live evaluation: <see cref="PredictionSet.Paths"/>[i]
    /// is the input image whose map is scored against ground-truth image i. Groups are matched by exact name.
    /// Images without ground truth are still predicted (they belong to their group) but not scored; they are listed.
    /// </summary>
    public static PredictionSet MatchImages(DatasetGroundTruth groundTruth, DatasetImages images, string method)
    {
        var byKey = images.Images.ToDictionary(i => i.Key, i => i.Path, StringComparer.Ordinal);
        var paths = new string?[groundTruth.Images.Count];
        var missing = new List<string>();
        for (var i = 0; i < paths.Length; i++)
        {
            if (byKey.TryGetValue(groundTruth.Images[i].Key, out var path))
            {
                paths[i] = path;
            }
            else
            {
                missing.Add(groundTruth.Images[i].Key);
            }
        }

        var groundTruthKeys = groundTruth.Images.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var ignored = images.Ignored
            .Concat(images.Images
                .Where(i => !groundTruthKeys.Contains(i.Key))
                .Select(i => new IgnoredFile(Path.GetRelativePath(images.GroupRoot, i.Path).Replace('\\', '/'),
                    "input image without ground truth: predicted with its group, not scored")))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        var notes = new List<string>();
        if (missing.Count > 0)
        {
            notes.Add($"{missing.Count} ground-truth image(s) have no input image under {images.GroupRoot}");
        }

        return new PredictionSet(method, images.GroupRoot, true, paths, missing, ignored, notes);
    }

    /// <summary>
    /// One file per stem: the image with the preferred extension. Non-images, hidden files and
    /// lower-ranked duplicates are listed as ignored.
    /// </summary>
    private static SortedDictionary<string, string> PickPerStem(
        IReadOnlyList<string> files, string group, List<IgnoredFile> ignored, string what)
    {
        var chosen = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var rank = ImageFileNames.Rank(file);
            if (rank < 0 || ImageFileNames.IsHidden(file))
            {
                ignored.Add(new IgnoredFile(group + "/" + file, "not an image file name"));
                continue;
            }

            var stem = Path.GetFileNameWithoutExtension(file);
            if (chosen.TryGetValue(stem, out var existing))
            {
                var existingRank = ImageFileNames.Rank(existing);
                var (keep, drop) = Prefer(file, rank, existing, existingRank) ? (file, existing) : (existing, file);
                chosen[stem] = keep;
                ignored.Add(new IgnoredFile(group + "/" + drop, $"another {what} file with the same stem ({keep}) is used"));
            }
            else
            {
                chosen[stem] = file;
            }
        }

        return chosen;
    }

    /// <summary>
    /// Whether <paramref name="file"/> beats <paramref name="existing"/> for the same stem: the better-ranked
    /// extension, then a lower-case extension (what case-sensitive tools such as the MATLAB toolbox's
    /// <c>*.png</c> listing read), then the ordinal order of the names.
    /// </summary>
    private static bool Prefer(string file, int rank, string existing, int existingRank)
    {
        if (rank != existingRank)
        {
            return rank < existingRank;
        }

        var lower = IsLowerCaseExtension(file);
        if (lower != IsLowerCaseExtension(existing))
        {
            return lower;
        }

        return string.CompareOrdinal(file, existing) < 0;
    }

    private static bool IsLowerCaseExtension(string file)
    {
        var extension = Path.GetExtension(file);
        return string.Equals(extension, extension.ToLowerInvariant(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The name of the sub-folder of <paramref name="parent"/> that <paramref name="name"/> means, spelt as the folder
    /// is: the exact name, else the one folder that differs from it only in case.
    /// </summary>
    /// <exception cref="DatasetException">No such folder (the nearest names are suggested), or several differ only in case.</exception>
    private static string ResolveChildName(string parent, string name, string what, string option)
    {
        var children = Directory.Exists(parent) ? ListDirectories(parent).Where(d => !ImageFileNames.IsHidden(d)).ToList() : [];
        if (children.Contains(name, StringComparer.Ordinal))
        {
            return name;
        }

        var byCase = children.Where(d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byCase.Count == 1)
        {
            return byCase[0];
        }

        if (byCase.Count > 1)
        {
            throw new DatasetException(
                $"{Path.Combine(parent, name)}: {what} folder not found; {string.Join(" and ", byCase)} differ from it only in case. "
                + $"Give the exact name with {option}.");
        }

        var nearest = Suggestions.Nearest(name, children);
        var listed = children.Count <= 12 ? string.Join(", ", children) : string.Join(", ", children.Take(12)) + $", ... ({children.Count} in all)";
        throw new DatasetException(
            $"{Path.Combine(parent, name)}: {what} folder not found"
            + (nearest.Count > 0 ? $"; did you mean {string.Join(" or ", nearest)}?" : ".")
            + (children.Count > 0 ? $" The {what} folders in {parent} are: {listed}." : $" {parent} holds no {what} folder.")
            + $" Check {option}.");
    }

    private static string? ResolveChild(string parent, string name)
    {
        var exact = Path.Combine(parent, name);
        if (Directory.Exists(exact))
        {
            return exact;
        }

        ThrowIfUnreachable(exact, "the folder");

        if (!Directory.Exists(parent))
        {
            return null;
        }

        var candidates = ListDirectories(parent)
            .Where(d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return candidates.Count == 1 ? Path.Combine(parent, candidates[0]) : null;
    }

    private static void RequireDirectory(string path, string what, string advice)
    {
        if (File.Exists(path))
        {
            throw new DatasetException($"{path}: the {what} is a file, not a folder. {advice}.");
        }

        if (!Directory.Exists(path))
        {
            ThrowIfUnreachable(path, "the " + what);
            throw new DatasetException($"{path}: the {what} does not exist. {advice}.");
        }
    }

    /// <summary>A folder that is there but cannot be looked at is an error of its own, never "missing".</summary>
    private static void ThrowIfUnreachable(string path, string what)
    {
        if (Files.InputFile.Unreachable(path) is { } problem)
        {
            throw new DatasetException($"{path}: {what} cannot be reached: {problem}. Check the permissions of every folder on the path.");
        }
    }

    /// <summary>Names of the sub-folders, sorted ordinally; an unreadable folder becomes a <see cref="DatasetException"/>.</summary>
    internal static List<string> ListDirectories(string folder) =>
        Guard(folder, () => Directory.GetDirectories(folder).Select(p => Path.GetFileName(p)!).OrderBy(n => n, StringComparer.Ordinal).ToList());

    /// <summary>Names of the files, sorted ordinally; an unreadable folder becomes a <see cref="DatasetException"/>.</summary>
    internal static List<string> ListFiles(string folder) =>
        Guard(folder, () => Directory.GetFiles(folder).Select(p => Path.GetFileName(p)!).OrderBy(n => n, StringComparer.Ordinal).ToList());

    private static T Guard<T>(string folder, Func<T> list)
    {
        try
        {
            return list();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new DatasetException($"{folder}: the folder cannot be read ({e.Message}). Check that it exists and is readable.", e);
        }
    }
}
