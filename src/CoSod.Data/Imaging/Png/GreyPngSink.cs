using CoSod.Metrics;

namespace CoSod.Data.Imaging.Png;

/// <summary>
/// Turns the rows of a PNG into one 8-bit grey plane, pixel by pixel as they arrive, by the reference reader's rule:
/// no image-sized buffer but the plane itself, whatever the bit depth or colour type.
/// </summary>
/// <remarks>
/// OpenCV (<c>IMREAD_GRAYSCALE</c>, libpng transforms): grey 1/2/4-bit expanded (x255, x85, x17), 16-bit samples by
/// their high byte after libpng's 16-bit rgb_to_gray, colour through libpng's rgb_to_gray (15-bit coefficients,
/// truncated) or its gamma tables (<see cref="LibPngGamma"/>), alpha dropped, palette indices past the PLTE black.
/// Pillow (<c>convert('L')</c>): the same expansion of low depths, a 16-bit grey file (mode I) clipped to 255,
/// 16-bit colour and grey+alpha by the high byte, colour through ITU-R 601 luma (16-bit coefficients, rounded),
/// palette indices looked up in a grey ramp overwritten by the PLTE entries.
/// </remarks>
internal sealed class GreyPngSink : IPngRowSink
{
    private readonly PngHeader _header;
    private readonly GreyConversion _rule;
    private readonly LibPngGamma? _gamma;
    private readonly byte[] _paletteGrey = new byte[256];
    private readonly byte[] _pixels;
    private readonly int _width;

    public GreyPngSink(PngHeader header, GreyConversion rule)
    {
        _header = header;
        _rule = rule;
        _width = checked((int)header.Width);
        _pixels = new byte[checked(_width * (int)header.Height)];
        var isColour = ((int)header.ColorType & 2) != 0;
        _gamma = rule == GreyConversion.OpenCv && isColour ? LibPngGamma.For(header) : null;
        if (header.ColorType == PngColorType.Palette)
        {
            for (var i = 0; i < 256; i++)
            {
                // libpng's palette is 256 zeroed entries under the PLTE's; Pillow's a grey ramp under them.
                byte r, g, b;
                if (i < header.PaletteEntries)
                {
                    (r, g, b) = (header.Palette[3 * i], header.Palette[(3 * i) + 1], header.Palette[(3 * i) + 2]);
                }
                else
                {
                    r = g = b = rule == GreyConversion.OpenCv ? (byte)0 : (byte)i;
                }

                _paletteGrey[i] = rule == GreyConversion.OpenCv ? LibPngColourGrey(r, g, b) : GreyConversions.PilLuma(r, g, b);
            }

            // Pillow's image starts zeroed: rows it never reaches read as index 0.
            if (_paletteGrey[0] != 0)
            {
                Array.Fill(_pixels, _paletteGrey[0]);
            }
        }
    }

    /// <summary>The largest palette index met, -1 before any (palette images only).</summary>
    public int LargestIndex { get; private set; } = -1;

    public GreyMap Map => new(_width, (int)_header.Height, _pixels);

    public void Row(ReadOnlySpan<byte> packed, long y, AdamPass pass)
    {
        var target = _pixels.AsSpan(checked((int)(y * _width)), _width);
        var depth = _header.BitDepth;
        var columns = (int)pass.Columns;
        int x0 = pass.X0, dx = pass.Dx;
        switch (_header.ColorType)
        {
            case PngColorType.Grey when depth == 8 && dx == 1:
                packed[..columns].CopyTo(target);
                break;
            case PngColorType.Grey or PngColorType.GreyAlpha:
            {
                var channels = _header.Channels;
                for (var i = 0; i < columns; i++)
                {
                    target[x0 + (i * dx)] = Grey(PackedSamples.At(packed, (long)i * channels, depth), depth);
                }

                break;
            }

            case PngColorType.Palette:
            {
                var largest = LargestIndex;
                for (var i = 0; i < columns; i++)
                {
                    var index = PackedSamples.At(packed, i, depth);
                    largest = Math.Max(largest, index);
                    target[x0 + (i * dx)] = _paletteGrey[index];
                }

                LargestIndex = largest;
                break;
            }

            default:
            {
                var channels = _header.Channels;
                for (var i = 0; i < columns; i++)
                {
                    var s = (long)i * channels;
                    target[x0 + (i * dx)] = depth == 16
                        ? Colour16(PackedSamples.Wide(packed, s), PackedSamples.Wide(packed, s + 1), PackedSamples.Wide(packed, s + 2))
                        : Colour8(packed[(int)s], packed[(int)s + 1], packed[(int)s + 2]);
                }

                break;
            }
        }
    }

    private byte Grey(int sample, int depth) => depth switch
    {
        1 => (byte)(sample * 255),
        2 => (byte)(sample * 85),
        4 => (byte)(sample * 17),
        8 => (byte)sample,
        _ when _rule == GreyConversion.Pil && _header.ColorType == PngColorType.Grey => (byte)Math.Min(sample, 255),
        _ => (byte)(sample >> 8),
    };

    private byte Colour8(byte r, byte g, byte b) => _rule == GreyConversion.OpenCv ? LibPngColourGrey(r, g, b) : GreyConversions.PilLuma(r, g, b);

    private byte LibPngColourGrey(byte r, byte g, byte b) => _gamma is not null ? _gamma.Grey(r, g, b) : GreyConversions.LibPngGrey(r, g, b);

    private byte Colour16(int r, int g, int b)
    {
        if (_rule == GreyConversion.Pil)
        {
            return GreyConversions.PilLuma((byte)(r >> 8), (byte)(g >> 8), (byte)(b >> 8));
        }

        // libpng converts to grey at 16 bits, then png_set_strip_16 keeps the high byte.
        return _gamma is not null
            ? _gamma.Grey16((ushort)r, (ushort)g, (ushort)b)
            : (byte)(GreyConversions.LibPngGrey16((ushort)r, (ushort)g, (ushort)b) >> 8);
    }
}
