namespace CoSod.Metrics.PySod.Shape;

/// <summary>
/// The 8-connected components of a 0/1 mask (scikit-image's <c>measure.label</c> with its default full
/// connectivity), held as horizontal runs joined by union-find: no image-sized label map.
/// </summary>
internal sealed class MaskComponents
{
    private readonly int[] _rowFirstRun;
    private readonly List<int> _runStart = [];
    private readonly List<int> _runEnd = [];
    private readonly List<int> _parent = [];

    private MaskComponents(int height)
    {
        _rowFirstRun = new int[height + 1];
    }

    /// <summary>How many components the mask has.</summary>
    public int Count { get; private set; }

    /// <summary>Number of runs (an id space for <see cref="ComponentAt"/>).</summary>
    public int RunCount => _runStart.Count;

    public static MaskComponents Of(ReadOnlySpan<byte> mask, int width, int height)
    {
        var components = new MaskComponents(height);
        var runStart = components._runStart;
        var runEnd = components._runEnd;
        var parent = components._parent;
        var count = 0;
        for (var y = 0; y < height; y++)
        {
            components._rowFirstRun[y] = runStart.Count;
            var row = mask.Slice(y * width, width);
            var x = 0;
            while (x < width)
            {
                var start = row[x..].IndexOfAnyExcept((byte)0);
                if (start < 0)
                {
                    break;
                }

                start += x;
                var length = row[start..].IndexOf((byte)0);
                var end = length < 0 ? width - 1 : start + length - 1;
                runStart.Add(start);
                runEnd.Add(end);
                parent.Add(parent.Count);
                count++;
                x = end + 2;
            }
        }

        components._rowFirstRun[height] = runStart.Count;

        // Runs in consecutive rows touch when their column ranges overlap once widened by one (diagonals count).
        for (var y = 1; y < height; y++)
        {
            var upper = components._rowFirstRun[y - 1];
            var upperEnd = components._rowFirstRun[y];
            var lowerEnd = components._rowFirstRun[y + 1];
            for (var lower = components._rowFirstRun[y]; lower < lowerEnd; lower++)
            {
                while (upper < upperEnd && runEnd[upper] < runStart[lower] - 1)
                {
                    upper++;
                }

                for (var u = upper; u < upperEnd && runStart[u] <= runEnd[lower] + 1; u++)
                {
                    if (components.Union(u, lower))
                    {
                        count--;
                    }
                }
            }
        }

        components.Count = count;
        return components;
    }

    /// <summary>The component of the set pixel (x, y), as the id of its root run.</summary>
    /// <exception cref="ArgumentException">The pixel is not set.</exception>
    public int ComponentAt(int x, int y)
    {
        int lo = _rowFirstRun[y], hi = _rowFirstRun[y + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_runEnd[mid] < x)
            {
                lo = mid + 1;
            }
            else if (_runStart[mid] > x)
            {
                hi = mid - 1;
            }
            else
            {
                return Find(mid);
            }
        }

        throw new ArgumentException($"Pixel ({x}, {y}) is not part of the mask.");
    }

    private int Find(int run)
    {
        var root = run;
        while (_parent[root] != root)
        {
            root = _parent[root];
        }

        while (_parent[run] != root)
        {
            var next = _parent[run];
            _parent[run] = root;
            run = next;
        }

        return root;
    }

    private bool Union(int a, int b)
    {
        var ra = Find(a);
        var rb = Find(b);
        if (ra == rb)
        {
            return false;
        }

        if (ra < rb)
        {
            _parent[rb] = ra;
        }
        else
        {
            _parent[ra] = rb;
        }

        return true;
    }
}
