using System.Numerics;
using System.Runtime.InteropServices;

namespace CoSod.Metrics.PySod.Shape;

/// <summary>
/// OpenCV 4.6's <c>findContours(mask, RETR_TREE, CHAIN_APPROX_NONE)</c> on an 8-bit mask: every outer border and
/// hole border (Suzuki and Abe's border following), every border pixel, in OpenCV's list order, from OpenCV's start
/// pixel and in its direction. HCE walks these point lists in order, so order, start and direction decide its count.
/// </summary>
/// <remarks>
/// <para>The mask is framed by one clear pixel and binarised (non-zero is 1). A raster scan finds a border start where
/// a clear pixel is followed by a 1 (an outer border, traced from that pixel) or where a 1 or a still-unlabelled
/// border pixel is followed by a clear pixel (a hole border, traced from the pixel on the left). Outer borders are
/// followed counter-clockwise as seen on screen, starting the neighbour search clockwise from the west, hole borders
/// from the east. Tracing writes the border's 7-bit label into its pixels: with the sign bit where the pixel's east
/// neighbour was examined and found clear, plainly where the pixel was still 1. Labels run 2..127 and then 3..127
/// again.</para>
/// <para>The parent of a new border follows from the label of the last border pixel the scan crossed on this row:
/// among the borders carrying that label whose bounding box holds that pixel, the first that the pixel proves to be
/// the last border met there (OpenCV re-traces it to decide), else the last candidate; a border of the same kind as
/// that border takes its parent instead. Each border becomes the first child of its parent when the scan moves on,
/// so siblings end up in reverse order of discovery, and the list is the tree in depth-first pre-order.</para>
/// </remarks>
public static class ContourTracer
{
    // Directions 0..7 counter-clockwise from east, as (dx, dy) with y growing downwards; repeated for 8..15.
    private static readonly int[] StepX = [1, 1, 0, -1, -1, -1, 0, 1];
    private static readonly int[] StepY = [0, -1, -1, -1, 0, 1, 1, 1];

    private const int Frame = -1;
    private const sbyte RightFlag = unchecked((sbyte)0x80);
    private const int LabelMask = 0x7f;
    private const int FirstLabel = 2;
    private const int WrappedLabel = 3;

    /// <summary>The borders of a 0/1 mask (any non-zero byte is set), each as its pixels in order.</summary>
    /// <exception cref="ArgumentException">The mask is not <paramref name="width"/> x <paramref name="height"/>.</exception>
    public static List<PixelPoint[]> FindContours(ReadOnlySpan<byte> mask, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (mask.Length != (long)width * height)
        {
            throw new ArgumentException($"A {width}x{height} mask has {(long)width * height} pixels, got {mask.Length}.", nameof(mask));
        }

        return FindContours(mask, width, height, new sbyte[(width + 2) * (height + 2)]);
    }

    /// <summary>
    /// <see cref="FindContours(ReadOnlySpan{byte}, int, int)"/> tracing in <paramref name="framed"/>, a caller's
    /// array of at least (width + 2) x (height + 2) bytes (its contents are overwritten).
    /// </summary>
    internal static List<PixelPoint[]> FindContours(ReadOnlySpan<byte> mask, int width, int height, sbyte[] framed)
    {
        if (framed.Length < (width + 2) * (height + 2))
        {
            throw new ArgumentException("The framed image must hold (width + 2) x (height + 2) pixels.", nameof(framed));
        }

        var tracer = new Tracer(mask, width, height, framed);
        tracer.Scan();
        return tracer.InTreeOrder();
    }

    private sealed class Tracer
    {
        private readonly sbyte[] _image;
        private readonly int _stride;
        private readonly int _width;
        private readonly int _height;
        private readonly int[] _delta = new int[16];
        private readonly int[] _newestWithLabel = new int[128];
        private readonly List<TracedBorder> _borders = [];

