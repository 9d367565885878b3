using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using CoSod.Data.Files;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Running;

namespace CoSod.Evaluation.Caching;

/// <summary>A cache entry that was not trusted, and whether this run wrote a sound one in its place.</summary>
public sealed record CorruptCacheEntry(string Path, string Problem, bool Rebuilt);

/// <summary>
/// Per-image results of <c>cosod eval --cache &lt;dir&gt;</c>: one file per pair under
/// <c>&lt;dir&gt;/&lt;first two hex digits&gt;/&lt;key hash&gt;.entry</c>, keyed by the SHA-256 of the prediction and ground-truth
/// bytes, the profile and its number-changing options, the image limits and the tool build
/// (<see cref="ScoreKeyScope"/>). A changed file or another build simply finds no entry. Each entry carries its format
/// version, its full key and a SHA-256 checksum (<see cref="ScoreCacheEntry"/>); one that fails any check is reported
/// in <see cref="CorruptEntries"/>, scored again and rewritten, never trusted. Entries are written to a unique
/// temporary file and renamed into place, so concurrent writers and interrupted runs never leave a half-written entry
/// under an entry name (and the checksum catches one a crash left anyway).
/// </summary>
/// <remarks>Thread-safe. The counters cover the lifetime of this instance, normally one run.</remarks>
public sealed class ScoreCache
{
    private const string EntryExtension = ".entry";

    /// <summary>An entry holds one pair's per-image scores, a few kilobytes; anything far larger is not an entry.</summary>
    private const long MaxEntryBytes = 16L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, CorruptCacheEntry> _corrupt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _writeFailures = new(StringComparer.Ordinal);
    private int _hits;
    private int _scored;

    private ScoreCache(string folder, string toolIdentity)
    {
        Folder = folder;
        ToolIdentity = toolIdentity;
    }

    /// <summary>
    /// The tool version, the identity of the assemblies that decode and score (deterministic builds: the same
    /// source gives the same identity), the decoders' own versions (ImageSharp keeps one assembly version across
    /// 2.x releases, and SkiaSharp's native libjpeg-turbo is not an assembly), the runtime and the machine
    /// architecture, so that entries of another version, build or platform are never found.
    /// </summary>
    public static string DefaultToolIdentity { get; } =
        EvaluationRunner.ToolVersion + " "
        + string.Join(",", new[] { typeof(ImageLimits), typeof(Metrics.PySod.PySodImageScores), typeof(ScoreCache) }
            .Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N")))
        + " " + InformationalVersion(typeof(SixLabors.ImageSharp.Image))
        + " " + InformationalVersion(typeof(SkiaSharp.SKCodec)) + "/" + SkiaSharp.SkiaSharpVersion.Native
        + " " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription
        + " " + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture;

    private static string InformationalVersion(Type type) =>
        type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? type.Assembly.GetName().Version?.ToString() ?? "?";

    public string Folder { get; }

    public string ToolIdentity { get; }

    /// <summary>Pairs whose scores came from the cache.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Pairs that were decoded and measured while this cache was in use.</summary>
    public int Scored => Volatile.Read(ref _scored);

    /// <summary>Entries that failed a check, sorted by path.</summary>
    public IReadOnlyList<CorruptCacheEntry> CorruptEntries =>
        _corrupt.Values.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();

    /// <summary>Entries that could not be written (path, reason), sorted by path; the results are unaffected.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> WriteFailures =>
        _writeFailures.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();

    /// <summary>Creates the folder if needed and checks that a file can be written in it.</summary>
    /// <exception cref="ScoreCacheException">The folder cannot be created or written.</exception>
    public static ScoreCache Open(string folder) => Open(folder, DefaultToolIdentity);

    /// <inheritdoc cref="Open(string)"/>
    /// <param name="folder">The cache folder.</param>
    /// <param name="toolIdentity">What stands for the tool version in every key.</param>
    public static ScoreCache Open(string folder, string toolIdentity)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(toolIdentity);
        try
        {
            var full = Path.GetFullPath(folder);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".probe-{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return new ScoreCache(full, toolIdentity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScoreCacheException(folder, e.Message, e);
        }
    }

