namespace CoSod.Metrics.PySod.SizeInvariance;

/// <summary>One 4-connected component of a mask: its pixel count and inclusive bounding box.</summary>
public readonly record struct Component(int Area, int Top, int Left, int Bottom, int Right);

/// <summary>
/// The 4-connected components of a 0/1 mask (scikit-image <c>measure.label(mask, connectivity=1)</c>), numbered as
/// scikit-image numbers them: in raster order of each component's first pixel.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>The components in label order (label i + 1 is element i).</summary>
    public static IReadOnlyList<Component> Of(ReadOnlySpan<byte> mask, int width, int height)
    {
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"A {width}x{height} mask needs {width * height} pixels, got {mask.Length}.", nameof(mask));
        }

        var components = new List<Component>();
        var visited = new bool[mask.Length];
        var stack = new Stack<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || visited[start])
            {
                continue;
            }

            // The raster scan meets each component first at its first pixel: labels come out in scikit-image's order.
            int area = 0, top = int.MaxValue, left = int.MaxValue, bottom = -1, right = -1;
            visited[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                var y = i / width;
                var x = i - (y * width);
                area++;
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                Visit(mask, visited, stack, y > 0, i - width);
                Visit(mask, visited, stack, y < height - 1, i + width);
                Visit(mask, visited, stack, x > 0, i - 1);
                Visit(mask, visited, stack, x < width - 1, i + 1);
            }

            components.Add(new Component(area, top, left, bottom, right));
        }

        return components;
    }

    private static void Visit(ReadOnlySpan<byte> mask, bool[] visited, Stack<int> stack, bool inside, int i)
    {
        if (inside && mask[i] != 0 && !visited[i])
        {
            visited[i] = true;
            stack.Push(i);
        }
    }
}
