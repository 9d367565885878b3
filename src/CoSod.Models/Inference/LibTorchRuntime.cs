using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace CoSod.Models.Inference;

/// <summary>
/// Which libtorch the models run on. By default the one the package ships (TorchSharp's libtorch 2.10 NuGet package);
/// with <see cref="DirectoryVariable"/> set, an existing libtorch 2.10 folder instead, for example the <c>lib/</c> of a
/// pip-installed torch 2.10 with CUDA, so a GPU user needs no CUDA NuGet package. TorchSharp 0.107 has no setting for
/// this, so the folder's libraries are loaded by path (libtorch_cpu, libtorch_cuda when present, libtorch) before
/// anything touches <c>torch</c>; TorchSharp's shim then finds them already in the process. Without a libtorch beside
/// the application TorchSharp would silently copy ~480 MB out of the NuGet cache into <c>&lt;app&gt;/cpu/</c>, and two
/// copies of libtorch in one process abort it, so both cases are refused here with a message instead.
/// </summary>
public static partial class LibTorchRuntime
{
    /// <summary>The environment variable naming an existing libtorch folder (the one holding libtorch_cpu).</summary>
    public const string DirectoryVariable = "COSOD_LIBTORCH_DIR";

    /// <summary>The libtorch release TorchSharp 0.107's native shim is built against: 2.10.x only.</summary>
    public const string RequiredRelease = "2.10";

    private static readonly Lock Gate = new();
    private static ExternalLibTorch? external;
    private static ModelSetupException? failure;
    private static bool prepared;

    /// <summary>The libtorch loaded from <see cref="DirectoryVariable"/>, or null when the bundled one is used.</summary>
    public static ExternalLibTorch? External
    {
        get
        {
            lock (Gate)
            {
                return external;
            }
        }
    }

    /// <summary>What a report records about libtorch: its version, and its folder when it is not the bundled one.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Provenance => External is { } loaded
        ? [new("model_libtorch", loaded.Version), new("model_libtorch_dir", loaded.Folder)]
        : [new("model_libtorch", TorchSharp.torch.__version__.Split('.') is [var major, var minor, var patch, ..] ? $"{major}.{minor}.{patch} (bundled)" : TorchSharp.torch.__version__ + " (bundled)")];

    /// <summary>
    /// Loads the libtorch of <see cref="DirectoryVariable"/> when it is set; checks that there is a libtorch otherwise.
    /// Call before anything touches <c>torch</c>; later calls return what the first one did.
    /// </summary>
    /// <exception cref="ModelSetupException">The folder is unusable, not 2.10, or the application also ships a libtorch; or there is none.</exception>
    public static ExternalLibTorch? Prepare()
    {
        lock (Gate)
        {
            if (!prepared)
            {
                prepared = true;
                try
                {
                    external = Load(Environment.GetEnvironmentVariable(DirectoryVariable), ApplicationNativeFolders());
                }
                catch (ModelSetupException e)
                {
                    failure = e;
                }
            }

            return failure is not null ? throw failure : external;
        }
    }

    /// <summary>Checks <paramref name="folder"/> (null: the variable is unset) against the application's own native folders, then loads it.</summary>
    internal static ExternalLibTorch? Load(string? folder, IReadOnlyList<string> applicationFolders)
    {
        var bundled = applicationFolders.FirstOrDefault(d => File.Exists(Path.Combine(d, LibraryFile("torch_cpu"))));
        if (string.IsNullOrEmpty(folder))
        {
            return bundled is not null
                ? null
                : throw new ModelSetupException(
                    $"this package holds no libtorch ({LibraryFile("torch_cpu")} is in none of {string.Join(", ", applicationFolders)}). "
                    + $"Set {DirectoryVariable} to a libtorch {RequiredRelease} folder (e.g. the lib/ of a pip torch {RequiredRelease}), or install "
                    + "the model package that bundles it (README, Install).");
        }

        var found = Inspect(folder);
        if (bundled is not null)
        {
            throw new ModelSetupException(
                $"{DirectoryVariable}={folder}: this application ships its own libtorch ({Path.Combine(bundled, LibraryFile("torch_cpu"))}), "
                + "and two copies of libtorch in one process abort it. Unset the variable to use the bundled CPU libtorch, or use a "
                + "build without it (dotnet pack src/CoSod.Cli.Models -p:TorchBackend=external; README, Models).");
        }

        foreach (var library in new[] { "torch_cpu", "torch_cuda", "torch" })
        {
            var path = Path.Combine(found.Folder, LibraryFile(library));
            if (library == "torch_cuda" && !File.Exists(path))
            {
                continue;
            }

            try
            {
                NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new ModelSetupException($"{DirectoryVariable}={folder}: {path} cannot be loaded ({e.Message}).", e);
            }
        }

        return found;
    }

