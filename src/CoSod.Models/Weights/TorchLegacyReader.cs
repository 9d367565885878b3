using System.Globalization;
using System.Numerics;
using static TorchSharp.torch;

namespace CoSod.Models.Weights;

/// <summary>
/// The torch.save format before PyTorch 1.6 (and after it with <c>_use_new_zipfile_serialization=False</c>), which
/// the ImageNet <c>vgg16-397923af.pth</c> uses. One stream holds, in order: a pickled magic number, a pickled
/// protocol version (1001), a pickled dict of system information, the pickled object whose storages are persistent
/// ids, a pickled list of storage keys, and then for each key in that list an int64 element count followed by the
/// storage's raw little-endian bytes.
/// </summary>
internal static class TorchLegacyReader
{
    /// <summary>torch/serialization.py MAGIC_NUMBER.</summary>
    private static readonly BigInteger MagicNumber = BigInteger.Parse("1950a86a20f9469cfc6c", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>torch/serialization.py PROTOCOL_VERSION, the only one torch.load accepts.</summary>
    private const long ProtocolVersion = 1001;

    public static (List<(string Key, Tensor Tensor)> Entries, string? Wrapper) Read(string path, Stream file)
    {
        var source = new ByteSource(file, file.Length);
        if (TorchPickleReader.LoadPlain(source) is not BigInteger magic || magic != MagicNumber)
        {
            throw new CheckpointException(
                path,
                "is a Python pickle but not one torch.save wrote (it does not start with torch's magic number)",
                "Pass a checkpoint written by torch.save, or a .safetensors file");
        }

        if (TorchPickleReader.LoadPlain(source) is not long version || version != ProtocolVersion)
        {
            throw new CheckpointException(
                path,
                "uses a legacy torch.save protocol version other than 1001",
                "Re-save it in Python with a current torch.save");
        }

        if (TorchPickleReader.LoadPlain(source) is PyDict info && info.TryGet("little_endian", out var little) && little is false)
        {
            throw new CheckpointException(
                path,
                "was saved on a big-endian machine",
                "Re-save it with torch.save on a little-endian (x86 or ARM) machine");
        }

        var reader = new TorchPickleReader();
        var root = reader.Load(source);
        var (dict, wrapper) = StateDictAssembly.Find(path, root);
        var entries = StateDictAssembly.Entries(path, dict);
        var needed = StateDictAssembly.NeededRoots(entries);

        var keys = TorchPickleReader.LoadPlain(source) as List<object?>
            ?? throw new InvalidDataException("the list of storage keys after the object is missing");
        var roots = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var item in keys)
        {
            var key = item as string ?? throw new InvalidDataException("a storage key that is not a string");
            if (!reader.Roots.TryGetValue(key, out var storage))
            {
                throw new InvalidDataException($"storage {key} is listed but no tensor names it");
            }

            var count = source.ReadInt64();
            if (count != storage.Numel)
            {
                throw new InvalidDataException($"storage {key} holds {count} elements where its tensors expect {storage.Numel}");
            }

            if (needed.Contains(key))
            {
                // Checked before allocating, so a corrupt count cannot ask for more memory than the file holds.
                var type = storage.DType!.Value;
                source.Require(checked(count * DTypes.ElementSize(type)));
                roots[key] = TensorBytes.Read(type, count, source.ReadExactly);
            }
            else
            {
                var size = DTypes.StorageElementSize(storage.TypeName)
                    ?? throw new InvalidDataException($"storage {key} is a torch.{storage.TypeName}, whose size is unknown");
                source.Skip(checked(count * size));
            }
        }

        var absent = needed.Where(k => !roots.ContainsKey(k)).ToList();
        if (absent.Count > 0)
        {
            throw new InvalidDataException($"the data of storage(s) {string.Join(", ", absent)} is not in the file");
        }

        return (StateDictAssembly.Materialize(entries, roots), wrapper);
    }
}
