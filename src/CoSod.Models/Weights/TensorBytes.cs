using TorchSharp;
using static TorchSharp.torch;

namespace CoSod.Models.Weights;

/// <summary>
/// Moves raw little-endian tensor bytes between a stream and a CPU tensor's own memory, with no managed copy of
/// the whole tensor. <c>Tensor.bytes</c> is a span over the tensor's memory, which caps it at 2 GiB, so large
/// tensors go through in chunks of a 1-D view.
/// </summary>
internal static class TensorBytes
{
    public const long DefaultChunkBytes = 64L << 20;

    /// <summary>A new 1-D CPU tensor of <paramref name="count"/> elements filled by <paramref name="readExactly"/>.</summary>
    public static Tensor Read(ScalarType type, long count, Action<Span<byte>> readExactly, long chunkBytes = DefaultChunkBytes)
    {
        var storage = torch.empty(count, type);
        try
        {
            ForEachChunk(storage, chunkBytes, readExactly);
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Writes a tensor's elements in C order.</summary>
    public static void Write(Stream stream, Tensor tensor, long chunkBytes = DefaultChunkBytes)
    {
        using var scope = torch.NewDisposeScope();
        var flat = tensor.detach().cpu().contiguous().reshape(-1);
        ForEachChunk(flat, chunkBytes, span => stream.Write(span));
    }

    private static void ForEachChunk(Tensor flat, long chunkBytes, Action<Span<byte>> action)
    {
        if (!BitConverter.IsLittleEndian)
        {
            // Every format here stores little-endian bytes, and libtorch keeps the machine's order.
            throw new PlatformNotSupportedException("Checkpoints are read and written on little-endian machines only.");
        }

        var count = flat.shape[0];
        var perChunk = Math.Max(1, chunkBytes / flat.element_size());
        for (long start = 0; start < count; start += perChunk)
        {
            using var part = flat.narrow(0, start, Math.Min(perChunk, count - start));
            action(part.bytes);
        }
    }
}
