namespace CoSod.Data.Datasets;

/// <summary>Which file names count as images, and which one wins when a stem has several.</summary>
public static class ImageFileNames
{
    /// <summary>Extensions in order of preference (png first), compared case-insensitively.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Preference rank of the file's extension, or -1 when it is not an image extension.</summary>
    public static int Rank(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        for (var i = 0; i < Extensions.Count; i++)
        {
            if (string.Equals(extension, Extensions[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool IsImage(string fileName) => Rank(fileName) >= 0;

    /// <summary>Hidden files and folders (.DS_Store, .git) are never groups or images.</summary>
    public static bool IsHidden(string name) => name.StartsWith('.');
}
