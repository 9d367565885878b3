namespace CoSod.Data.Files;

/// <summary>An input tree an output must stay out of.</summary>
/// <param name="Root">The folder the option names.</param>
/// <param name="Option">The option, as the user typed it (<c>--pred</c>).</param>
/// <param name="Reads">What a later run would take a folder under the root for ("a method", "a dataset").</param>
public sealed record InputRoot(string Root, string Option, string Reads);

/// <summary>
/// Checks where a command will write before it does any work, so a wrong <c>--out</c> fails in milliseconds rather
/// than after a whole evaluation: the path is not empty, is not a file, can be created and written, and does not lie
/// inside an input tree, where the next run would read the results back as a method or a dataset. A folder under a
/// hidden name (starting with '.') is the exception, because discovery skips hidden folders.
/// </summary>
public static class OutputLocation
{
    /// <summary>
    /// Checks an output folder without creating it: the path is not a file, the nearest folder that exists on the way
    /// to it can be written (a file is created and removed there), and it lies outside the input trees. The folder
    /// itself is created when the first file is written (<see cref="OutputBatch"/>), so a run refused for its input
    /// leaves nothing behind.
    /// </summary>
    /// <returns>The full path of the folder.</returns>
    /// <exception cref="OutputException">The folder cannot be used; the message says why and what to do.</exception>
    public static string CheckFolder(string folder, string option, IEnumerable<InputRoot>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new OutputException($"{option} ''", "an empty path", $"Pass a folder with {option}");
        }

        var full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new OutputException($"{option} {folder}", "it is a file, not a folder", $"Pass a folder with {option}, or remove the file");
        }

        CheckOutsideInputs(full, folder, option, inputs);
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new OutputException($"{option} {folder}", $"{existing} is a file, so the folder cannot be created",
                    $"Choose another {option}");
            }

            existing = Path.GetDirectoryName(existing)
                ?? throw new OutputException($"{option} {folder}", "no folder on the path exists", $"Choose another {option}");
        }

        try
        {
            var probe = Path.Combine(existing, $".cosod-probe-{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new OutputException($"{option} {folder}", "the folder cannot be created or written (" + e.Message + ")",
                $"Choose another {option}", e);
        }

        return full;
    }

    /// <summary>
    /// Checks the place of an output file (see <see cref="CheckFolder"/>) and that the file itself is not a folder.
    /// </summary>
    /// <returns>The full path of the file.</returns>
    /// <exception cref="OutputException">The file cannot be written there.</exception>
    public static string CheckFile(string file, string option, IEnumerable<InputRoot>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (string.IsNullOrWhiteSpace(file))
        {
            throw new OutputException($"{option} ''", "an empty path", $"Pass a file path with {option}");
        }

        var full = Path.GetFullPath(file);
        if (Directory.Exists(full) || file.EndsWith('/'))
        {
            throw new OutputException($"{option} {file}", "it is a folder, not a file", $"Pass a file path with {option}");
        }

        CheckFolder(Path.GetDirectoryName(full)!, option, inputs);
        return full;
    }

    /// <summary>Refuses a folder inside an input tree unless a hidden folder on the way keeps discovery out of it.</summary>
    private static void CheckOutsideInputs(string full, string given, string option, IEnumerable<InputRoot>? inputs)
    {
        var real = RealPath(full);
        foreach (var input in inputs ?? [])
        {
            var root = RealPath(Path.GetFullPath(input.Root));
            var relative = Path.GetRelativePath(root, real);
            var inside = relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative));
            if (!inside)
            {
                continue;
            }

            var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Any(p => p.StartsWith('.') && p != "." && p != ".."))
            {
                continue; // discovery never enters hidden folders
            }

            throw new OutputException($"{option} {given}",
                relative == "." ? $"it is the {input.Option} folder itself" : $"it lies inside the {input.Option} folder {input.Root}",
                $"The next run would read it as {input.Reads}. Choose a folder outside {input.Root}, "
                + "or one with a hidden name (starting with '.'), which discovery skips");
        }
    }

    /// <summary>
    /// The path with every symbolic link resolved, for the part that exists; the part that does not yet exist is
    /// appended as given. Enough to tell whether one folder lies inside another.
    /// </summary>
    internal static string RealPath(string fullPath)
    {
        var existing = fullPath;
        var rest = new Stack<string>();
        while (!Directory.Exists(existing) && !File.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null)
            {
                return fullPath;
            }

            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var resolved = Resolve(existing);
        while (rest.Count > 0)
        {
            resolved = Path.Combine(resolved, rest.Pop());
        }

        return resolved;
    }

    private static string Resolve(string existing)
    {
        var root = Path.GetPathRoot(existing)!;
        var current = root;
        var parts = new Queue<string>(existing[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        for (var hops = 0; parts.Count > 0 && hops < 64;)
        {
            var next = Path.Combine(current, parts.Dequeue());
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                hops++;
                var targetFull = Path.GetFullPath(target, current);
                var remaining = parts.ToArray();
                parts.Clear();
                var targetRoot = Path.GetPathRoot(targetFull)!;
                foreach (var p in targetFull[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
                {
                    parts.Enqueue(p);
                }

                foreach (var p in remaining)
                {
                    parts.Enqueue(p);
                }

                current = targetRoot;
                continue;
            }

            current = next;
        }

        return current;
    }
}
