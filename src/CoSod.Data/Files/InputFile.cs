using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace CoSod.Data.Files;

/// <summary>
/// A file that cannot be read as input: the message names it, says what is wrong and what to do, in one line.
/// </summary>
public sealed class InputFileException(string path, string problem, string advice, Exception? inner = null)
    : IOException($"{path}: {problem}. {advice}", inner)
{
    public string FilePath { get; } = path;

    public string Problem { get; } = problem;

    public string Advice { get; } = advice;
}

/// <summary>
/// Opens input files (maps, masks, cache entries, metrics.json) only when they are regular files. .NET's
/// <see cref="FileInfo"/> reports <c>/dev/zero</c> and a FIFO as ordinary files of length 0, so a size cap alone lets
/// a read run forever (or until memory runs out). Here the file is opened without blocking (a FIFO with no writer
/// cannot hang the open), its type is taken from <c>fstat</c> on the open descriptor (so it cannot be swapped between
/// the check and the read), and anything but a regular file is refused by type before a byte is read. Symbolic links
/// to regular files are followed, as every toolbox follows them.
/// </summary>
public static unsafe class InputFile
{
    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="InputFileException">The file is missing, unreachable or not a regular file.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 1 << 16)
    {
        var handle = OpenRegular(path, out _);
        return new FileStream(handle, FileAccess.Read, bufferSize);
    }

    /// <summary>
    /// The whole file, refused when it is over <paramref name="maxBytes"/> (checked on its size before reading, and
    /// again while reading, so a file that grows meanwhile is still refused).
    /// </summary>
    /// <exception cref="InputFileException">The file is missing, unreachable, not a regular file, or too large.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string tooLargeAdvice)
    {
        using var handle = OpenRegular(path, out var size);
        if (size > maxBytes)
        {
            throw new InputFileException(path, $"the file is {size} bytes, over the {maxBytes}-byte limit", tooLargeAdvice);
        }

        try
        {
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            var buffer = new byte[size];
            var filled = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (filled < buffer.Length)
            {
                // The file shrank while it was read: take what it holds now.
                return buffer.AsSpan(0, filled).ToArray();
            }

            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) > 0)
            {
                throw new InputFileException(path, "the file grew while it was read", "Read it when nothing is writing to it");
            }

            return buffer;
        }
        catch (IOException e) when (e is not InputFileException)
        {
            throw new InputFileException(path, "the file cannot be read (" + e.Message + ")", "Check the disk and the file", e);
        }
    }

    /// <summary>What <paramref name="path"/> is, following symbolic links, without opening it.</summary>
    public static FileKind KindOf(string path)
    {
        stat status;
        int result;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            result = stat(name, &status);
        }

        return result == 0 ? KindOf(status.st_mode) : FileKind.Missing;
    }

    /// <summary>
    /// Why <paramref name="path"/> cannot be reached, in words, when it exists for all the caller knows but cannot be
    /// looked at (a folder on its path that the process may not enter, a file where a folder should be, a link loop);
    /// null when it can be reached or simply does not exist. .NET's Directory.Exists and File.Exists answer false for
    /// all of these alike, which would report an unreadable folder as a missing one.
    /// </summary>
    public static string? Unreachable(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        stat status;
        int result, error;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            result = stat(name, &status);
            error = result == 0 ? 0 : errno;
        }

        return result == 0 || error == ENOENT ? null : OpenFailure(path, error).Problem;
    }

    /// <summary>An open descriptor of a regular file and its size; anything else is refused by type.</summary>
    private static SafeFileHandle OpenRegular(string path, out long size)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new InputFileException("''", "an empty path", "Pass the path of a file");
        }

        if (path.Contains('\0'))
        {
            throw new InputFileException(path.Replace("\0", "\\0"), "the path holds a NUL character", "Pass a valid path");
        }

        int fd;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            do
            {
                fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
            }
            while (fd < 0 && errno == EINTR);
        }

        if (fd < 0)
        {
            throw OpenFailure(path, errno);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        stat status;
        if (fstat(fd, &status) != 0)
        {
            var error = errno;
            handle.Dispose();
            throw OpenFailure(path, error);
        }

        var kind = KindOf(status.st_mode);
        if (kind != FileKind.Regular)
        {
            handle.Dispose();
            throw new InputFileException(path, $"it is {Describe(kind)}, not a regular file", AdviceFor(kind));
        }

        size = status.st_size;
        return handle;
    }

    private static FileKind KindOf(mode_t mode) => ((ushort)mode & (ushort)S_IFMT) switch
    {
        var m when m == (ushort)S_IFREG => FileKind.Regular,
        var m when m == (ushort)S_IFDIR => FileKind.Directory,
        var m when m == (ushort)S_IFCHR => FileKind.CharacterDevice,
        var m when m == (ushort)S_IFBLK => FileKind.BlockDevice,
        var m when m == (ushort)S_IFIFO => FileKind.Fifo,
        var m when m == (ushort)S_IFSOCK => FileKind.Socket,
        _ => FileKind.Other,
    };

    /// <summary>The kind in words, with an article: "a FIFO (named pipe)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.CharacterDevice => "a character device (such as /dev/zero)",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.Missing => "missing",
        _ => "a special file",
    };

    private static string AdviceFor(FileKind kind) => kind == FileKind.Directory
        ? "Pass a file, not a folder"
        : "Replace it with a regular file, or remove it (a symbolic link must point at a regular file)";

    private static InputFileException OpenFailure(string path, int error)
    {
        if (error == ENOENT && path.Contains('\uFFFD'))
        {
            // Names that are not valid UTF-8 come back from a folder listing with U+FFFD in place of the bad bytes,
            // and no file has that name.
            return new InputFileException(path, "its name is not valid UTF-8, so it cannot be opened by name",
                "Rename the file with a UTF-8 name");
        }

        return error switch
        {
            _ when error == ENOENT => new InputFileException(path, "the file does not exist", "Check the path"),
            _ when error == EACCES => new InputFileException(path,
                "permission denied (the file cannot be read, or a folder above it cannot be entered)",
                "Check the permissions of the file and of every folder above it"),
            _ when error == ENOTDIR => new InputFileException(path, "a part of the path is a file, not a folder", "Check the path"),
            _ when error == ELOOP => new InputFileException(path, "a symbolic link loop", "Fix the symbolic links on the path"),
            _ when error == ENAMETOOLONG => new InputFileException(path, "the path is too long", "Use a shorter path"),
            _ when error == ENXIO => new InputFileException(path, "it is a socket or a device without a reader, not a regular file",
                AdviceFor(FileKind.Socket)),
            _ => new InputFileException(path, $"the file cannot be opened ({Message(error)})", "Check the file"),
        };
    }

    private static string Message(int error) => new System.ComponentModel.Win32Exception(error).Message;
}

/// <summary>The type of a file-system entry, after following symbolic links.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Other,
}
