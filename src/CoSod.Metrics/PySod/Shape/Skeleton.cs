using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>A pixel's bits in the working image: set, and queued for the next look.</summary>
    private const byte Set = 1;

    private const byte Queued = 2;

    private static readonly Lazy<byte[]> Table = new(LoadTable);

    /// <summary>The removal table: 0 keep, 1 first sub-pass only, 2 second only, 3 both.</summary>
    internal static ReadOnlySpan<byte> RemovalTable => Table.Value;

    /// <summary>The skeleton of a 0/1 mask (any non-zero byte is set), as a new 0/1 mask of the same size.</summary>
    /// <exception cref="ArgumentException">The mask is not <paramref name="width"/> x <paramref name="height"/>.</exception>
    public static byte[] Compute(ReadOnlySpan<byte> mask, int width, int height)
    {
        var skeleton = new byte[mask.Length];
        foreach (var i in Pixels(mask, width, height))
        {
            skeleton[i] = 1;
        }

        return skeleton;
    }

    /// <summary>
    /// The skeleton's pixels (row-major indices into the mask, ascending). Thinning works on the object's bounding box
    /// framed by one clear pixel, so a small object costs little whatever the image's size.
    /// </summary>
    /// <exception cref="ArgumentException">The mask is not <paramref name="width"/> x <paramref name="height"/>.</exception>
    public static int[] Pixels(ReadOnlySpan<byte> mask, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (mask.Length != (long)width * height)
        {
            throw new ArgumentException($"A {width}x{height} mask has {(long)width * height} pixels, got {mask.Length}.", nameof(mask));
        }

        int left = width, right = -1, top = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            var row = mask.Slice(y * width, width);
            var first = row.IndexOfAnyExcept((byte)0);
            if (first >= 0)
            {
                left = Math.Min(left, first);
                right = Math.Max(right, row.LastIndexOfAnyExcept((byte)0));
                top = top < 0 ? y : top;
                bottom = y;
            }
        }

        if (right < 0)
        {
            return [];
        }

        var boxWidth = right - left + 1;
        var boxHeight = bottom - top + 1;
        var image = Thin(mask, width, left, top, boxWidth, boxHeight);
        var stride = boxWidth + 2;
        var pixels = new List<int>();
        for (var y = 0; y < boxHeight; y++)
        {
            var row = image.AsSpan(((y + 1) * stride) + 1, boxWidth);
            for (var x = 0; x < row.Length; x++)
            {
                if ((row[x] & Set) != 0)
                {
                    pixels.Add(((top + y) * width) + left + x);
                }
            }
        }

        return pixels.ToArray();
    }

    /// <summary>Thins the box of the mask in a framed working image and returns that image.</summary>
    private static byte[] Thin(ReadOnlySpan<byte> mask, int width, int left, int top, int boxWidth, int boxHeight)
    {
        var table = RemovalTable;
        var stride = boxWidth + 2;
        var height = boxHeight;
        var image = new byte[stride * (boxHeight + 2)];
        for (var y = 0; y < boxHeight; y++)
        {
            Binarise(mask.Slice(((top + y) * width) + left, boxWidth), image.AsSpan(((y + 1) * stride) + 1, boxWidth));
        }

        var candidates = InitialCandidates(image, stride, height);
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
                next.Clear();
                foreach (var i in candidates)
                {
                    var rule = table[Code(image, i, stride)];
                    if (rule == 3 || rule == ownRule)
                    {
                        removals.Add(i);
                    }
                    else if (rule != 0)
                    {
                        // Removable in the other sub-pass: look again then.
                        next.Add(i);
                    }
                    else
                    {
                        // Kept by both sub-passes while its neighbours stay; a removal next to it wakes it.
                        image[i] = Set;
                    }
                }

                // The removals land at once; only the neighbours of removed pixels can change their verdict.
                foreach (var i in removals)
                {
                    image[i] = 0;
                }

                removedAny |= removals.Count > 0;

                foreach (var i in removals)
                {
                    Wake(image, next, i - stride - 1);
                    Wake(image, next, i - stride);
                    Wake(image, next, i - stride + 1);
                    Wake(image, next, i - 1);
                    Wake(image, next, i + 1);
                    Wake(image, next, i + stride - 1);
                    Wake(image, next, i + stride);
                    Wake(image, next, i + stride + 1);
                }

                (candidates, next) = (next, candidates);
            }
        }

        return image;
    }

    /// <summary>Set pixels with at least one clear neighbour (the others have code 255 and stay), marked queued.</summary>
    private static List<int> InitialCandidates(byte[] image, int stride, int height)
    {
        var candidates = new List<int>();
        var border = new byte[stride];
        var lanes = Vector<byte>.Count;
        for (var y = 1; y <= height; y++)
        {
            var above = image.AsSpan((y - 1) * stride, stride);
            var row = image.AsSpan(y * stride, stride);
            var below = image.AsSpan((y + 1) * stride, stride);
            var x = 1;
            for (; x + lanes < stride; x += lanes)
            {
                var all = Load(above, x - 1) & Load(above, x) & Load(above, x + 1) & Load(row, x - 1) & Load(row, x + 1)
                    & Load(below, x - 1) & Load(below, x) & Load(below, x + 1);
                Vector.AndNot(Load(row, x), all).CopyTo(border.AsSpan(x, lanes));
            }

            for (; x < stride - 1; x++)
            {
                var all = above[x - 1] & above[x] & above[x + 1] & row[x - 1] & row[x + 1] & below[x - 1] & below[x] & below[x + 1];
                border[x] = (byte)(row[x] & ~all & Set);
            }

            var at = 1;
            while (at < stride - 1)
            {
                var found = border.AsSpan(at, stride - 1 - at).IndexOfAnyExcept((byte)0);
                if (found < 0)
                {
                    break;
                }

                at += found;
                candidates.Add((y * stride) + at);
                at++;
            }
        }

        foreach (var i in candidates)
        {
            image[i] |= Queued;
        }

        return candidates;
    }

    private static Vector<byte> Load(ReadOnlySpan<byte> row, int x) => new(row.Slice(x, Vector<byte>.Count));

    /// <summary>1 where the source is non-zero, else 0.</summary>
    private static void Binarise(ReadOnlySpan<byte> source, Span<byte> target)
    {
        var lanes = Vector<byte>.Count;
        var x = 0;
        for (; x + lanes <= source.Length; x += lanes)
        {
            Vector.Min(new Vector<byte>(source.Slice(x, lanes)), Vector<byte>.One).CopyTo(target.Slice(x, lanes));
        }

        for (; x < source.Length; x++)
        {
            target[x] = source[x] != 0 ? Set : (byte)0;
        }
    }

    /// <summary>Queues a set pixel that is not queued yet.</summary>
    private static void Wake(byte[] image, List<int> next, int neighbour)
    {
        if (image[neighbour] == Set)
        {
            image[neighbour] = Set | Queued;
            next.Add(neighbour);
        }
    }

    /// <summary>
    /// The neighbour code of pixel <paramref name="i"/> (never on the frame, so all eight reads are inside the image;
    /// they are made without bounds checks, the hot path of thinning).
    /// </summary>
    private static int Code(byte[] image, int i, int stride)
    {
        ref var centre = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(image), i);
        return (Unsafe.Add(ref centre, -stride - 1) & Set)
            | ((Unsafe.Add(ref centre, -stride) & Set) << 1)
            | ((Unsafe.Add(ref centre, -stride + 1) & Set) << 2)
            | ((Unsafe.Add(ref centre, 1) & Set) << 3)
            | ((Unsafe.Add(ref centre, stride + 1) & Set) << 4)
            | ((Unsafe.Add(ref centre, stride) & Set) << 5)
            | ((Unsafe.Add(ref centre, stride - 1) & Set) << 6)
            | ((Unsafe.Add(ref centre, -1) & Set) << 7);
    }

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
