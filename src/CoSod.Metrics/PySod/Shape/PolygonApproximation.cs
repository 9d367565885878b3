namespace CoSod.Metrics.PySod.Shape;

/// <summary>
/// OpenCV 4.6's <c>approxPolyDP(curve, epsilon, closed: false)</c> on integer points: Douglas-Peucker with OpenCV's
/// explicit stack, then its clean-up pass over almost collinear vertices. HCE counts the vertices it keeps.
/// </summary>
/// <remarks>
/// An open curve whose first and last points coincide is treated as closed, as OpenCV does (it seeds the stack with
/// an approximate diameter instead). Otherwise the slice first..last is pushed; a popped slice keeps its first point
/// when every inner point lies within epsilon of the line through its ends (distance measured to the infinite line,
/// the first farthest point splitting), else it is split there and the left half is processed first. The last point
/// is appended. The clean-up then drops a middle vertex whose squared distance to the chord of its neighbours is at
/// most epsilon^2 / 2 times the chord's squared length, when the chord is neither horizontal nor vertical and the
/// vertex lies between its neighbours. All arithmetic is exact: coordinates are small integers held in doubles.
/// </remarks>
public static class PolygonApproximation
{
    /// <summary>The vertices OpenCV keeps of the open curve, in order.</summary>
    public static PixelPoint[] ApproximateOpen(ReadOnlySpan<PixelPoint> curve, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        if (curve.IsEmpty)
        {
            return [];
        }

        var kept = new PixelPoint[curve.Length];
        var count = Approximate(curve, epsilon, kept);
        return kept[..count];
    }

    /// <summary>How many vertices <see cref="ApproximateOpen"/> keeps, using <paramref name="scratch"/> (at least as long as the curve).</summary>
    public static int CountOpen(ReadOnlySpan<PixelPoint> curve, double epsilon, Span<PixelPoint> scratch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        return curve.IsEmpty ? 0 : Approximate(curve, epsilon, scratch);
    }

    private static int Approximate(ReadOnlySpan<PixelPoint> curve, double epsilon, Span<PixelPoint> output)
    {
        var count = curve.Length;
        var epsilonSquared = epsilon * epsilon;
        var written = 0;
        var closed = curve[0] == curve[count - 1];
        var stack = new Stack<(int Start, int End)>();
        if (!closed)
        {
            stack.Push((0, count - 1));
        }
        else
        {
            written = SeedClosed(curve, epsilonSquared, stack, output);
        }

        while (stack.Count > 0)
        {
            var (start, end) = stack.Pop();
            var startPoint = curve[start];
            var next = (start + 1) % count;
            if (next == end)
            {
                output[written++] = startPoint;
                continue;
            }

            var endPoint = curve[end];
            double dx = endPoint.X - startPoint.X;
            double dy = endPoint.Y - startPoint.Y;
            var maxDistance = 0.0;
            var split = start;
            for (var pos = next; pos != end; pos = (pos + 1) % count)
            {
                var p = curve[pos];
                var distance = Math.Abs(((p.Y - startPoint.Y) * dx) - ((p.X - startPoint.X) * dy));
                if (distance > maxDistance)
                {
                    maxDistance = distance;
                    split = pos;
                }
            }

            if (maxDistance * maxDistance <= epsilonSquared * ((dx * dx) + (dy * dy)))
            {
                output[written++] = startPoint;
            }
            else
            {
                stack.Push((split, end));
                stack.Push((start, split));
            }
        }

        if (!closed)
        {
            output[written++] = curve[count - 1];
        }

        return RemoveCollinear(output[..written], epsilonSquared);
    }

    /// <summary>
    /// OpenCV's start for a curve that ends where it begins: the point farthest from the first one splits it in two
    /// slices (one pass of its diameter search); a curve within epsilon of its first point keeps that point alone.
    /// HCE never gets here (its segments never repeat a point); kept so that the function is approxPolyDP's whole.
    /// </summary>
    private static int SeedClosed(ReadOnlySpan<PixelPoint> curve, double epsilonSquared, Stack<(int Start, int End)> stack, Span<PixelPoint> output)
    {
        var count = curve.Length;
        var startPoint = curve[0];
        var maxDistance = 0.0;
        var farthest = 0;
        for (var j = 1; j < count; j++)
        {
            double dx = curve[j].X - startPoint.X;
            double dy = curve[j].Y - startPoint.Y;
            var distance = (dx * dx) + (dy * dy);
            if (distance > maxDistance)
            {
                maxDistance = distance;
                farthest = j;
            }
        }

        if (maxDistance <= epsilonSquared)
        {
            output[0] = startPoint;
            return 1;
        }

        stack.Push((farthest, 0));
        stack.Push((0, farthest));
        return 0;
    }

    /// <summary>OpenCV's last stage for an open curve: drop vertices on almost straight diagonal runs.</summary>
    private static int RemoveCollinear(Span<PixelPoint> points, double epsilonSquared)
    {
        var count = points.Length;
        var newCount = count;
        if (count <= 2)
        {
            return count;
        }

        var readPos = 0;
        var start = points[readPos++];
        var writePos = readPos;
        var middle = points[readPos++];
        for (var i = 1; i < count - 1 && newCount > 2; i++)
        {
            var end = points[readPos];
            readPos = readPos + 1 >= count ? 0 : readPos + 1;
            double dx = end.X - start.X;
            double dy = end.Y - start.Y;
            var distance = Math.Abs(((middle.X - start.X) * dy) - ((middle.Y - start.Y) * dx));
            var successiveInner = ((middle.X - start.X) * (end.X - middle.X)) + ((middle.Y - start.Y) * (end.Y - middle.Y));
            if (distance * distance <= 0.5 * epsilonSquared * ((dx * dx) + (dy * dy)) && dx != 0 && dy != 0 && successiveInner >= 0)
            {
                newCount--;
                points[writePos] = start = end;
                writePos = writePos + 1 >= count ? 0 : writePos + 1;
                middle = points[readPos];
                readPos = readPos + 1 >= count ? 0 : readPos + 1;
                i++;
                continue;
            }

            points[writePos] = start = middle;
            writePos = writePos + 1 >= count ? 0 : writePos + 1;
            middle = end;
        }

        points[writePos] = middle;
        return newCount;
    }
}
