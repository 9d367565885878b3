using System.Collections.Concurrent;

namespace CoSod.Data.Imaging;

/// <summary>One file whose corrupt data was decoded as the reference reader decodes it (--accept-corrupt).</summary>
/// <param name="Path">The file as it was read.</param>
/// <param name="Problem">What is wrong with its data, and how it was decoded, in words.</param>
public sealed record CorruptFile(string Path, string Problem);

/// <summary>
/// The files decoded despite corrupt data under <see cref="ImageLimits.AcceptCorrupt"/>, collected from any number
/// of threads and listed in path order (so the notes built from it do not depend on the thread count).
/// </summary>
public sealed class CorruptFileLog
{
    private readonly ConcurrentDictionary<string, CorruptFile> _files = new(StringComparer.Ordinal);

    public void Add(string path, string problem) => _files.TryAdd(path, new CorruptFile(path, problem));

    public bool Contains(string path) => _files.ContainsKey(path);

    /// <summary>The record of <paramref name="path"/>, or null when it was not decoded as corrupt.</summary>
    public CorruptFile? Find(string path) => _files.TryGetValue(path, out var file) ? file : null;

    /// <summary>Every file recorded, in ordinal path order.</summary>
    public IReadOnlyList<CorruptFile> Files => [.. _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)];
}
