namespace CoSod.Data.Datasets;

/// <summary>One ground-truth mask: the group folder it sits in, its stem, and its file.</summary>
public sealed record GroundTruthImage(string Group, string Stem, string Path)
{
    /// <summary>"group/stem", the key every report and the ordinal image order use.</summary>
    public string Key => Group + "/" + Stem;
}
