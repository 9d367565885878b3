namespace CoSod.Data.Datasets;

/// <summary>
/// The ground truth of one dataset: its images sorted ordinally by "group/stem" (the order every reduction
/// walks, whatever the file system lists), its groups, and the files that were ignored, with why.
/// </summary>
public sealed class DatasetGroundTruth
{
    public DatasetGroundTruth(
        string name, string groupRoot, IReadOnlyList<DatasetImage> images, IReadOnlyList<IgnoredFile> ignored)
    {
        Name = name;
        GroupRoot = groupRoot;
        Images = images;
        Ignored = ignored;
        Groups = images.Select(i => i.Group).Distinct(StringComparer.Ordinal).ToList();
    }

    public string Name { get; }

    /// <summary>The folder that holds the group folders.</summary>
    public string GroupRoot { get; }

    public IReadOnlyList<DatasetImage> Images { get; }

    public IReadOnlyList<string> Groups { get; }

    public IReadOnlyList<IgnoredFile> Ignored { get; }
}

/// <summary>A file that takes no part in the evaluation, relative to its root, and the reason.</summary>
public sealed record IgnoredFile(string RelativePath, string Reason);
