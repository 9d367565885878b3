using System.Diagnostics;

namespace CoSod.Tests.Hardening;

/// <summary>Makes the file-system entries no input may be read from: FIFOs, links to devices, undecodable names.</summary>
internal static class SpecialFiles
{
    public static string Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Run("mkfifo", path);
        return path;
    }

    public static string LinkTo(string path, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>Copies <paramref name="source"/> to a file in <paramref name="folder"/> whose name holds the byte 0xFF (not UTF-8).</summary>
    public static void CopyUnderNonUtf8Name(string source, string folder, string prefix, string extension)
    {
        Directory.CreateDirectory(folder);
        Run("bash", "-c", $"cp \"$0\" \"$1\"/{prefix}$'\\xff'{extension}", source, folder);
    }

    /// <summary>Runs <paramref name="action"/> and fails when it has not returned in 30 s (a read that blocks on a FIFO).</summary>
    public static T WithinHangGuard<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "the call hung (blocked on a special file?)");
        return task.Result;
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {process.StandardError.ReadToEnd()}");
    }
}
