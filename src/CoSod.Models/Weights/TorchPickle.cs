using System.Numerics;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Models.Weights;

/// <summary>
/// A storage named by a torch.save persistent id: <c>('storage', torch.FloatStorage, key, location, numel)</c> in
/// the zip format, plus a sixth <c>view_metadata</c> in the legacy one. A tensor sees the elements
/// [<see cref="ViewOffset"/>, <see cref="ViewOffset"/> + <see cref="ViewSize"/>) of the root storage
/// <see cref="Key"/>; only files written before PyTorch 0.4 have views that are not the whole root.
/// </summary>
internal sealed record StorageRef(string Key, string TypeName, ScalarType? DType, long Numel, long ViewOffset, long ViewSize);

/// <summary><c>torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...)</c>, not yet materialised.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride)
{
    public long NumberOfElements => DTypes.NumberOfElements(Size);
}

/// <summary>A tensor rebuilt by a torch function this reader does not implement (quantized, sparse, ...).</summary>
internal sealed record UnsupportedTensor(PyGlobal Rebuild);

/// <summary>
/// Interprets the pickles of both torch.save formats: storages become <see cref="StorageRef"/>s, tensors
/// <see cref="TensorRef"/>s, OrderedDicts <see cref="PyDict"/>s; anything else stays an inert <see cref="PyObject"/>.
/// Storage bytes are read later, and only for the tensors of the state dict that is actually used.
/// </summary>
internal sealed class TorchPickleReader
{
    private readonly Dictionary<string, StorageRef> _roots = new(StringComparer.Ordinal);

    /// <summary>Every root storage the pickle named, by key.</summary>
    public IReadOnlyDictionary<string, StorageRef> Roots => _roots;

    public object? Load(ByteSource source) => new PickleMachine(source, PersistentLoad, Reduce).Load();

    /// <summary>A plain pickle with no persistent ids (the legacy format's header values and key list).</summary>
    public static object? LoadPlain(ByteSource source) =>
        new PickleMachine(
            source,
            _ => throw new InvalidDataException("a persistent id where none belongs"),
            (g, args) => new PyObject(g, args)).Load();

    private object? PersistentLoad(object? pid)
    {
        if (pid is not object?[] id || id.Length == 0)
        {
            throw new InvalidDataException("a persistent id that is not a tuple");
        }

        var kind = AsText(id[0]);
        if (kind == "module" && id.Length >= 2)
        {
            // Legacy torch.save(model) stores each nn.Module class with its source; the object is the class.
            return id[1];
        }

        if (kind != "storage" || id.Length is not (5 or 6))
        {
            throw new InvalidDataException($"a persistent id of kind '{kind}' with {id.Length} fields");
        }

        var type = id[1] as PyGlobal ?? throw new InvalidDataException("a storage whose type is not a class");
        var key = AsText(id[2]) ?? throw new InvalidDataException("a storage without a key");
        var numel = AsCount(id[4], "storage size");
        var root = new StorageRef(key, type.Name, DTypes.FromStorageName(type.Name), numel, 0, numel);
        if (_roots.TryGetValue(key, out var known))
        {
            if (known.TypeName != root.TypeName || known.Numel != root.Numel)
            {
                throw new InvalidDataException(
                    $"storage {key} is named as {known.TypeName}[{known.Numel}] and as {root.TypeName}[{root.Numel}]");
            }
        }
        else
        {
            _roots.Add(key, root);
        }

        if (id.Length == 6 && id[5] is object?[] view)
        {
            // (view_key, offset, size), in elements of the root storage.
            if (view.Length != 3)
            {
                throw new InvalidDataException("storage view metadata without 3 fields");
            }

            var offset = AsCount(view[1], "storage view offset");
            var size = AsCount(view[2], "storage view size");
            if (checked(offset + size) > numel)
            {
                throw new InvalidDataException($"a view [{offset}, {offset + size}) of storage {key}, which has {numel} elements");
            }

            return root with { ViewOffset = offset, ViewSize = size };
        }

        return root;
    }

    private static object? Reduce(PyGlobal function, object?[] args)
    {
        switch (function.Module, function.Name)
        {
            case ("collections", "OrderedDict"):
                return NewOrderedDict(args);
            case ("torch._utils", "_rebuild_tensor_v2"):
            case ("torch._utils", "_rebuild_tensor"):
                return RebuildTensor(args);
            case ("torch._utils", "_rebuild_parameter"):
            case ("torch._utils", "_rebuild_parameter_with_state"):
                // A Parameter saved directly: its data is the first argument.
                return args.Length > 0 ? args[0] : throw new InvalidDataException("_rebuild_parameter without data");
            case ("torch._utils", var name) when name.StartsWith("_rebuild", StringComparison.Ordinal):
                return new UnsupportedTensor(function);
            case ("_codecs", "encode") when args is [string text, ..]:
                // How Python 3 pickles bytes at protocol 2.
                return Encoding.Latin1.GetBytes(text);
            default:
                return new PyObject(function, args);
        }
    }