    /// <summary>The folder and its libtorch version, without loading anything.</summary>
    /// <exception cref="ModelSetupException">Not a folder, no libtorch in it, no version found, or not 2.10.</exception>
    internal static ExternalLibTorch Inspect(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(full))
        {
            throw new ModelSetupException($"{DirectoryVariable}={folder}: no such folder. Point it at the folder holding "
                + $"{LibraryFile("torch_cpu")} (e.g. .../site-packages/torch/lib).");
        }

        foreach (var required in new[] { "torch_cpu", "torch" })
        {
            if (!File.Exists(Path.Combine(full, LibraryFile(required))))
            {
                throw new ModelSetupException($"{DirectoryVariable}={folder}: {LibraryFile(required)} is not in it. Point it at the folder "
                    + "holding libtorch's libraries (e.g. .../site-packages/torch/lib, or libtorch/lib of a libtorch download).");
            }
        }

        var parent = Path.GetDirectoryName(full) ?? full;
        var sources = new[]
        {
            Path.Combine(parent, "version.py"),
            Path.Combine(full, "build-version"),
            Path.Combine(parent, "build-version"),
        };
        foreach (var source in sources)
        {
            if (!File.Exists(source))
            {
                continue;
            }

            var version = ReadVersion(source);
            if (version is null)
            {
                throw new ModelSetupException($"{DirectoryVariable}={folder}: {source} holds no version string; cannot tell whether it is libtorch {RequiredRelease}.");
            }

            if (!Release().IsMatch(version))
            {
                throw new ModelSetupException($"{DirectoryVariable}={folder}: it is libtorch {version} ({source}), but TorchSharp 0.107 "
                    + $"needs libtorch {RequiredRelease}.x. Point it at a torch {RequiredRelease} installation, or unset it to use the bundled libtorch.");
            }

            return new ExternalLibTorch(full, version, source);
        }

        throw new ModelSetupException($"{DirectoryVariable}={folder}: its version is not known: neither {sources[0]} (pip torch) nor a "
            + $"build-version file (libtorch downloads) is there. cosod needs libtorch {RequiredRelease}.x; write the version into "
            + $"{sources[1]} if you know it.");
    }

    /// <summary>The version in a pip torch <c>version.py</c> (<c>__version__ = '2.10.0+cu128'</c>) or a <c>build-version</c> file.</summary>
    internal static string? ReadVersion(string file)
    {
        var text = File.ReadAllText(file);
        if (string.Equals(Path.GetFileName(file), "version.py", StringComparison.Ordinal))
        {
            var match = PythonVersion().Match(text);
            return match.Success ? match.Groups[1].Value : null;
        }

        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? null : line;
    }

    /// <summary>The folders the host searches for this application's native libraries (the app folder and runtimes/&lt;rid&gt;/native).</summary>
    private static List<string> ApplicationNativeFolders()
    {
        var folders = new List<string> { Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory) };
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searched)
        {
            folders.AddRange(searched.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.TrimEndingDirectorySeparator));
        }

        var torchSharp = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (!string.IsNullOrEmpty(torchSharp))
        {
            folders.Add(torchSharp);
        }

        return folders.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string LibraryFile(string name) =>
        OperatingSystem.IsWindows() ? name + ".dll" : OperatingSystem.IsMacOS() ? "lib" + name + ".dylib" : "lib" + name + ".so";

    [GeneratedRegex(@"^__version__\s*=\s*['""]([^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex PythonVersion();

    [GeneratedRegex(@"^2\.10\.\d+([^\d].*)?$")]
    private static partial Regex Release();
}

/// <summary>A libtorch loaded from outside the application.</summary>
/// <param name="Folder">The folder holding its libraries, absolute.</param>
/// <param name="Version">Its version as the folder states it (2.10.0+cu128).</param>
/// <param name="VersionSource">The file the version was read from.</param>
public sealed record ExternalLibTorch(string Folder, string Version, string VersionSource);
