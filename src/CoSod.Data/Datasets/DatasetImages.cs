namespace CoSod.Data.Datasets;

/// <summary>
/// The input images of one dataset, for a model: sorted ordinally by "group/stem" and split into groups, since a
/// co-saliency model sees one whole group folder at a time.
/// </summary>
public sealed class DatasetImages
{
    public DatasetImages(string name, string groupRoot, IReadOnlyList<DatasetImage> images, IReadOnlyList<IgnoredFile> ignored)
    {
        Name = name;
        GroupRoot = groupRoot;
        Images = images;
        Ignored = ignored;
        Groups = images.GroupBy(i => i.Group, StringComparer.Ordinal)
            .Select(g => new ImageGroup(g.Key, g.ToList()))
            .ToList();
    }

    public string Name { get; }

    /// <summary>The folder that holds the group folders.</summary>
    public string GroupRoot { get; }

    public IReadOnlyList<DatasetImage> Images { get; }

    /// <summary>The groups in ordinal order, each with its images in ordinal stem order.</summary>
    public IReadOnlyList<ImageGroup> Groups { get; }

    public IReadOnlyList<IgnoredFile> Ignored { get; }
}

/// <summary>One group folder's images.</summary>
public sealed record ImageGroup(string Name, IReadOnlyList<DatasetImage> Images);
