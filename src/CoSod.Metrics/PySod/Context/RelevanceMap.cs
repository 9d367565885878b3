using System.Numerics;

namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// The context measure's relevance map <c>cv2.filter2D(gt.astype(float32), CV_32F, kernel)</c>: the ground truth
/// correlated with the kernel (anchor at its centre, BORDER_REFLECT_101), in float32.
/// </summary>
/// <remarks>
/// <para>OpenCV converts the kernel to float32. Below <see cref="DftTaps"/> taps it filters directly: each output is a
/// float32 sum over the taps in row-major order, which this reproduces bit for bit (the ground truth is 0/1, so every
/// product is exact and fused or not makes no difference; checked against python3-opencv 4.6). From
/// <see cref="DftTaps"/> taps on it goes through a float32 DFT, whose rounding is not reproduced: rounding the kernel
/// to float32, correlating in double and rounding each output to float32 gives PySODMetrics' cm within 6e-14 (SPEC
/// 8.2), where correlating without the two roundings differs by up to 3.3e-9.</para>
/// <para>The map is non-zero only within the kernel's reach of the object's bounding box (reflection brings no pixel
/// from farther), so only that rectangle is stored. On the DFT side each kernel row meets a reflected image row as a
/// few runs of object pixels, and a run's contribution to an output is a difference of the row's prefix sums.</para>
/// </remarks>
public sealed class RelevanceMap
{
    /// <summary>OpenCV's dft_filter_size for float32 filtering on a CPU with SSE3: from this many taps on, filter2D uses a DFT.</summary>
    public const int DftTaps = 130;

    private readonly float[] _values;

    private RelevanceMap(int left, int top, int width, int height, float[] values)
    {
        Left = left;
        Top = top;
        Width = width;
        Height = height;
        _values = values;
    }

    /// <summary>The stored rectangle (image coordinates); outside it the map is 0.</summary>
    public int Left { get; }

    public int Top { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The rectangle's values, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The relevance map of a 0/1 mask whose object bounding box is given (Right &lt; Left when empty).</summary>
    public static RelevanceMap Of(ReadOnlySpan<byte> mask, int width, int height, ContextKernel kernel, ObjectBox box)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (box.IsEmpty)
        {
            return new RelevanceMap(0, 0, 0, 0, []);
        }

        var rowRadius = kernel.RowRadius;
        var columnRadius = kernel.ColumnRadius;
        var columns = kernel.Columns;
        var top = Math.Max(0, box.Top - rowRadius);
        var bottom = Math.Min(height - 1, box.Bottom + rowRadius);
        var left = Math.Max(0, box.Left - columnRadius);
        var right = Math.Min(width - 1, box.Right + columnRadius);
        var regionWidth = right - left + 1;
        var regionHeight = bottom - top + 1;
        if (kernel.Rows * kernel.Columns < DftTaps)
        {
            return new RelevanceMap(left, top, regionWidth, regionHeight, Direct(mask, width, height, kernel, left, top, regionWidth, regionHeight));
        }

        // Prefix sums of each float32-rounded kernel row: prefix[a][j] = sum of the row's first j weights.
        var weights = kernel.Weights;
        var prefix = new double[kernel.Rows * (columns + 1)];
        for (var a = 0; a < kernel.Rows; a++)
        {
            var sum = 0.0;
            for (var b = 0; b < columns; b++)
            {
                prefix[(a * (columns + 1)) + b] = sum;
                sum += (float)weights[(a * columns) + b];
            }

            prefix[(a * (columns + 1)) + columns] = sum;
        }

        var runs = ReflectedRuns(mask, width, box, columnRadius);
        var values = new float[regionWidth * regionHeight];
        var accumulator = new double[regionWidth];
        for (var y = top; y <= bottom; y++)
        {
            Array.Clear(accumulator);
            for (var a = 0; a < kernel.Rows; a++)
            {
                var sourceRow = Reflect101.Index(y + a - rowRadius, height);
                if (sourceRow < box.Top || sourceRow > box.Bottom)
                {
                    continue;
                }

                var rowPrefix = prefix.AsSpan(a * (columns + 1), columns + 1);
                var rowSum = rowPrefix[columns] - rowPrefix[0];
                foreach (var (start, end) in runs[sourceRow - box.Top])
                {
                    // Padded column j holds image column j - columnRadius; output x reads padded columns x .. x + 2r.
                    var first = Math.Max(start - (columns - 1), left);
                    var last = Math.Min(end, right);

                    // Where the window lies wholly in the run, the contribution is the whole row's sum.
                    var insideFirst = Math.Max(start, first);
                    var insideLast = Math.Min(end - (columns - 1), last);
                    for (var x = first; x <= last; x++)
                    {
                        if (x == insideFirst && insideLast >= insideFirst)
                        {
                            Add(accumulator.AsSpan(x - left, insideLast - insideFirst + 1), rowSum);
                            x = insideLast;
                            continue;
                        }

                        var lo = Math.Max(start, x) - x;
                        var hi = Math.Min(end, x + columns - 1) - x;
                        accumulator[x - left] += rowPrefix[hi + 1] - rowPrefix[lo];
                    }
                }
            }

            var target = values.AsSpan((y - top) * regionWidth, regionWidth);
            for (var x = 0; x < regionWidth; x++)
            {
                target[x] = (float)accumulator[x];
            }
        }

        return new RelevanceMap(left, top, regionWidth, regionHeight, values);
    }

