using System.Diagnostics.CodeAnalysis;
using TorchSharp;

namespace CoSod.Models.Weights;

/// <summary>
/// The tensors of one checkpoint file, by key, in the file's order. Every tensor is on the CPU, contiguous, and
/// owned by this object: dispose it once the weights are copied into a module.
/// </summary>
public sealed class StateDictionary : IDisposable
{
    private readonly List<string> _keys;
    private readonly Dictionary<string, torch.Tensor> _tensors;
    private bool _disposed;

    internal StateDictionary(
        string sourcePath,
        CheckpointFormat format,
        string sha256,
        string? wrapperKey,
        IReadOnlyList<(string Key, torch.Tensor Tensor)> entries)
    {
        SourcePath = sourcePath;
        Format = format;
        Sha256 = sha256;
        WrapperKey = wrapperKey;
        _keys = new List<string>(entries.Count);
        _tensors = new Dictionary<string, torch.Tensor>(entries.Count, StringComparer.Ordinal);
        foreach (var (key, tensor) in entries)
        {
            if (!_tensors.TryAdd(key, tensor))
            {
                throw new ArgumentException($"key '{key}' appears twice", nameof(entries));
            }

            _keys.Add(key);
        }
    }

    /// <summary>The keys in the order the file stores them.</summary>
    public IReadOnlyList<string> Keys => _keys;

    public int Count => _keys.Count;

    public CheckpointFormat Format { get; }

    /// <summary>The full path of the file read.</summary>
    public string SourcePath { get; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex: what identifies the weights in a results file.</summary>
    public string Sha256 { get; }

    /// <summary>
    /// The key of the enclosing checkpoint dict under which the state dict was found (<c>"state_dict"</c>,
    /// <c>"model_state_dict"</c> or <c>"model"</c>), or null when the file's top level is the state dict itself.
    /// </summary>
    public string? WrapperKey { get; }

    public torch.Tensor this[string key]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _tensors.TryGetValue(key, out var tensor)
                ? tensor
                : throw new KeyNotFoundException($"'{key}' is not a key of {SourcePath}");
        }
    }

    public bool TryGet(string key, [MaybeNullWhen(false)] out torch.Tensor tensor)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _tensors.TryGetValue(key, out tensor);
    }

    public bool ContainsKey(string key) => _tensors.ContainsKey(key);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var tensor in _tensors.Values)
        {
            tensor.Dispose();
        }
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
