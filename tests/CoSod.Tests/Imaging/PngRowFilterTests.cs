using CoSod.Data.Imaging.Png;

namespace CoSod.Tests.Imaging;

/// <summary>
/// The row filters against the PNG specification's own definitions (9.2, written out here the plain way): one row at a
/// time and in blocks, where four Paeth rows of one byte a pixel take the wavefront path. Noisy rows, smooth rows and
/// ties (equal neighbours) are all there, every row width from 1 byte up, every bytes-per-pixel of an 8-bit image.
/// </summary>
public sealed class PngRowFilterTests
{
    public static TheoryData<int, int, bool> Cases()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var bytesPerPixel in new[] { 1, 2, 3, 4 })
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                data.Add(bytesPerPixel, seed, true);
                data.Add(bytesPerPixel, seed, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocks_and_single_rows_unfilter_as_the_specification_defines(int bytesPerPixel, int seed, bool allPaeth)
    {
        var random = new Random(seed);
        foreach (var rowBytes in new[] { 1, 2, 3, 4, 5, 7, 8, 31, 64, 401 })
        {
            var width = rowBytes - (rowBytes % bytesPerPixel);
            if (width == 0)
            {
                continue;
            }

            for (var count = 1; count <= PngRowFilter.BlockRows; count++)
            {
                var stride = width + 1;
                var filtered = new byte[count * stride];
                var previous = new byte[width];
                Fill(random, previous);
                for (var k = 0; k < count; k++)
                {
                    filtered[k * stride] = (byte)(allPaeth ? 4 : random.Next(5));
                    Fill(random, filtered.AsSpan((k * stride) + 1, width));
                }

                var expected = Reference(filtered, count, stride, previous, bytesPerPixel);

                var block = (byte[])filtered.Clone();
                PngRowFilter.UndoRows(block, count, stride, previous, bytesPerPixel);
                Assert.Equal(expected, Rows(block, count, stride));

                var single = (byte[])filtered.Clone();
                for (var k = 0; k < count; k++)
                {
                    var above = k == 0 ? previous : single.AsSpan(((k - 1) * stride) + 1, width);
                    Assert.True(PngRowFilter.TryUndo(single[k * stride], single.AsSpan((k * stride) + 1, width), above, bytesPerPixel));
                }

                Assert.Equal(expected, Rows(single, count, stride));
            }
        }
    }

    [Fact]
    public void An_unknown_filter_is_refused()
    {
        Assert.False(PngRowFilter.IsKnown(5));
        Assert.True(PngRowFilter.IsKnown(4));
        Assert.False(PngRowFilter.TryUndo(5, new byte[4], new byte[4], 1));
    }

    /// <summary>Noise, a flat stretch and a ramp, so that ties between the Paeth distances happen often.</summary>
    private static void Fill(Random random, Span<byte> row)
    {
        var kind = random.Next(3);
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = kind switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(random.Next(4) == 0 ? random.Next(3) : 0),
                _ => (byte)(i * 3),
            };
        }
    }

    private static byte[] Rows(byte[] block, int count, int stride)
    {
        var rows = new List<byte>();
        for (var k = 0; k < count; k++)
        {
            rows.AddRange(block.AsSpan((k * stride) + 1, stride - 1).ToArray());
        }

        return [.. rows];
    }

    /// <summary>PNG 9.2 word for word: Recon(x) = Filt(x) + predictor, neighbours outside the image are 0.</summary>
    private static byte[] Reference(byte[] filtered, int count, int stride, byte[] previous, int bpp)
    {
        var width = stride - 1;
        var result = new byte[count * width];
        var above = (byte[])previous.Clone();
        for (var k = 0; k < count; k++)
        {
            var type = filtered[k * stride];
            var recon = new byte[width];
            for (var x = 0; x < width; x++)
            {
                var filt = filtered[(k * stride) + 1 + x];
                int a = x >= bpp ? recon[x - bpp] : 0;
                int b = above[x];
                int c = x >= bpp ? above[x - bpp] : 0;
                int predictor;
                switch (type)
                {
                    case 0:
                        predictor = 0;
                        break;
                    case 1:
                        predictor = a;
                        break;
                    case 2:
                        predictor = b;
                        break;
                    case 3:
                        predictor = (a + b) / 2;
                        break;
                    default:
                        var p = a + b - c;
                        var pa = Math.Abs(p - a);
                        var pb = Math.Abs(p - b);
                        var pc = Math.Abs(p - c);
                        if (pa <= pb && pa <= pc)
                        {
                            predictor = a;
                        }
                        else if (pb <= pc)
                        {
                            predictor = b;
                        }
                        else
                        {
                            predictor = c;
                        }

                        break;
                }

                recon[x] = (byte)(filt + predictor);
            }

            recon.CopyTo(result, k * width);
            above = recon;
        }

        return result;
    }
}