    /// <summary>The key parts this cache's runs share.</summary>
    public ScoreKeyScope Scope(EvaluationProfile profile, ImageLimits limits, MetricSelection selection, Aggregation aggregation) =>
        new(profile, limits, selection, aggregation, ToolIdentity);

    /// <summary>SHA-256 (lower-case hex) of a file's bytes.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static string HashFile(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Where the entry of <paramref name="key"/> lives.</summary>
    public string EntryPath(ScoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Path.Combine(Folder, key.Hash[..2], key.Hash + EntryExtension);
    }

    /// <summary>
    /// Hands the cached payload of <paramref name="key"/> to <paramref name="read"/> (whether the prediction was resized,
    /// then the records). No entry is a plain miss; an entry that fails any check, or whose records
    /// <paramref name="read"/> refuses or leaves unread, is recorded in <see cref="CorruptEntries"/> and is a miss too.
    /// </summary>
    public bool TryGet(ScoreKey key, Action<bool, BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var path = EntryPath(key);
        if (InputFile.KindOf(path) == FileKind.Missing)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, MaxEntryBytes, "the entry is rebuilt");
        }
        catch (InputFileException e)
        {
            Corrupt(path, "unreadable: " + e.Problem);
            return false;
        }

        return TryRead(bytes, key, path, read);
    }

    /// <summary>The checks of <see cref="TryGet"/> on an entry's bytes, read from <paramref name="path"/>.</summary>
    internal bool TryRead(ReadOnlySpan<byte> bytes, ScoreKey key, string path, Action<bool, BinaryReader> read)
    {
        if (!ScoreCacheEntry.TryDecode(bytes, key, out var payload, out var problem))
        {
            Corrupt(path, problem);
            return false;
        }

        if (payload.Length < 1 || payload[0] > 1)
        {
            Corrupt(path, "malformed (no resized flag)");
            return false;
        }

        using var stream = new MemoryStream(payload[1..].ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            read(payload[0] == 1, reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException)
        {
            Corrupt(path, "payload not valid scores (" + e.Message + ")");
            return false;
        }

        if (stream.Position != stream.Length)
        {
            Corrupt(path, $"payload not valid scores ({stream.Length - stream.Position} trailing bytes)");
            return false;
        }

        Interlocked.Increment(ref _hits);
        return true;
    }

    /// <summary>Counts one pair decoded and measured (it goes into <see cref="Scored"/>).</summary>
    public void RecordScored() => Interlocked.Increment(ref _scored);

    /// <summary>
    /// Writes the entry of <paramref name="key"/> atomically (a unique temporary file renamed over the entry name).
    /// A failure is recorded in <see cref="WriteFailures"/>, never thrown: the run's results do not depend on it.
    /// </summary>
    /// <param name="key">The pair's key.</param>
    /// <param name="resized">Whether the prediction was resized.</param>
    /// <param name="write">Writes the pair's records.</param>
    public void Store(ScoreKey key, bool resized, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var payload = new MemoryStream();
        payload.WriteByte(resized ? (byte)1 : (byte)0);
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        var bytes = ScoreCacheEntry.Encode(key, payload.ToArray());
        var path = EntryPath(key);
        try
        {
            OutputBatch.WriteFile(path, bytes, durable: false);
        }
        catch (OutputException e)
        {
            _writeFailures[path] = e.InnerException?.Message ?? e.Message;
            return;
        }

        if (_corrupt.TryGetValue(path, out var corrupt))
        {
            _corrupt[path] = corrupt with { Rebuilt = true };
        }
    }

    private void Corrupt(string path, string problem) => _corrupt[path] = new CorruptCacheEntry(path, problem, Rebuilt: false);

}
