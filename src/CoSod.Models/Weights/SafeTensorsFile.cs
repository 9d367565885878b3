using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace CoSod.Models.Weights;

/// <summary>
/// The safetensors format (huggingface/safetensors): an unsigned 64-bit little-endian header length N, N bytes of
/// UTF-8 JSON mapping each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (plus an optional
/// <c>"__metadata__"</c> map of strings), then the raw little-endian bytes of every tensor in C order, with offsets
/// relative to the end of the header.
/// </summary>
/// <remarks>
/// It is the format CoSOD Eval writes because it holds nothing but tensors: reading it runs no code (a pickle can
/// name any Python callable), the header is plain JSON, and Python (<c>safetensors.torch.load_file</c>), Rust and
/// numpy read it without PyTorch's pickle conventions. TorchSharp.PyBridge has a safetensors reader and writer
/// too; reading the format here (about a page) keeps its checks (offsets in bounds, no overlaps, sizes that match
/// shape and dtype, data covered exactly) beside those of the torch formats, so a damaged file becomes a
/// <see cref="CheckpointException"/> like any other.
/// </remarks>
internal static class SafeTensorsFile
{
    /// <summary>A header larger than this is taken as corruption, not as a huge key list (the reference
    /// implementation uses the same 100 MB limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Whether the first bytes read like a safetensors header length followed by a JSON object.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head) =>
        head.Length >= 9
        && BinaryPrimitives.ReadUInt64LittleEndian(head) is >= 2 and <= MaxHeaderBytes
        && head[8] == (byte)'{';

    public static List<(string Key, Tensor Tensor)> Read(string path, Stream file)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        file.Position = 0;
        file.ReadExactly(lengthBytes);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        var dataStart = 8 + headerLength;
        if (dataStart > file.Length)
        {
            throw new EndOfStreamException($"the header needs {headerLength} bytes but the file has {file.Length - 8} after its length");
        }

        var header = new byte[headerLength];
        file.ReadExactly(header);
        var layout = ParseHeader(path, header);
        var dataLength = file.Length - dataStart;
        CheckLayout(layout, dataLength);

        var tensors = new List<(string, Tensor)>(layout.Count);
        foreach (var entry in layout)
        {
            file.Position = dataStart + entry.Begin;
            var flat = TensorBytes.Read(entry.Type, entry.Count, file.ReadExactly);
            tensors.Add((entry.Key, flat.view(entry.Shape)));
        }

        return tensors;
    }

    public static void Write(Stream stream, IReadOnlyList<(string Key, Tensor Tensor)> entries)
    {
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            json.WriteString("format", "pt");
            json.WriteString("producer", "CoSOD Eval");
            json.WriteEndObject();
            long offset = 0;
            foreach (var (key, tensor) in entries)
            {
                var type = DTypes.ToSafeTensorsName(tensor.dtype)
                    ?? throw new ArgumentException($"'{key}' is {tensor.dtype}, which safetensors cannot hold", nameof(entries));
                var bytes = tensor.numel() * DTypes.ElementSize(tensor.dtype);
                json.WriteStartObject(key);
                json.WriteString("dtype", type);
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        // Pad with spaces (valid JSON whitespace) so the data starts 8-byte aligned, as the reference writer does.
        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var (_, tensor) in entries)
        {
            TensorBytes.Write(stream, tensor);
        }
    }

    private sealed record Entry(string Key, ScalarType Type, long[] Shape, long Count, long Begin, long End);

    private static List<Entry> ParseHeader(string path, byte[] header)
    {
        using var document = JsonDocument.Parse(header);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("the safetensors header is not a JSON object");
        }

        var entries = new List<Entry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unsupported = new List<string>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new InvalidDataException($"the header names '{property.Name}' twice");
            }

            if (property.Name == MetadataKey)
            {
                continue;
            }

            var value = property.Value;
            var typeName = value.GetProperty("dtype").GetString() ?? string.Empty;
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || shape.Any(d => d < 0))
            {
                throw new InvalidDataException($"'{property.Name}' has a malformed shape or data_offsets");
            }

            if (DTypes.FromSafeTensorsName(typeName) is not { } type)
            {
                unsupported.Add($"{property.Name} ({typeName})");
                continue;
            }

            entries.Add(new Entry(property.Name, type, shape, DTypes.NumberOfElements(shape), offsets[0], offsets[1]));
        }

        if (unsupported.Count > 0)
        {
            throw new CheckpointException(
                path,
                $"{unsupported.Count} tensor(s) of a dtype CoSOD Eval does not read: {string.Join(", ", unsupported.Take(10))}",
                "Only F32, F64, F16, BF16, I8-I64, U8 and BOOL tensors are read; convert the others and save again");
        }

        return entries;
    }

    private static void CheckLayout(List<Entry> entries, long dataLength)
    {
        long end = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            var bytes = checked(entry.Count * DTypes.ElementSize(entry.Type));
            if (entry.End - entry.Begin != bytes)
            {
                throw new InvalidDataException(
                    $"'{entry.Key}' spans {entry.End - entry.Begin} bytes, not the {bytes} of its shape and dtype");
            }

            if (entry.Begin < end)
            {
                throw new InvalidDataException($"'{entry.Key}' overlaps the tensor before it");
            }

            if (entry.End > dataLength)
            {
                throw new EndOfStreamException($"'{entry.Key}' ends at data byte {entry.End} but the data has {dataLength}");
            }

            if (entry.Begin > end)
            {
                throw new InvalidDataException($"{entry.Begin - end} bytes before '{entry.Key}' belong to no tensor");
            }

            end = entry.End;
        }

        if (end != dataLength)
        {
            throw new InvalidDataException($"{dataLength - end} bytes after the last tensor belong to no tensor");
        }
    }
}
