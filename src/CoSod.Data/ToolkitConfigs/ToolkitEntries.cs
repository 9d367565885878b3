namespace CoSod.Data.ToolkitConfigs;

/// <summary>
/// One folder as a PySODEvalToolkit JSON describes it: the files <c>prefix + name + suffix</c> in <c>path</c>. The
/// suffix holds the extension (".png", "_fused_sod.png"); the name is what is left between prefix and suffix.
/// </summary>
/// <param name="Path">The folder as written in the JSON (relative paths are taken from the working folder, as the toolkit does).</param>
/// <param name="Prefix">Text every file name starts with ("" when the JSON has none).</param>
/// <param name="Suffix">Text every file name ends with, extension included; never empty.</param>
public sealed record ToolkitFiles(string Path, string Prefix, string Suffix)
{
    /// <summary>The folder, absolute.</summary>
    public string FullPath => System.IO.Path.GetFullPath(Path);

    /// <summary>The name a file stands for, or null when it does not have the prefix and the suffix.</summary>
    public string? NameOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return fileName.Length >= Prefix.Length + Suffix.Length
            && fileName.StartsWith(Prefix, StringComparison.Ordinal)
            && fileName.EndsWith(Suffix, StringComparison.Ordinal)
                ? fileName[Prefix.Length..^Suffix.Length]
                : null;
    }

    /// <summary>The file name of <paramref name="name"/>.</summary>
    public string FileOf(string name) => Prefix + name + Suffix;

    /// <summary>Why a file is not taken, in the words a user checks the JSON with.</summary>
    public string Mismatch(string fileName) =>
        !fileName.EndsWith(Suffix, StringComparison.Ordinal) ? $"does not end with the suffix '{Suffix}'"
        : !fileName.StartsWith(Prefix, StringComparison.Ordinal) ? $"does not start with the prefix '{Prefix}'"
        : "is no longer than the prefix and the suffix together";
}

/// <summary>A dataset of a PySODEvalToolkit dataset JSON: its masks and, optionally, an index file listing them.</summary>
/// <param name="Name">The JSON key.</param>
/// <param name="Mask">Where the ground-truth masks are.</param>
/// <param name="IndexFile">A .txt or .lst file of mask file names, one per line, instead of listing the folder; null when absent.</param>
public sealed record ToolkitDataset(string Name, ToolkitFiles Mask, string? IndexFile);

/// <summary>A method of a PySODEvalToolkit method JSON: where its maps of each dataset are, in the JSON's order.</summary>
/// <param name="Name">The JSON key.</param>
/// <param name="Datasets">Dataset name to its maps.</param>
public sealed record ToolkitMethod(string Name, IReadOnlyList<KeyValuePair<string, ToolkitFiles>> Datasets)
{
    /// <summary>The maps of <paramref name="dataset"/>, or null when the JSON gives this method none.</summary>
    public ToolkitFiles? For(string dataset) => Datasets.FirstOrDefault(d => string.Equals(d.Key, dataset, StringComparison.Ordinal)).Value;
}