    private static PyDict NewOrderedDict(object?[] args)
    {
        var dict = new PyDict();
        if (args is [List<object?> pairs])
        {
            foreach (var pair in pairs)
            {
                switch (pair)
                {
                    case object?[] { Length: 2 } t:
                        dict.Set(t[0], t[1]);
                        break;
                    case List<object?> { Count: 2 } l:
                        dict.Set(l[0], l[1]);
                        break;
                    default:
                        throw new InvalidDataException("an OrderedDict item that is not a pair");
                }
            }
        }

        return dict;
    }

    private static TensorRef RebuildTensor(object?[] args)
    {
        if (args.Length < 4 || args[0] is not StorageRef storage)
        {
            throw new InvalidDataException("a tensor rebuilt without a storage, offset, size and stride");
        }

        var offset = AsCount(args[1], "storage offset");
        var size = AsCounts(args[2], "size");
        var stride = AsCounts(args[3], "stride");
        if (size.Length != stride.Length)
        {
            throw new InvalidDataException($"a tensor with {size.Length} sizes but {stride.Length} strides");
        }

        return new TensorRef(storage, offset, size, stride);
    }

    private static string? AsText(object? value) => value switch
    {
        string s => s,
        byte[] b => Encoding.ASCII.GetString(b),
        long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static long AsCount(object? value, string what) => value switch
    {
        long n when n >= 0 => n,
        _ => throw new InvalidDataException($"{what} is {value ?? "None"}, not a non-negative integer"),
    };

    private static long[] AsCounts(object? value, string what)
    {
        var items = value switch
        {
            object?[] tuple => tuple,
            List<object?> list => list.ToArray(),
            _ => throw new InvalidDataException($"a tensor {what} that is not a tuple"),
        };
        return Array.ConvertAll(items, item => AsCount(item, what));
    }
}

/// <summary>
/// Finds the state dict in an unpickled checkpoint and turns its <see cref="TensorRef"/>s into tensors.
/// </summary>
internal static class StateDictAssembly
{
    /// <summary>Where training scripts put the state dict in a larger checkpoint dict, most usual first.</summary>
    public static readonly string[] WrapperKeys = ["state_dict", "model_state_dict", "model"];

    /// <summary>The dict of tensors at the top level, or under one of <see cref="WrapperKeys"/>.</summary>
    public static (PyDict Dict, string? Wrapper) Find(string path, object? root)
    {
        switch (root)
        {
            case PyDict dict when IsStateDict(dict):
                return (dict, null);
            case PyDict dict:
                foreach (var wrapper in WrapperKeys)
                {
                    if (!dict.TryGet(wrapper, out var inner))
                    {
                        continue;
                    }

                    if (inner is PyDict innerDict && IsStateDict(innerDict))
                    {
                        return (innerDict, wrapper);
                    }

                    if (inner is PyObject model)
                    {
                        throw WholeModel(path, model, $" under '{wrapper}'");
                    }
                }

                var keys = dict.Items.Select(kv => $"{kv.Key} ({Kind(kv.Value)})").Take(12);
                throw new CheckpointException(
                    path,
                    $"no state dict found: the file holds a dict of {string.Join(", ", keys)}"
                    + (dict.Count > 12 ? $" and {dict.Count - 12} more" : string.Empty)
                    + $", which is not a dict of tensors, and none of {string.Join("/", WrapperKeys)} holds one",
                    "Pass a checkpoint saved with torch.save(model.state_dict(), ...)");
            case PyObject obj:
                throw WholeModel(path, obj, string.Empty);
            default:
                throw new CheckpointException(
                    path,
                    $"the file holds a {Kind(root)}, not a dict of tensors",
                    "Pass a checkpoint saved with torch.save(model.state_dict(), ...)");
        }
    }

