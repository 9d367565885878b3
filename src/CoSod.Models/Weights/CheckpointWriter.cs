using TorchSharp;

namespace CoSod.Models.Weights;

/// <summary>
/// Saves a module's weights in the suite's own format, safetensors (see <see cref="SafeTensorsFile"/> for why),
/// which <see cref="CheckpointReader"/> reads back exactly.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>
    /// Writes every entry of <c>module.state_dict()</c>, in its order, to <paramref name="path"/>. The file is
    /// written beside the target and renamed over it, so a failure never leaves a half-written file at the path.
    /// </summary>
    public static void Save(torch.nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var entries = module.state_dict().Select(kv => (kv.Key, kv.Value)).ToList();
        var unsupported = entries.Where(e => DTypes.ToSafeTensorsName(e.Value.dtype) is null).Select(e => $"{e.Key} ({e.Value.dtype})").ToList();
        if (unsupported.Count > 0)
        {
            throw new CheckpointException(
                path,
                $"cannot be written: {string.Join(", ", unsupported)} has a dtype safetensors cannot hold",
                "Convert those tensors to a real dtype first");
        }

        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                SafeTensorsFile.Write(stream, entries);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new CheckpointException(path, $"cannot be written ({e.Message})", "Check that the folder exists and is writable", e);
        }
    }
}
