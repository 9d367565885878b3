using static Tmds.Linux.LibC;

namespace CoSod.Data.Files;

/// <summary>An output that cannot be written; the message names the path, what went wrong and what to do.</summary>
public sealed class OutputException(string path, string problem, string advice, Exception? inner = null)
    : IOException($"{path}: {problem}. {advice}", inner)
{
    public string TargetPath { get; } = path;
}

/// <summary>
/// Files of one command written together, so that none is ever seen half-written and none is written through a
/// symbolic link. Each file goes to a fresh temporary name in its own folder (created exclusively, so a link planted
/// at that name is never followed), is flushed to disk, and is renamed into place only at <see cref="Commit"/>;
/// renaming replaces a link at the target name instead of writing into what it points at. A file named as the
/// <em>anchor</em> (metrics.json beside metrics.csv and metrics.md) is deleted before the others are renamed and is
/// renamed last, so an anchor on disk always belongs with the files beside it, whatever moment a run is killed at.
/// Disposing without committing removes the temporaries and leaves every earlier file as it was.
/// </summary>
public sealed class OutputBatch : IDisposable
{
    private readonly List<(string Target, string Temporary)> _files = [];
    private readonly bool _durable;
    private bool _committed;

    /// <param name="durable">Flush each file and the folder to disk (results); false for self-checking files that
    /// are cheap to lose, such as cache entries, which a checksum guards and a miss rebuilds.</param>
    public OutputBatch(bool durable = true) => _durable = durable;

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="path"/> at <see cref="Commit"/>.</summary>
    /// <exception cref="OutputException">The temporary file cannot be written (full disk, no permission).</exception>
    public void Add(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Add(path, stream => stream.Write(copy));
    }

    /// <summary>Writes what <paramref name="write"/> puts in the stream as <paramref name="path"/> at <see cref="Commit"/>.</summary>
    /// <exception cref="OutputException">The temporary file cannot be written (full disk, no permission).</exception>
    public void Add(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(_committed, this);
        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: _durable);
            }

            _files.Add((target, temporary));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new OutputException(target, "cannot be written (" + e.Message + ")",
                "Check that the folder is writable and the disk has room", e);
        }
    }

    /// <summary>
    /// Renames every file into place: the anchor's previous version is deleted first and the anchor renamed last.
    /// Nothing is renamed when a target is a folder (checked for all of them before the first rename).
    /// </summary>
    /// <param name="anchor">The path of the file that vouches for the others, or null when they are independent.</param>
    /// <exception cref="OutputException">A target is a folder, or a rename failed.</exception>
    public void Commit(string? anchor = null)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        var anchorPath = anchor is null ? null : Path.GetFullPath(anchor);
        foreach (var (target, _) in _files)
        {
            if (Directory.Exists(target) && new DirectoryInfo(target).LinkTarget is null)
            {
                throw new OutputException(target, "a folder stands where this file is to be written",
                    "Remove or rename that folder, or choose another output location");
            }
        }

        try
        {
            if (anchorPath is not null && (File.Exists(anchorPath) || new FileInfo(anchorPath).LinkTarget is not null))
            {
                File.Delete(anchorPath);
            }

            foreach (var (target, temporary) in _files.Where(f => f.Target != anchorPath))
            {
                File.Move(temporary, target, overwrite: true);
            }

            foreach (var (target, temporary) in _files.Where(f => f.Target == anchorPath))
            {
                File.Move(temporary, target, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException(anchorPath ?? _files[0].Target, "cannot be put in place (" + e.Message + ")",
                "Check the output folder; no result file there claims to be complete", e);
        }

        _committed = true;
        if (_durable)
        {
            foreach (var folder in _files.Select(f => Path.GetDirectoryName(f.Target)!).Distinct(StringComparer.Ordinal))
            {
                SyncFolder(folder);
            }
        }
    }

    public void Dispose()
    {
        if (!_committed)
        {
            foreach (var (_, temporary) in _files)
            {
                TryDelete(temporary);
            }
        }

        _files.Clear();
        _committed = true;
    }

    /// <summary>Writes one file atomically (see <see cref="OutputBatch"/>).</summary>
    /// <exception cref="OutputException">The file cannot be written.</exception>
    public static void WriteFile(string path, ReadOnlySpan<byte> bytes, bool durable = true)
    {
        using var batch = new OutputBatch(durable);
        batch.Add(path, bytes);
        batch.Commit();
    }

    /// <inheritdoc cref="WriteFile(string, ReadOnlySpan{byte}, bool)"/>
    public static void WriteFile(string path, string text) => WriteFile(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Makes the renames durable: without it a power cut can bring the old names back.</summary>
    private static unsafe void SyncFolder(string folder)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(folder + "\0");
        fixed (byte* name = bytes)
        {
            var fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            if (fd >= 0)
            {
                fsync(fd);
                close(fd);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stray temporary file is hidden and never read as a result.
        }
    }
}
