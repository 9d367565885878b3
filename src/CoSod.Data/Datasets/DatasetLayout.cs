namespace CoSod.Data.Datasets;

/// <summary>
/// Where a dataset keeps its ground-truth group folders. Three layouts occur in the wild:
/// <c>&lt;root&gt;/&lt;Dataset&gt;/&lt;group&gt;/</c> (eval-co-sod's gt folder),
/// <c>&lt;root&gt;/&lt;Dataset&gt;/GroundTruth/&lt;group&gt;/</c> (CoSal2015, CoSOD3k) and
/// <c>&lt;root&gt;/&lt;Dataset&gt;/binary/&lt;group&gt;/</c> (CoCA as it ships).
/// </summary>
public static class DatasetLayout
{
    /// <summary>Sub-folders that hold the group folders, tried in this order (case-insensitively).</summary>
    public static IReadOnlyList<string> KnownGroundTruthFolders { get; } = ["GroundTruth", "binary", "gt"];

    /// <summary>
    /// Sub-folders that hold a dataset's input images as the datasets ship them (CoSal2015 and CoSOD3k
    /// <c>Image/</c>, CoCA <c>image/</c>; matched case-insensitively). Without one, the group folders sit directly in
    /// the dataset folder.
    /// </summary>
    public static IReadOnlyList<string> KnownImageFolders { get; } = ["Image", "images"];

    /// <summary>
    /// The folder holding the group folders of <paramref name="datasetFolder"/>: the named sub-folder when
    /// <paramref name="groundTruthFolder"/> is given ("." for the dataset folder itself), else the first known
    /// one that exists, else the dataset folder.
    /// </summary>
    public static string GroupRoot(string datasetFolder, string? groundTruthFolder)
    {
        if (!string.IsNullOrEmpty(groundTruthFolder))
        {
            return groundTruthFolder == "." ? datasetFolder : Path.Combine(datasetFolder, groundTruthFolder);
        }

        return FindKnownSubfolder(datasetFolder) ?? datasetFolder;
    }

    /// <summary>The folder holding the group folders of a dataset's input images (see <see cref="KnownImageFolders"/>).</summary>
    public static string ImageGroupRoot(string datasetFolder) =>
        FindKnownSubfolder(datasetFolder, KnownImageFolders) ?? datasetFolder;

    /// <summary>The first known ground-truth sub-folder of <paramref name="folder"/>, matched case-insensitively.</summary>
    public static string? FindKnownSubfolder(string folder) => FindKnownSubfolder(folder, KnownGroundTruthFolders);

    private static string? FindKnownSubfolder(string folder, IReadOnlyList<string> knownFolders)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var children = DatasetDiscovery.ListDirectories(folder);
        foreach (var known in knownFolders)
        {
            var match = children.FirstOrDefault(c => string.Equals(c, known, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return Path.Combine(folder, match);
            }
        }

        return null;
    }
}
