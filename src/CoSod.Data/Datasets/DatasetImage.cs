namespace CoSod.Data.Datasets;

/// <summary>One image of a dataset (a ground-truth mask or an input image): its group folder, its stem, and its file.</summary>
public sealed record DatasetImage(string Group, string Stem, string Path)
{
    /// <summary>
    /// "group/stem", the key every report and the ordinal image order use; the stem alone for an image of a flat
    /// dataset (no group folders, <see cref="Group"/> empty: a PySODEvalToolkit image-mode dataset).
    /// </summary>
    public string Key => Group.Length == 0 ? Stem : Group + "/" + Stem;
}
