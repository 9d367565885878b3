using CoSod.Data.Datasets;

namespace CoSod.Data.ToolkitConfigs;

/// <summary>
/// The names a folder (or an index file) holds under a PySODEvalToolkit rule, as utils/misc.py lists them: flat
/// (<c>get_name_list</c>: the files of the folder) or grouped (<c>get_name_with_group_list</c>: the files of each
/// sub-folder, keyed group/name). What is not taken is listed with the reason.
/// </summary>
internal static class ToolkitListing
{
    /// <summary>Name (group/name when grouped) to the file's path, and the files not taken.</summary>
    public sealed record Listing(SortedDictionary<string, DatasetImage> Images, List<IgnoredFile> Ignored, List<string> Notes);

    public static Listing Folder(ToolkitFiles files, bool grouped, string where)
    {
        var root = files.FullPath;
        if (files.Path.Contains('*', StringComparison.Ordinal))
        {
            throw new ToolkitConfigException($"{where}: the path {files.Path} holds '*', PySODEvalToolkit's pattern for video "
                + "datasets (VCOD); cosod reads co-saliency groups as the sub-folders of one folder. Give the folder itself.");
        }

        if (!Directory.Exists(root))
        {
            throw new ToolkitConfigException($"{where}: the folder {files.Path} ({root}) does not exist"
                + (File.Exists(root) ? " (it is a file)" : string.Empty)
                + ". Paths are taken from the working folder, as PySODEvalToolkit takes them; check the path or run from the folder the JSON assumes.");
        }

        var listing = new Listing(new SortedDictionary<string, DatasetImage>(StringComparer.Ordinal), [], []);
        if (!grouped)
        {
            Take(listing, root, string.Empty, files);
            foreach (var folder in DatasetDiscovery.ListDirectories(root))
            {
                listing.Ignored.Add(new IgnoredFile(folder + "/", "a folder (the image mode reads the files of the folder itself)"));
            }

            return listing;
        }

        foreach (var file in DatasetDiscovery.ListFiles(root))
        {
            listing.Ignored.Add(new IgnoredFile(file, "file outside any group folder (the grouped mode reads sub-folders)"));
        }

        foreach (var group in DatasetDiscovery.ListDirectories(root))
        {
            Take(listing, Path.Combine(root, group), group, files);
        }

        var undated = listing.Images.Values.FirstOrDefault(i => i.Stem.Length == 0 || !char.IsAsciiDigit(i.Stem[^1]));
        if (undated is not null)
        {
            listing.Notes.Add($"{where}: '{undated.Key}' does not end in digits; PySODEvalToolkit's grouped mode sorts each group's "
                + "frames by their trailing number and would stop there (IndexError); cosod scores it");
        }

        return listing;
    }

    /// <summary>
    /// Names from an index file: one file name per line, taken through the rule, in the toolkit's way: reading stops at
    /// the first blank line.
    /// </summary>
    public static Listing Index(string indexFile, ToolkitFiles files, string where)
    {
        if (!(indexFile.EndsWith(".txt", StringComparison.Ordinal) || indexFile.EndsWith(".lst", StringComparison.Ordinal)))
        {
            throw new ToolkitConfigException($"{where}: index_file {indexFile} must be a .txt or .lst file (PySODEvalToolkit asserts it).");
        }

        string[] lines;
        try
        {
            var bytes = Files.InputFile.ReadAllBytes(indexFile, 64L << 20, "An index file lists names; check the path");
            lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        }
        catch (Files.InputFileException e)
        {
            throw new ToolkitConfigException($"{where}: index_file {e.Message}");
        }

        var listing = new Listing(new SortedDictionary<string, DatasetImage>(StringComparer.Ordinal), [], []);
        var root = files.FullPath;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                var rest = lines.Skip(i + 1).Count(l => l.Trim().Length > 0);
                if (rest > 0)
                {
                    listing.Notes.Add($"{where}: index_file {indexFile} has a blank line at line {i + 1}; PySODEvalToolkit stops reading "
                        + $"there, so the {rest} line(s) after it are left out here too");
                }

                break;
            }

            if (files.NameOf(line) is not { } name)
            {
                listing.Ignored.Add(new IgnoredFile("(index) " + line, files.Mismatch(line)));
                continue;
            }

            var path = Path.Combine(root, files.FileOf(name));
            if (!File.Exists(path))
            {
                throw new ToolkitConfigException($"{where}: index_file {indexFile} line {i + 1} names {line}, but {path} does not exist. "
                    + "Fix the index file or the mask path.");
            }

            listing.Images[name] = new DatasetImage(string.Empty, name, path);
        }

        return listing;
    }

    private static void Take(Listing listing, string folder, string group, ToolkitFiles files)
    {
        var prefix = group.Length == 0 ? string.Empty : group + "/";
        foreach (var file in DatasetDiscovery.ListFiles(folder))
        {
            if (files.NameOf(file) is { } name)
            {
                var image = new DatasetImage(group, name, Path.Combine(folder, file));
                listing.Images[image.Key] = image;
            }
            else
            {
                listing.Ignored.Add(new IgnoredFile(prefix + file, files.Mismatch(file)));
            }
        }

        if (group.Length > 0)
        {
            foreach (var sub in DatasetDiscovery.ListDirectories(folder))
            {
                listing.Ignored.Add(new IgnoredFile(prefix + sub + "/", "folder inside a group folder"));
            }
        }
    }
}
