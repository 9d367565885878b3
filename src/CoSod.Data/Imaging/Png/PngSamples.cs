namespace CoSod.Data.Imaging.Png;

/// <summary>Reading one sample out of a packed PNG row (1, 2, 4, 8 or 16 bits, big-endian, most significant bits first).</summary>
internal static class PackedSamples
{
    /// <summary>A 16-bit sample (big-endian).</summary>
    public static int Wide(ReadOnlySpan<byte> row, long index) => (row[(int)(2 * index)] << 8) | row[(int)((2 * index) + 1)];

    public static int At(ReadOnlySpan<byte> row, long index, int depth) => depth switch
    {
        8 => row[(int)index],
        16 => (row[(int)(2 * index)] << 8) | row[(int)((2 * index) + 1)],
        _ => (row[(int)(index * depth / 8)] >> (8 - depth - (int)(index * depth % 8))) & ((1 << depth) - 1),
    };
}
