using TorchSharp;

namespace CoSod.Models.Weights;

/// <summary>
/// Copies a <see cref="StateDictionary"/> into a module, all or nothing. Every key, shape and dtype of the module's
/// <c>state_dict()</c> is checked against the file first, and every problem is reported at once in a
/// <see cref="CheckpointMismatchException"/>; only a file that passes is copied.
/// </summary>
/// <remarks>
/// TorchSharp's own <c>load_state_dict</c> reports only that the key sets differ, not which keys; it copies with
/// <c>copy_</c>, which silently broadcasts a [1] tensor into a [64] bias and casts float64 to float32; and it stops
/// at the first shape <c>copy_</c> refuses, leaving the module half-loaded. Here a dtype difference is a mismatch
/// too: weights are never converted without the user knowing.
/// </remarks>
public static class CheckpointLoader
{
    public static void Load(torch.nn.Module module, StateDictionary weights, CheckpointLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(weights);
        weights.ThrowIfDisposed();
        options ??= CheckpointLoadOptions.Strict;

        var target = module.state_dict();
        var prefix = options.StripPrefix ?? DetectDataParallelPrefix(weights.Keys, target.Keys);

        // The file's side: key after stripping -> tensor, in file order.
        var source = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        var sourceOrder = new List<string>();
        foreach (var fileKey in weights.Keys)
        {
            var key = prefix is { Length: > 0 } && fileKey.StartsWith(prefix, StringComparison.Ordinal) ? fileKey[prefix.Length..] : fileKey;
            if (options.IgnoresFileKey(key))
            {
                continue;
            }

            if (!source.TryAdd(key, weights[fileKey]))
            {
                throw new CheckpointException(
                    weights.SourcePath,
                    $"two keys of the file become '{key}' once the prefix '{prefix}' is stripped",
                    "Strip no prefix (CheckpointLoadOptions.StripPrefix = \"\") or fix the file");
            }

            sourceOrder.Add(key);
        }

        var missing = new List<string>();
        var misshaped = new List<TensorMismatch>();
        var pairs = new List<(torch.Tensor Into, torch.Tensor From)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, into) in target)
        {
            if (options.IgnoresModuleKey(key))
            {
                continue;
            }

            if (!source.TryGetValue(key, out var from))
            {
                if (!options.IsOptional(key))
                {
                    missing.Add(key);
                }

                continue;
            }

            used.Add(key);
            if (into.dtype != from.dtype || !into.shape.AsSpan().SequenceEqual(from.shape))
            {
                misshaped.Add(new TensorMismatch(key, into.shape, into.dtype, from.shape, from.dtype));
                continue;
            }

            pairs.Add((into, from));
        }

        var unexpected = sourceOrder
            .Where(k => !used.Contains(k) && !options.IsOptional(k))
            .ToList();

        if (missing.Count > 0 || unexpected.Count > 0 || misshaped.Count > 0)
        {
            throw new CheckpointMismatchException(weights.SourcePath, missing, unexpected, misshaped, prefix);
        }

        // Shapes and dtypes are equal, so no copy below can fail on them: the module is loaded entirely.
        using var noGrad = torch.no_grad();
        foreach (var (into, from) in pairs)
        {
            into.copy_(from);
        }
    }

    private static string? DetectDataParallelPrefix(IReadOnlyList<string> fileKeys, IEnumerable<string> moduleKeys)
    {
        const string Prefix = CheckpointLoadOptions.DataParallelPrefix;
        return fileKeys.Count > 0
               && fileKeys.All(k => k.StartsWith(Prefix, StringComparison.Ordinal))
               && !moduleKeys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal))
            ? Prefix
            : null;
    }
}