    /// <summary>The entries in file order, checked: string keys, supported dtypes, in-bounds geometry.</summary>
    public static List<(string Key, TensorRef Ref)> Entries(string path, PyDict dict)
    {
        var entries = new List<(string, TensorRef)>(dict.Count);
        var unsupported = new List<string>();
        foreach (var (key, value) in dict.Items)
        {
            var name = (string)key!; // IsStateDict checked the keys
            switch (value)
            {
                case TensorRef { Storage.DType: null } t:
                    unsupported.Add($"{name} (torch.{t.Storage.TypeName})");
                    break;
                case TensorRef t:
                    CheckGeometry(name, t);
                    entries.Add((name, t));
                    break;
                case UnsupportedTensor u:
                    unsupported.Add($"{name} (built by {u.Rebuild})");
                    break;
            }
        }

        if (unsupported.Count > 0)
        {
            throw new CheckpointException(
                path,
                $"{unsupported.Count} tensor(s) of a kind CoSOD Eval does not read: {string.Join(", ", unsupported.Take(10))}"
                + (unsupported.Count > 10 ? $" and {unsupported.Count - 10} more" : string.Empty),
                "Only dense float32, float64, float16, bfloat16, int8-int64, uint8 and bool tensors are read; "
                + "convert the others in Python (e.g. tensor.float()) and save again");
        }

        return entries;
    }

    /// <summary>
    /// The tensors, each contiguous and owning its memory, with the values torch.load gives. A tensor that is exactly
    /// its whole storage (the usual case) keeps the storage without a copy; views, slices and storages shared by
    /// several tensors are copied out, so no two entries alias.
    /// </summary>
    public static List<(string Key, Tensor Tensor)> Materialize(
        IReadOnlyList<(string Key, TensorRef Ref)> entries,
        IReadOnlyDictionary<string, Tensor> roots)
    {
        var uses = entries.GroupBy(e => e.Ref.Storage.Key).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<(string, Tensor)>(entries.Count);
        foreach (var (key, r) in entries)
        {
            var type = r.Storage.DType!.Value;
            Tensor tensor;
            if (r.NumberOfElements == 0)
            {
                tensor = torch.empty(r.Size, type);
            }
            else
            {
                var root = roots[r.Storage.Key];
                var start = r.Storage.ViewOffset + r.Offset;
                if (uses[r.Storage.Key] == 1 && start == 0 && r.NumberOfElements == r.Storage.Numel && IsContiguous(r.Size, r.Stride))
                {
                    tensor = root.view(r.Size);
                }
                else
                {
                    tensor = torch.empty(r.Size, type);
                    using var source = root.as_strided(r.Size, r.Stride, start);
                    tensor.copy_(source);
                }
            }

            result.Add((key, tensor));
        }

        return result;
    }

    /// <summary>The root storages the entries use.</summary>
    public static HashSet<string> NeededRoots(IEnumerable<(string Key, TensorRef Ref)> entries) =>
        entries.Where(e => e.Ref.NumberOfElements > 0).Select(e => e.Ref.Storage.Key).ToHashSet(StringComparer.Ordinal);

    private static bool IsStateDict(PyDict dict) =>
        dict.Items.All(kv => kv.Key is string && kv.Value is TensorRef or UnsupportedTensor);

    private static void CheckGeometry(string key, TensorRef t)
    {
        // Every element the tensor addresses must lie inside its storage view, as torch's set_ requires.
        var last = t.Offset;
        for (var i = 0; i < t.Size.Length; i++)
        {
            if (t.Size[i] == 0)
            {
                return;
            }

            last = checked(last + ((t.Size[i] - 1) * t.Stride[i]));
        }

        if (last >= t.Storage.ViewSize)
        {
            throw new InvalidDataException(
                $"tensor '{key}' of size [{string.Join(", ", t.Size)}], stride [{string.Join(", ", t.Stride)}] "
                + $"and offset {t.Offset} reaches element {last} of a storage of {t.Storage.ViewSize}");
        }
    }

    private static bool IsContiguous(long[] size, long[] stride)
    {
        long expected = 1;
        for (var i = size.Length - 1; i >= 0; i--)
        {
            if (size[i] != 1 && stride[i] != expected)
            {
                return false;
            }

            expected *= size[i];
        }

        return true;
    }

    private static CheckpointException WholeModel(string path, PyObject obj, string where) =>
        new(
            path,
            $"the file holds a pickled {obj.TypeName} object{where} (torch.save(model)), not a state dict; "
            + "restoring it would mean running that Python class",
            "In Python, load it and save model.state_dict() instead");

    private static string Kind(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        byte[] => "bytes",
        object?[] => "tuple",
        List<object?> => "list",
        PyDict => "dict",
        TensorRef => "tensor",
        UnsupportedTensor => "tensor",
        PyObject o => o.TypeName,
        PyGlobal g => g.ToString(),
        _ => value.GetType().Name,
    };
}
