namespace CoSod.Models.Weights;

/// <summary>
/// How strictly <see cref="CheckpointLoader"/> matches a file to a module. The defaults are strict: every key of
/// the module must be in the file and every key of the file in the module, with the same shape and dtype. Only
/// DataParallel's <c>module.</c> prefix is removed automatically, and only when every file key has it.
/// </summary>
/// <remarks>
/// An ignored key is taken out of its side before the two sides are compared. A file key that is ignored is never
/// read; a module key that is ignored is never written and keeps its value. So ignoring <c>classifier.</c> in the
/// file suits a module that omits the training-only classifier, while a key that exists on both sides but is
/// ignored on one of them is still reported (as missing or unexpected): that is always a caller's mistake.
/// </remarks>
public sealed class CheckpointLoadOptions
{
    /// <summary>Strict matching, the default.</summary>
    public static CheckpointLoadOptions Strict { get; } = new();

    /// <summary>File keys (after prefix stripping) that are not loaded and may be absent from the module.</summary>
    public Func<string, bool>? IgnoreFileKey { get; init; }

    /// <summary>File keys (after prefix stripping) starting with any of these are not loaded.</summary>
    public IReadOnlyList<string> IgnoreFilePrefixes { get; init; } = [];

    /// <summary>Module keys that are not loaded and may be absent from the file; they keep their values.</summary>
    public Func<string, bool>? IgnoreModuleKey { get; init; }

    /// <summary>Module keys starting with any of these are not loaded.</summary>
    public IReadOnlyList<string> IgnoreModulePrefixes { get; init; } = [];

    /// <summary>
    /// A prefix removed from every file key that has it (e.g. <c>"ginet."</c>). When null, DataParallel's
    /// <c>"module."</c> is removed if every file key has it and no module key does.
    /// </summary>
    public string? StripPrefix { get; init; }

    /// <summary>
    /// Whether BatchNorm's <c>num_batches_tracked</c> (an int64 counter that inference never reads) may be absent
    /// from either side, as PyTorch allows for files saved before it existed (0.4.1). A module counter the file
    /// lacks keeps its value.
    /// </summary>
    public bool NumBatchesTrackedOptional { get; init; }

    internal const string DataParallelPrefix = "module.";

    internal const string NumBatchesTrackedSuffix = "num_batches_tracked";

    internal bool IgnoresFileKey(string key) =>
        (IgnoreFileKey?.Invoke(key) ?? false) || IgnoreFilePrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    internal bool IgnoresModuleKey(string key) =>
        (IgnoreModuleKey?.Invoke(key) ?? false) || IgnoreModulePrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    internal bool IsOptional(string key) =>
        NumBatchesTrackedOptional && (key == NumBatchesTrackedSuffix || key.EndsWith("." + NumBatchesTrackedSuffix, StringComparison.Ordinal));
}
