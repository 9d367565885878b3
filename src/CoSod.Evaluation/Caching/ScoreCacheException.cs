namespace CoSod.Evaluation.Caching;

/// <summary>The cache folder cannot be created or written.</summary>
public sealed class ScoreCacheException(string folder, string problem, Exception? inner = null)
    : Exception($"{folder}: cannot create or write the cache folder ({problem})", inner)
{
    public string Folder { get; } = folder;
}
