using System.IO.Compression;
using System.Text;
using static TorchSharp.torch;

namespace CoSod.Models.Weights;

/// <summary>
/// torch.save since PyTorch 1.6: a zip archive (stored, not compressed) with <c>&lt;name&gt;/data.pkl</c>, the
/// pickled object, and one record <c>&lt;name&gt;/data/&lt;key&gt;</c> of raw bytes per storage.
/// </summary>
internal static class TorchZipReader
{
    public static (List<(string Key, Tensor Tensor)> Entries, string? Wrapper) Read(string path, Stream file)
    {
        using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var pickle = archive.Entries
            .Where(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
            .OrderBy(e => e.FullName.Length)
            .FirstOrDefault()
            ?? throw new CheckpointException(
                path,
                "is a zip archive without a data.pkl record, so not a file that torch.save wrote",
                "Pass the .pth/.pt file of the model's release");
        var prefix = pickle.FullName[..^"data.pkl".Length];
        if (archive.GetEntry(prefix + "constants.pkl") is not null)
        {
            throw new CheckpointException(
                path,
                "is a TorchScript archive (torch.jit.save), which holds code as well as weights",
                "Pass the state dict file that torch.save wrote, not the scripted model");
        }

        if (archive.GetEntry(prefix + "byteorder") is { } order && ReadText(order).Trim() == "big")
        {
            throw new CheckpointException(
                path,
                "was saved on a big-endian machine",
                "Re-save it with torch.save on a little-endian (x86 or ARM) machine");
        }

        var reader = new TorchPickleReader();
        object? root;
        using (var stream = pickle.Open())
        {
            root = reader.Load(new ByteSource(stream, pickle.Length));
        }

        var (dict, wrapper) = StateDictAssembly.Find(path, root);
        var entries = StateDictAssembly.Entries(path, dict);
        var roots = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var key in StateDictAssembly.NeededRoots(entries))
        {
            var storage = reader.Roots[key];
            var type = storage.DType!.Value;
            var record = archive.GetEntry(prefix + "data/" + key)
                ?? throw new InvalidDataException($"the record data/{key} of a storage is missing");
            var bytes = checked(storage.Numel * DTypes.ElementSize(type));
            // torch.save stores records uncompressed, so none can be longer than the file (a check made before
            // allocating, against a damaged central directory).
            if (record.Length != bytes || bytes > file.Length)
            {
                throw new InvalidDataException(
                    $"the record data/{key} has {record.Length} bytes, not the {bytes} of {storage.Numel} {DTypes.Name(type)} elements");
            }

            using var data = record.Open();
            roots[key] = TensorBytes.Read(type, storage.Numel, data.ReadExactly);
        }

        return (StateDictAssembly.Materialize(entries, roots), wrapper);
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.ASCII);
        return reader.ReadToEnd();
    }
}
