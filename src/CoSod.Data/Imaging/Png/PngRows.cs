using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CoSod.Data.Imaging.Png;

/// <summary>Receives the unfiltered rows of the image data, one row of one pass at a time.</summary>
internal interface IPngRowSink
{
    /// <param name="packed">The row's packed samples (no filter byte).</param>
    /// <param name="y">The image row.</param>
    /// <param name="pass">Where the row's pixels go: columns x0, x0 + dx, ... (<see cref="AdamPass.Columns"/> of them).</param>
    void Row(ReadOnlySpan<byte> packed, long y, AdamPass pass);
}

/// <summary>PNG row filters (PNG 9.2), undone in place; the same arithmetic in libpng and Pillow.</summary>
/// <remarks>
/// Undoing the filters is a third of decoding a noisy map, so the loops read through references (no bounds checks
/// per byte), Up runs a vector at a time, and Paeth chooses its predictor without branches: on noisy rows the choice
/// is a coin toss that a branch predictor loses half the time. Each byte gets the value the specification defines,
/// whatever the path.
/// </remarks>
internal static class PngRowFilter
{
    /// <summary>Undoes filter <paramref name="filter"/> (0..4) on <paramref name="row"/>; false for an unknown filter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryUndo(int filter, Span<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        if (previous.Length < row.Length && filter is 2 or 3 or 4)
        {
            throw new ArgumentException("The previous row is shorter than the row.", nameof(previous));
        }

        var n = row.Length;
        var first = Math.Min(bytesPerPixel, n);
        ref var current = ref MemoryMarshal.GetReference(row);
        ref var above = ref MemoryMarshal.GetReference(previous);
        switch (filter)
        {
            case 0:
                return true;
            case 1 when bytesPerPixel == 1 && n > 0:
            {
                var left = current;
                for (var i = 1; i < n; i++)
                {
                    left = (byte)(left + Unsafe.Add(ref current, i));
                    Unsafe.Add(ref current, i) = left;
                }

                return true;
            }

            case 1:
                for (var i = bytesPerPixel; i < n; i++)
                {
                    Unsafe.Add(ref current, i) += Unsafe.Add(ref current, i - bytesPerPixel);
                }

                return true;
            case 2:
                UndoUp(row, previous[..n]);
                return true;
            case 3:
                for (var i = 0; i < first; i++)
                {
                    Unsafe.Add(ref current, i) += (byte)(Unsafe.Add(ref above, i) >> 1);
                }

                for (var i = bytesPerPixel; i < n; i++)
                {
                    Unsafe.Add(ref current, i) += (byte)((Unsafe.Add(ref current, i - bytesPerPixel) + Unsafe.Add(ref above, i)) >> 1);
                }

                return true;
            case 4:
                for (var i = 0; i < first; i++)
                {
                    Unsafe.Add(ref current, i) += Unsafe.Add(ref above, i);
                }

                if (bytesPerPixel == 1)
                {
                    UndoPaethOneByte(ref current, ref above, n);
                    return true;
                }

                for (var i = bytesPerPixel; i < n; i++)
                {
                    int a = Unsafe.Add(ref current, i - bytesPerPixel);
                    int b = Unsafe.Add(ref above, i);
                    int c = Unsafe.Add(ref above, i - bytesPerPixel);
                    var pa = Math.Abs(b - c);
                    var pb = Math.Abs(a - c);
                    var pc = Math.Abs(a + b - c - c);

                    // a when pa <= pb and pa <= pc, else b when pb <= pc, else c: the specification's order of ties.
                    var bOrC = pb <= pc ? b : c;
                    var predictor = pa <= Math.Min(pb, pc) ? a : bOrC;
                    Unsafe.Add(ref current, i) += (byte)predictor;
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Paeth for one byte a pixel (grey maps), the first byte already undone: the left and upper-left neighbours are
    /// carried in registers, so the chain from one byte to the next never waits on a store and a reload.
    /// </summary>
    private static void UndoPaethOneByte(ref byte current, ref byte above, int n)
    {
        if (n == 0)
        {
            return;
        }

        // With d = a - c and e = b - c the three distances are |e|, |d| and |d + e|, and the predictor is c plus
        // d, e or 0. The choices are made with sign masks: the JIT keeps branches inside loops, and on noisy rows a
        // branch here is mispredicted about every other byte.
        int a = current, c = above;
        for (var i = 1; i < n; i++)
        {
            int b = Unsafe.Add(ref above, i);
            var e = b - c;
            var d = a - c;
            var pa = Magnitude(e);
            var pb = Magnitude(d);
            var pc = Magnitude(d + e);
            var bWins = (pb - pc - 1) >> 31; // -1 when pb <= pc
            var nearest = pc + ((pb - pc) & bWins);
            var aWins = (pa - nearest - 1) >> 31; // -1 when pa <= min(pb, pc)
            var fromB = e & bWins;
            var offset = fromB ^ ((d ^ fromB) & aWins);
            a = (byte)(Unsafe.Add(ref current, i) + c + offset);
            Unsafe.Add(ref current, i) = (byte)a;
            c = b;
        }
    }

    /// <summary>|x| for the small differences of byte values, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Magnitude(int x)
    {
        var sign = x >> 31;
        return (x ^ sign) - sign;
    }

    private static void UndoUp(Span<byte> row, ReadOnlySpan<byte> previous)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<byte>.Count <= row.Length; i += Vector<byte>.Count)
            {
                (new Vector<byte>(row[i..]) + new Vector<byte>(previous[i..])).CopyTo(row[i..]);
            }
        }

        for (; i < row.Length; i++)
        {
            row[i] += previous[i];
        }
    }
}

/// <summary>What became of the zlib stream of the first run of IDAT chunks, whatever the reader made of it.</summary>
/// <param name="Problem">Null when it inflates to its end with a matching Adler-32; otherwise what is wrong.</param>
/// <param name="RowsShort">True when it holds fewer bytes than the rows need.</param>
internal sealed record PngStreamVerdict(string? Problem, bool RowsShort)
{
    public bool Corrupt => Problem is not null || RowsShort;
}