        public Tracer(ReadOnlySpan<byte> mask, int width, int height, sbyte[] framed)
        {
            _width = width + 2;
            _height = height + 2;
            _stride = _width;
            _image = framed;
            Array.Clear(_image, 0, _stride * _height);
            for (var y = 0; y < height; y++)
            {
                // Binarised as OpenCV thresholds it: non-zero becomes 1.
                var row = mask.Slice(y * width, width);
                var target = MemoryMarshal.Cast<sbyte, byte>(_image.AsSpan(((y + 1) * _stride) + 1, width));
                var lanes = Vector<byte>.Count;
                var x = 0;
                for (; x + lanes <= row.Length; x += lanes)
                {
                    Vector.Min(new Vector<byte>(row.Slice(x, lanes)), Vector<byte>.One).CopyTo(target.Slice(x, lanes));
                }

                for (; x < row.Length; x++)
                {
                    target[x] = row[x] != 0 ? (byte)1 : (byte)0;
                }
            }

            for (var s = 0; s < 16; s++)
            {
                _delta[s] = StepX[s & 7] + (StepY[s & 7] * _stride);
            }

            Array.Fill(_newestWithLabel, -1);
        }

        public void Scan()
        {
            var label = FirstLabel;
            for (var y = 1; y < _height - 1; y++)
            {
                var rowStart = y * _stride;
                var row = _image.AsSpan(rowStart, _width - 1);
                var lastBorderX = 0;
                int previous = 0;
                var x = 1;
                while (x < _width - 1)
                {
                    var skip = row[x..].IndexOfAnyExcept((sbyte)previous);
                    if (skip < 0)
                    {
                        break;
                    }

                    x += skip;
                    int current = row[x];
                    var isHole = false;
                    if (!(previous == 0 && current == 1))
                    {
                        if (current != 0 || previous < 1)
                        {
                            previous = current;
                            if ((previous & -2) != 0)
                            {
                                lastBorderX = x;
                            }

                            x++;
                            continue;
                        }

                        if ((previous & -2) != 0)
                        {
                            lastBorderX = x - 1;
                        }

                        isHole = true;
                    }

                    var originX = x - (isHole ? 1 : 0);
                    var parent = lastBorderX <= 0 ? Frame : ParentOf(lastBorderX, y, isHole);
                    lastBorderX = originX;
                    var border = Follow(originX, y, isHole, label, parent);
                    var index = _borders.Count;
                    border.NextWithLabel = _newestWithLabel[label];
                    _newestWithLabel[label] = index;
                    _borders.Add(border);
                    label = (label + 1) & LabelMask;
                    if (label == 0)
                    {
                        label = WrappedLabel;
                    }

                    // The scan resumes after the start pixel, comparing with its value as tracing left it.
                    x++;
                    previous = row[x - 1];
                }
            }
        }

        public List<PixelPoint[]> InTreeOrder()
        {
            // Each border became the first child of its parent in discovery order: children lists run newest first.
            var firstChild = new int[_borders.Count + 1];
            var nextSibling = new int[_borders.Count];
            Array.Fill(firstChild, -1);
            for (var i = 0; i < _borders.Count; i++)
            {
                var slot = _borders[i].Parent + 1;
                nextSibling[i] = firstChild[slot];
                firstChild[slot] = i;
            }

            var ordered = new List<PixelPoint[]>(_borders.Count);
            var stack = new Stack<int>();
            for (var top = firstChild[0]; top >= 0; top = nextSibling[top])
            {
                stack.Push(top);
                while (stack.Count > 0)
                {
                    var node = stack.Pop();
                    ordered.Add(_borders[node].Points);
                    // Push children newest-last so that the newest is visited first, as the list runs.
                    var children = new List<int>();
                    for (var c = firstChild[node + 1]; c >= 0; c = nextSibling[c])
                    {
                        children.Add(c);
                    }

                    for (var k = children.Count - 1; k >= 0; k--)
                    {
                        stack.Push(children[k]);
                    }
                }
            }

            return ordered;
        }

