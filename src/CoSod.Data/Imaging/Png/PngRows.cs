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
    /// <summary>How many rows <see cref="UndoRows"/> takes at most: four Paeth rows make four independent chains.</summary>
    public const int BlockRows = 4;

    /// <summary>Whether <paramref name="filter"/> is one of the five PNG filter types.</summary>
    public static bool IsKnown(byte filter) => filter <= 4;

    /// <summary>
    /// Undoes the filters of <paramref name="count"/> consecutive rows stored <paramref name="stride"/> bytes apart in
    /// <paramref name="block"/> (each a filter byte, then the row), the first row's predecessor being
    /// <paramref name="previous"/>; every filter byte must be known. The same bytes as undoing the rows one by one.
    /// </summary>
    public static void UndoRows(Span<byte> block, int count, int stride, ReadOnlySpan<byte> previous, int bytesPerPixel)
    {
        var rowBytes = stride - 1;
        if (count == BlockRows && bytesPerPixel == 1 && rowBytes >= BlockRows
            && block[0] == 4 && block[stride] == 4 && block[2 * stride] == 4 && block[3 * stride] == 4)
        {
            UndoPaethFourRows(block, stride, previous);
            return;
        }

        for (var k = 0; k < count; k++)
        {
            var row = block.Slice((k * stride) + 1, rowBytes);
            var above = k == 0 ? previous : block.Slice(((k - 1) * stride) + 1, rowBytes);
            TryUndo(block[k * stride], row, above, bytesPerPixel);
        }
    }

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

        int a = current, c = above;
        for (var i = 1; i < n; i++)
        {
            int b = Unsafe.Add(ref above, i);
            a = (byte)(Unsafe.Add(ref current, i) + Paeth(a, b, c));
            Unsafe.Add(ref current, i) = (byte)a;
            c = b;
        }
    }

    /// <summary>
    /// Paeth on four one-byte-a-pixel rows as a wavefront: each step does column t of the first row, t - 1 of the
    /// second, t - 2 of the third and t - 3 of the fourth, four dependency chains the processor overlaps, where one row
    /// alone waits on each byte before the next. A row's upper neighbours are the row above's values of the previous
    /// step, so they stay in registers. The corners the wavefront does not cover run row by row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UndoPaethFourRows(Span<byte> block, int stride, ReadOnlySpan<byte> previous)
    {
        var n = stride - 1;
        var r0 = block.Slice(1, n);
        var r1 = block.Slice(stride + 1, n);
        var r2 = block.Slice((2 * stride) + 1, n);
        var r3 = block.Slice((3 * stride) + 1, n);
        ref var p = ref MemoryMarshal.GetReference(previous);
        ref var q0 = ref MemoryMarshal.GetReference(r0);
        ref var q1 = ref MemoryMarshal.GetReference(r1);
        ref var q2 = ref MemoryMarshal.GetReference(r2);
        ref var q3 = ref MemoryMarshal.GetReference(r3);

        // The staircase before the wavefront: row k up to column 2 - k.
        UndoPaethColumns(r0, previous, 0, 3);
        UndoPaethColumns(r1, r0, 0, 2);
        UndoPaethColumns(r2, r1, 0, 1);

        // State at t = 3: row k is at column 3 - k; a is its left neighbour, c its upper-left.
        int a0 = Unsafe.Add(ref q0, 2), c0 = Unsafe.Add(ref p, 2);
        int a1 = Unsafe.Add(ref q1, 1), c1 = Unsafe.Add(ref q0, 1);
        int a2 = q2, c2 = q1;
        int a3 = 0, c3 = 0;
        for (var t = 3; t < n; t++)
        {
            var v3 = (byte)(Unsafe.Add(ref q3, t - 3) + Paeth(a3, a2, c3));
            Unsafe.Add(ref q3, t - 3) = v3;
            c3 = a2;
            a3 = v3;

            var v2 = (byte)(Unsafe.Add(ref q2, t - 2) + Paeth(a2, a1, c2));
            Unsafe.Add(ref q2, t - 2) = v2;
            c2 = a1;
            a2 = v2;

            var v1 = (byte)(Unsafe.Add(ref q1, t - 1) + Paeth(a1, a0, c1));
            Unsafe.Add(ref q1, t - 1) = v1;
            c1 = a0;
            a1 = v1;

            int b0 = Unsafe.Add(ref p, t);
            var v0 = (byte)(Unsafe.Add(ref q0, t) + Paeth(a0, b0, c0));
            Unsafe.Add(ref q0, t) = v0;
            c0 = b0;
            a0 = v0;
        }

        // The staircase after it: row k from column n - k.
        UndoPaethColumns(r1, r0, n - 1, n);
        UndoPaethColumns(r2, r1, n - 2, n);
        UndoPaethColumns(r3, r2, n - 3, n);
    }

    /// <summary>Paeth on columns [<paramref name="from"/>, <paramref name="to"/>) of a one-byte-a-pixel row, neighbours read from memory.</summary>
    private static void UndoPaethColumns(Span<byte> row, ReadOnlySpan<byte> above, int from, int to)
    {
        for (var x = from; x < to; x++)
        {
            int a = x > 0 ? row[x - 1] : 0;
            int c = x > 0 ? above[x - 1] : 0;
            row[x] = (byte)(row[x] + Paeth(a, above[x], c));
        }
    }

    /// <summary>
    /// The Paeth predictor of left <paramref name="a"/>, above <paramref name="b"/> and upper-left <paramref name="c"/>:
    /// a when pa &lt;= pb and pa &lt;= pc, else b when pb &lt;= pc, else c (the specification's order of ties). With
    /// d = a - c and e = b - c the distances are |e|, |d| and |d + e|, and the choice is made with sign masks: the JIT
    /// keeps branches inside loops, and on noisy rows a branch here is mispredicted about every other byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Paeth(int a, int b, int c)
    {
        var e = b - c;
        var d = a - c;
        var pa = Magnitude(e);
        var pb = Magnitude(d);
        var pc = Magnitude(d + e);
        var bWins = (pb - pc - 1) >> 31; // -1 when pb <= pc
        var nearest = pc + ((pb - pc) & bWins);
        var aWins = (pa - nearest - 1) >> 31; // -1 when pa <= min(pb, pc)
        var fromB = e & bWins;
        return c + (fromB ^ ((d ^ fromB) & aWins));
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
