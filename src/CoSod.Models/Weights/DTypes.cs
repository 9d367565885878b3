using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Models.Weights;

/// <summary>The element types a checkpoint may hold, under the names each format gives them.</summary>
internal static class DTypes
{
    /// <summary>
    /// PyTorch's typed storage classes (<c>torch.FloatStorage</c>, ...) as pickled by both torch.save formats.
    /// Complex and quantized storages are left out on purpose: no CoSOD model has them.
    /// </summary>
    public static ScalarType? FromStorageName(string name) => name switch
    {
        "FloatStorage" => ScalarType.Float32,
        "DoubleStorage" => ScalarType.Float64,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        // torch 2.x pickles a bare byte storage under its untyped name.
        "UntypedStorage" => ScalarType.Byte,
        _ => null,
    };

    /// <summary>
    /// Bytes per element of a legacy storage, including the kinds this reader refuses, so that a storage no
    /// state-dict tensor uses can be skipped; null when even that is unknown.
    /// </summary>
    public static int? StorageElementSize(string name) => FromStorageName(name) is { } type
        ? ElementSize(type)
        : name switch
        {
            "ComplexDoubleStorage" => 16,
            "ComplexFloatStorage" => 8,
            "ComplexHalfStorage" => 4,
            "QInt32Storage" => 4,
            "QInt8Storage" or "QUInt8Storage" or "QUInt4x2Storage" or "QUInt2x4Storage" => 1,
            _ => null,
        };

    /// <summary>The dtype names of the safetensors specification.</summary>
    public static ScalarType? FromSafeTensorsName(string name) => name switch
    {
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => null,
    };

    public static string? ToSafeTensorsName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => null,
    };

    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a dtype checkpoints are read with"),
    };

    /// <summary>PyTorch's name for the dtype ("float32", "int64"), which is what users see in Python.</summary>
    public static string Name(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => type.ToString(),
    };

    /// <summary>"[64, 3, 3, 3] float32"; a 0-d tensor is "[] int64".</summary>
    public static string Describe(IReadOnlyList<long> shape, ScalarType type) => $"[{string.Join(", ", shape)}] {Name(type)}";

    /// <summary>
    /// Whether <c>into.copy_(from)</c> would accept a tensor of shape <paramref name="from"/>: no more dimensions than
    /// <paramref name="into"/>, each trailing one equal or 1. A [1] file tensor for a [64] bias passes that test.
    /// </summary>
    public static bool Broadcasts(IReadOnlyList<long> from, IReadOnlyList<long> into)
    {
        if (from.Count > into.Count)
        {
            return false;
        }

        for (int i = from.Count - 1, j = into.Count - 1; i >= 0; i--, j--)
        {
            if (from[i] != into[j] && from[i] != 1)
            {
                return false;
            }
        }

        return true;
    }

    public static long NumberOfElements(IReadOnlyList<long> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            n = checked(n * d);
        }

        return n;
    }
}
