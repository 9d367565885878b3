namespace CoSod.Data.Imaging.Png;

/// <summary>
/// The stored samples of a PNG as MATLAB's <c>imread</c> returns them, straight into planes: grey (or palette
/// indices, the palette not applied), or R, G, B (alpha dropped), at the file's depth.
/// </summary>
internal sealed class MatlabPngSink : IPngRowSink
{
    private readonly PngHeader _header;
    private readonly int _width;

    public MatlabPngSink(PngHeader header)
    {
        _header = header;
        _width = checked((int)header.Width);
        var planes = header.ColorType is PngColorType.Rgb or PngColorType.Rgba ? 3 : 1;
        var count = checked(_width * (int)header.Height);
        Planes = new ushort[planes][];
        for (var p = 0; p < planes; p++)
        {
            Planes[p] = new ushort[count];
        }
    }

    public ushort[][] Planes { get; }

    public int LargestIndex { get; private set; } = -1;

    public void Row(ReadOnlySpan<byte> packed, long y, AdamPass pass)
    {
        var depth = _header.BitDepth;
        var channels = _header.Channels;
        var start = checked((int)(y * _width));
        for (var i = 0; i < (int)pass.Columns; i++)
        {
            var at = start + pass.X0 + (i * pass.Dx);
            for (var p = 0; p < Planes.Length; p++)
            {
                Planes[p][at] = (ushort)PackedSamples.At(packed, ((long)i * channels) + p, depth);
            }

            if (_header.ColorType == PngColorType.Palette)
            {
                LargestIndex = Math.Max(LargestIndex, Planes[0][at]);
            }
        }
    }
}