        private int ParentOf(int lastBorderX, int y, bool isHole)
        {
            var crossedLabel = _image[(y * _stride) + lastBorderX] & LabelMask;
            var chosen = -1;
            for (var candidate = _newestWithLabel[crossedLabel]; candidate >= 0; candidate = _borders[candidate].NextWithLabel)
            {
                var b = _borders[candidate];
                if ((uint)(lastBorderX - b.Left) < (uint)b.Width && (uint)(y - b.Top) < (uint)b.Height)
                {
                    if (chosen >= 0 && IsLastBorderAt(_borders[chosen], lastBorderX, y))
                    {
                        break;
                    }

                    chosen = candidate;
                }
            }

            if (chosen < 0)
            {
                throw new InvalidOperationException("findContours: a crossed border pixel belongs to no border (internal error).");
            }

            // A hole inside a hole's region (or an outer border inside an outer border's) belongs to that border's parent.
            return _borders[chosen].IsHole == isHole ? _borders[chosen].Parent : chosen;
        }

        /// <summary>OpenCV's re-trace: whether <paramref name="border"/> passes (x, y) and is the last border met there.</summary>
        private bool IsLastBorderAt(TracedBorder border, int x, int y)
        {
            var image = _image;
            var delta = _delta;
            var start = (border.OriginY * _stride) + border.OriginX;
            var stop = (y * _stride) + x;
            var s = border.IsHole ? 0 : 4;
            var sEnd = s;
            int first;
            do
            {
                s = (s - 1) & 7;
                first = start + delta[s];
            }
            while (image[first] == 0 && s != sEnd);

            var here = start;
            if (s == sEnd)
            {
                return here == stop;
            }

            while (true)
            {
                var next = here;
                while (s < 15)
                {
                    next = here + delta[++s];
                    if (image[next] != 0)
                    {
                        break;
                    }
                }

                if (here == stop)
                {
                    if ((image[here] & RightFlag) == 0)
                    {
                        return true;
                    }

                    var t = s;
                    while (true)
                    {
                        t = (t - 1) & 7;
                        if (image[here + delta[t]] != 0)
                        {
                            break;
                        }

                        if (t == 0)
                        {
                            return true;
                        }
                    }
                }

                if (next == start && here == first)
                {
                    return false;
                }

                here = next;
                s = (s + 4) & 7;
            }
        }

        private TracedBorder Follow(int originX, int originY, bool isHole, int label, int parent)
        {
            var image = _image;
            var delta = _delta;
            var plain = (sbyte)label;
            var flagged = (sbyte)(label | RightFlag);
            var start = (originY * _stride) + originX;
            var points = new List<PixelPoint>();
            int x = originX, y = originY;
            int left = x, right = x, top = y, bottom = y;

            var s = isHole ? 0 : 4;
            var sEnd = s;
            int first;
            do
            {
                s = (s - 1) & 7;
                first = start + delta[s];
            }
            while (image[first] == 0 && s != sEnd);

            if (s == sEnd)
            {
                // A lone pixel: one point, flagged.
                image[start] = flagged;
                points.Add(new PixelPoint(x - 1, y - 1));
            }
            else
            {
                var here = start;
                var previousS = s ^ 4;
                while (true)
                {
                    sEnd = s;
                    var next = here;
                    while (s < 15)
                    {
                        next = here + delta[++s];
                        if (image[next] != 0)
                        {
                            break;
                        }
                    }

                    s &= 7;
                    if ((uint)(s - 1) < (uint)sEnd)
                    {
                        image[here] = flagged;
                    }
                    else if (image[here] == 1)
                    {
                        image[here] = plain;
                    }

                    points.Add(new PixelPoint(x - 1, y - 1));
                    if (s != previousS)
                    {
                        // OpenCV updates the box only where the direction changes (one of the two bounds per axis).
                        if (x < left)
                        {
                            left = x;
                        }
                        else if (x > right)
                        {
                            right = x;
                        }

                        if (y < top)
                        {
                            top = y;
                        }
                        else if (y > bottom)
                        {
                            bottom = y;
                        }
                    }

                    previousS = s;
                    x += StepX[s];
                    y += StepY[s];
                    if (next == start && here == first)
                    {
                        break;
                    }

                    here = next;
                    s = (s + 4) & 7;
                }
            }

            return new TracedBorder
            {
                Points = points.ToArray(),
                IsHole = isHole,
                OriginX = originX,
                OriginY = originY,
                Left = left,
                Top = top,
                Width = right - left + 1,
                Height = bottom - top + 1,
                Parent = parent,
            };
        }
    }
}
