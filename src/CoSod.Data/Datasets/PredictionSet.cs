namespace CoSod.Data.Datasets;

/// <summary>
/// The predictions of one method for one dataset, aligned with <see cref="DatasetGroundTruth.Images"/>:
/// <see cref="Paths"/>[i] is the map for image i, or null when it is missing. Nothing is dropped unlisted.
/// </summary>
public sealed class PredictionSet
{
    public PredictionSet(
        string method, string folder, bool folderExists, IReadOnlyList<string?> paths,
        IReadOnlyList<string> missing, IReadOnlyList<IgnoredFile> ignored, IReadOnlyList<string> notes)
    {
        Method = method;
        Folder = folder;
        FolderExists = folderExists;
        Paths = paths;
        Missing = missing;
        Ignored = ignored;
        Notes = notes;
    }

    public string Method { get; }

    public string Folder { get; }

    public bool FolderExists { get; }

    public IReadOnlyList<string?> Paths { get; }

    /// <summary>Keys ("group/stem") of ground-truth images without a prediction.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Prediction-side files that were not used: no ground truth, not an image, or a lower-ranked duplicate.</summary>
    public IReadOnlyList<IgnoredFile> Ignored { get; }

    /// <summary>Matching decisions worth telling the user (a group matched by case only, say).</summary>
    public IReadOnlyList<string> Notes { get; }

    public int Available => Paths.Count(p => p is not null);
}
