namespace CoSod.Data.Imaging.Png;

/// <summary>
/// Turns the rows of a PNG into 8-bit RGB as Pillow's <c>convert('RGB')</c> does (the official model scripts' input):
/// low-depth grey expanded, 16-bit grey (mode I) clipped, 16-bit colour and grey+alpha by the high byte, alpha
/// dropped, palette indices looked up in a grey ramp overwritten by the PLTE entries.
/// </summary>
internal sealed class RgbPngSink : IPngRowSink
{
    private readonly PngHeader _header;
    private readonly byte[] _palette = new byte[256 * 3];
    private readonly byte[] _pixels;
    private readonly int _width;

    public RgbPngSink(PngHeader header)
    {
        _header = header;
        _width = checked((int)header.Width);
        _pixels = new byte[checked(_width * (int)header.Height * 3)];
        for (var i = 0; i < 256; i++)
        {
            _palette[3 * i] = _palette[(3 * i) + 1] = _palette[(3 * i) + 2] = (byte)i;
        }

        header.Palette.AsSpan(0, header.PaletteEntries * 3).CopyTo(_palette);
        if (header.ColorType == PngColorType.Palette && header.PaletteEntries > 0)
        {
            // Rows Pillow never reaches hold index 0.
            for (var p = 0; p < _pixels.Length; p += 3)
            {
                _palette.AsSpan(0, 3).CopyTo(_pixels.AsSpan(p));
            }
        }
    }

    public int LargestIndex { get; private set; } = -1;

    public RgbImage Image => new(_width, (int)_header.Height, _pixels);

    public void Row(ReadOnlySpan<byte> packed, long y, AdamPass pass)
    {
        var target = _pixels.AsSpan(checked((int)(y * _width * 3)), _width * 3);
        var depth = _header.BitDepth;
        var channels = _header.Channels;
        for (var i = 0; i < (int)pass.Columns; i++)
        {
            var o = 3 * (pass.X0 + (i * pass.Dx));
            var s = (long)i * channels;
            switch (_header.ColorType)
            {
                case PngColorType.Palette:
                {
                    var index = PackedSamples.At(packed, i, depth);
                    LargestIndex = Math.Max(LargestIndex, index);
                    _palette.AsSpan(3 * index, 3).CopyTo(target[o..]);
                    break;
                }

                case PngColorType.Grey or PngColorType.GreyAlpha:
                {
                    var v = PackedSamples.At(packed, s, depth);
                    target[o] = target[o + 1] = target[o + 2] = depth switch
                    {
                        1 => (byte)(v * 255),
                        2 => (byte)(v * 85),
                        4 => (byte)(v * 17),
                        8 => (byte)v,
                        _ when _header.ColorType == PngColorType.Grey => (byte)Math.Min(v, 255),
                        _ => (byte)(v >> 8),
                    };
                    break;
                }

                default:
                    for (var c = 0; c < 3; c++)
                    {
                        target[o + c] = depth == 16 ? (byte)(PackedSamples.At(packed, s + c, 16) >> 8) : packed[(int)(s + c)];
                    }

                    break;
            }
        }
    }
}