    /// <summary>OpenCV's direct float32 filter: per output, the float32 weights of the taps on object pixels added in row-major order.</summary>
    private static float[] Direct(ReadOnlySpan<byte> mask, int width, int height, ContextKernel kernel, int left, int top, int regionWidth, int regionHeight)
    {
        var rowRadius = kernel.RowRadius;
        var columnRadius = kernel.ColumnRadius;
        var columns = kernel.Columns;
        var weights = new float[kernel.Rows * columns];
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = (float)kernel.Weights[k];
        }

        // The reflected 0/1 rows the region reads, as floats: padded column j is image column left - r + j.
        var paddedWidth = regionWidth + (2 * columnRadius);
        var paddedRows = regionHeight + (2 * rowRadius);
        var padded = new float[paddedRows * paddedWidth];
        for (var r = 0; r < paddedRows; r++)
        {
            var sourceRow = Reflect101.Index(top - rowRadius + r, height) * width;
            for (var j = 0; j < paddedWidth; j++)
            {
                padded[(r * paddedWidth) + j] = mask[sourceRow + Reflect101.Index(left - columnRadius + j, width)] != 0 ? 1f : 0f;
            }
        }

        var values = new float[regionWidth * regionHeight];
        for (var y = 0; y < regionHeight; y++)
        {
            var target = values.AsSpan(y * regionWidth, regionWidth);
            for (var a = 0; a < kernel.Rows; a++)
            {
                var source = padded.AsSpan((y + a) * paddedWidth, paddedWidth);
                for (var b = 0; b < columns; b++)
                {
                    var weight = weights[(a * columns) + b];
                    if (weight == 0f)
                    {
                        continue;
                    }

                    var taps = source.Slice(b, regionWidth);
                    for (var x = 0; x < target.Length; x++)
                    {
                        target[x] += weight * taps[x];
                    }
                }
            }
        }

        return values;
    }

    private static void Add(Span<double> values, double addend)
    {
        var lanes = Vector<double>.Count;
        var x = 0;
        var broadcast = new Vector<double>(addend);
        for (; x + lanes <= values.Length; x += lanes)
        {
            (new Vector<double>(values.Slice(x, lanes)) + broadcast).CopyTo(values.Slice(x, lanes));
        }

        for (; x < values.Length; x++)
        {
            values[x] += addend;
        }
    }

    /// <summary>Runs of object pixels of each object row, in columns padded by reflection (column c at c + radius).</summary>
    private static List<(int Start, int End)>[] ReflectedRuns(ReadOnlySpan<byte> mask, int width, ObjectBox box, int columnRadius)
    {
        var runs = new List<(int Start, int End)>[box.Bottom - box.Top + 1];
        var paddedWidth = width + (2 * columnRadius);
        for (var r = box.Top; r <= box.Bottom; r++)
        {
            var row = mask.Slice(r * width, width);
            var list = new List<(int Start, int End)>();
            var start = -1;
            for (var j = 0; j < paddedWidth; j++)
            {
                var set = row[Reflect101.Index(j - columnRadius, width)] != 0;
                if (set && start < 0)
                {
                    start = j;
                }
                else if (!set && start >= 0)
                {
                    list.Add((start, j - 1));
                    start = -1;
                }
            }

            if (start >= 0)
            {
                list.Add((start, paddedWidth - 1));
            }

            runs[r - box.Top] = list;
        }

        return runs;
    }
}

/// <summary>The bounding box of a mask's object pixels, inclusive; empty when <see cref="Right"/> &lt; <see cref="Left"/>.</summary>
public readonly record struct ObjectBox(int Left, int Top, int Right, int Bottom)
{
    public bool IsEmpty => Right < Left || Bottom < Top;
}

/// <summary>OpenCV's BORDER_REFLECT_101 (<c>gfedcb|abcdefgh|gfedcba</c>), repeated when the reach exceeds the image.</summary>
internal static class Reflect101
{
    public static int Index(int position, int length)
    {
        if (length == 1)
        {
            return 0;
        }

        while ((uint)position >= (uint)length)
        {
            position = position < 0 ? -position : (2 * length) - 2 - position;
        }

        return position;
    }
}
