using System.Text.Json;

namespace CoSod.Tests.Infrastructure;

/// <summary>
/// A copy of one of the test output's applications (cosod, cosod-models) with only the files its deps.json names for
/// linux-x64: the managed assemblies and that runtime's native libraries, ~20 MB for cosod instead of the test output's
/// ~700 MB. Tests run it in a child process where the test output cannot be used: as user nobody (who may not be able
/// to enter the clone's folder), or without a libtorch beside it.
/// </summary>
public static class AppCopy
{
    private static readonly string[] RuntimeFolders = ["linux-x64", "linux", "unix"];

    /// <param name="application">The entry assembly's name (cosod, cosod-models).</param>
    /// <param name="target">The folder to fill; created.</param>
    /// <param name="leaveOut">Libraries of the deps.json (package names, e.g. libtorch-cpu-linux-x64) not to copy.</param>
    /// <returns>The path of the entry assembly in the copy.</returns>
    public static string Make(string application, string target, params string[] leaveOut)
    {
        var source = AppContext.BaseDirectory;
        var files = new List<string> { application + ".dll", application + ".deps.json", application + ".runtimeconfig.json" };
        using (var deps = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(source, application + ".deps.json"))))
        {
            var libraries = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
            foreach (var library in libraries.EnumerateObject())
            {
                if (leaveOut.Contains(library.Name.Split('/')[0], StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (library.Value.TryGetProperty("runtime", out var runtime))
                {
                    files.AddRange(runtime.EnumerateObject().Select(a => Path.GetFileName(a.Name)));
                }

                if (library.Value.TryGetProperty("runtimeTargets", out var targets))
                {
                    files.AddRange(targets.EnumerateObject()
                        .Where(a => RuntimeFolders.Contains(a.Value.GetProperty("rid").GetString(), StringComparer.Ordinal))
                        .Select(a => a.Name));
                }
            }
        }

        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var from = Path.Combine(source, file);
            if (!File.Exists(from))
            {
                continue; // a runtime asset the build placed elsewhere is not needed by what the tests run
            }

            var to = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to, overwrite: true);
        }

        return Path.Combine(target, application + ".dll");
    }

    /// <summary>Total size of a folder's files, in bytes.</summary>
    public static long Size(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
