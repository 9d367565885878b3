using System.Text.Json;

namespace CoSod.Metrics.PySod.Shape;

/// <summary>
/// scikit-image 0.19.3's 2-D <c>skeletonize</c> (Zhang-Suen thinning driven by a 256-entry table), which
/// PySODMetrics' HCE applies to the ground truth: pixel for pixel the same skeleton.
/// </summary>
/// <remarks>
/// Each iteration has two sub-passes. A sub-pass reads the image as it was when the sub-pass began, codes every set
/// pixel's 8 neighbours (1 NW, 2 N, 4 NE, 8 E, 16 SE, 32 S, 64 SW, 128 W; outside the image is clear) and removes
/// the pixel when the table says 3, or 1 in the first sub-pass, or 2 in the second; all removals of a sub-pass land
/// at once. Thinning stops after an iteration that removes nothing. The table keeps a pixel whose 8 neighbours are all
/// set (entry 255 is 0), so only pixels next to a clear pixel are ever looked at: a removal wakes its neighbours.
/// The table is scikit-image's data (BSD-3-Clause), embedded with its provenance and licence.
/// </remarks>
public static class Skeleton
{
    private const string TableResource = "CoSod.Metrics.PySod.Shape.Data.skimage-zhang-skeleton-lut.json";

    private static readonly Lazy<byte[]> Table = new(LoadTable);

    /// <summary>The removal table: 0 keep, 1 first sub-pass only, 2 second only, 3 both.</summary>
    internal static ReadOnlySpan<byte> RemovalTable => Table.Value;

    /// <summary>The skeleton of a 0/1 mask (any non-zero byte is set), as a new 0/1 mask of the same size.</summary>
    /// <exception cref="ArgumentException">The mask is not <paramref name="width"/> x <paramref name="height"/>.</exception>
    public static byte[] Compute(ReadOnlySpan<byte> mask, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (mask.Length != (long)width * height)
        {
            throw new ArgumentException($"A {width}x{height} mask has {(long)width * height} pixels, got {mask.Length}.", nameof(mask));
        }

        var table = RemovalTable;
        var stride = width + 2;
        var image = new byte[stride * (height + 2)];
        for (var y = 0; y < height; y++)
        {
            var row = mask.Slice(y * width, width);
            var target = image.AsSpan(((y + 1) * stride) + 1, width);
            for (var x = 0; x < row.Length; x++)
            {
                target[x] = row[x] != 0 ? (byte)1 : (byte)0;
            }
        }

        // Candidates: set pixels with a clear neighbour (the others have code 255 and stay).
        var queued = new bool[image.Length];
        var candidates = new List<int>();
        for (var i = stride; i < image.Length - stride; i++)
        {
            if (image[i] != 0 && Code(image, i, stride) != 255)
            {
                candidates.Add(i);
                queued[i] = true;
            }
        }

        var removals = new List<int>();
        var next = new List<int>();
        var removedAny = true;
        while (removedAny)
        {
            removedAny = false;
            for (var pass = 0; pass < 2; pass++)
            {
                var ownRule = pass == 0 ? 1 : 2;
                removals.Clear();
                foreach (var i in candidates)
                {
                    if (image[i] == 0)
                    {
                        continue;
                    }

                    var rule = table[Code(image, i, stride)];
                    if (rule == 3 || rule == ownRule)
                    {
                        removals.Add(i);
                    }
                }

                if (removals.Count == 0)
                {
                    continue;
                }

                removedAny = true;
                foreach (var i in removals)
                {
                    image[i] = 0;
                }

                // Only the survivors and the neighbours of removed pixels can change their verdict.
                next.Clear();
                foreach (var i in candidates)
                {
                    if (image[i] != 0)
                    {
                        next.Add(i);
                    }
                    else
                    {
                        queued[i] = false;
                    }
                }

                foreach (var i in removals)
                {
                    Wake(image, queued, next, i - stride - 1, i - stride, i - stride + 1, i - 1, i + 1, i + stride - 1, i + stride, i + stride + 1);
                }

                (candidates, next) = (next, candidates);
            }
        }

        var skeleton = new byte[mask.Length];
        for (var y = 0; y < height; y++)
        {
            image.AsSpan(((y + 1) * stride) + 1, width).CopyTo(skeleton.AsSpan(y * width, width));
        }

        return skeleton;
    }

    private static void Wake(byte[] image, bool[] queued, List<int> next, params ReadOnlySpan<int> neighbours)
    {
        foreach (var n in neighbours)
        {
            if (image[n] != 0 && !queued[n])
            {
                queued[n] = true;
                next.Add(n);
            }
        }
    }

    private static int Code(byte[] image, int i, int stride) =>
        image[i - stride - 1]
        | (image[i - stride] << 1)
        | (image[i - stride + 1] << 2)
        | (image[i + 1] << 3)
        | (image[i + stride + 1] << 4)
        | (image[i + stride] << 5)
        | (image[i + stride - 1] << 6)
        | (image[i - 1] << 7);

    private static byte[] LoadTable()
    {
        using var stream = typeof(Skeleton).Assembly.GetManifestResourceStream(TableResource)
            ?? throw new InvalidOperationException($"The embedded resource {TableResource} is missing from the build.");
        using var document = JsonDocument.Parse(stream);
        var entries = document.RootElement.GetProperty("lut");
        var table = new byte[256];
        var k = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            table[k++] = checked((byte)entry.GetInt32());
        }

        if (k != table.Length || table[255] != 0)
        {
            throw new InvalidOperationException($"{TableResource} must hold 256 entries and keep interior pixels (entry 255 = 0).");
        }

        return table;
    }
}
