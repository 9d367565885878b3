using System.Numerics;
using System.Runtime.Intrinsics;
using CoSod.Metrics.PySod.Context;

namespace CoSod.Metrics.PySod;

/// <summary>Work on a ground truth that only some metrics need, asked for when it is prepared.</summary>
[Flags]
public enum PySodGroundTruthWork
{
    None = 0,

    /// <summary>Each pixel's nearest object pixel (the weighted F-measure's exact distance transform).</summary>
    DistanceTransform = 1,

    /// <summary>MSIoU: the mask's edge map box-counted at ten scales (<see cref="MultiScaleEdgeCells"/>).</summary>
    MultiScaleEdges = 1 << 8,

    /// <summary>Size-invariant metrics: the mask's targets and their boxes (<see cref="SizeInvariance.SizeInvariantTargets"/>).</summary>
    SizeInvariantTargets = 1 << 9,

    /// <summary>The object's skeleton (HCE).</summary>
    Skeleton = 1 << 10,

    /// <summary>The context measure's kernel and relevance map (cm, ccm).</summary>
    ContextMeasure = 1 << 11,

    /// <summary>The camouflage degree from the RGB image (ccm); implies <see cref="ContextMeasure"/>.</summary>
    CamouflageDegree = 1 << 12,
}

/// <summary>
/// Everything PySODMetrics derives from a ground-truth mask alone: the binary mask, its centroid and bounding box and,
/// when asked for, each pixel's nearest object pixel. Built once per ground truth and shared by every method scored
/// against it (the distance transform is the most expensive step of the default metric set).
/// </summary>
/// <remarks>
/// Memory is what the metrics need and no more: one byte a pixel for the mask; with the distance transform, four for
/// the nearest-pixel index and four for the squared distance (its importance weight is looked up from it); when asked
/// for, the skeleton's pixel indices and the context measures' float32 relevance map around the object and camouflage
/// degree per object pixel. Nothing is pooled: a large ground truth's buffers go back to the garbage collector with it
/// instead of staying in a shared pool for the rest of the run. Immutable once created; safe to read from several
/// threads.
/// </remarks>
public sealed class PySodGroundTruth
{
    private readonly byte[] _mask;
    private readonly int[]? _nearest;
    private readonly int[]? _squaredDistance;

    private PySodGroundTruth(int width, int height, byte[] mask, int[]? nearest, int[]? squaredDistance, int foreground)
    {
        Width = width;
        Height = height;
        _mask = mask;
        _nearest = nearest;
        _squaredDistance = squaredDistance;
        ForegroundCount = foreground;
    }

    public int Width { get; }

    public int Height { get; }

    public int PixelCount => Width * Height;

    /// <summary>1 where the grey value is &gt; 128, else 0.</summary>
    public ReadOnlySpan<byte> Mask => _mask;

    public int ForegroundCount { get; }

    /// <summary>Bounding box of the object, inclusive (top &gt; bottom when there is none).</summary>
    public int ObjectTop { get; private init; }

    public int ObjectBottom { get; private init; }

    public int ObjectLeft { get; private init; }

    public int ObjectRight { get; private init; }

    /// <summary>S-measure split: PySODMetrics' centroid (round half to even) plus one.</summary>
    public int SplitColumn { get; private init; }

    public int SplitRow { get; private init; }

    /// <summary>MSIoU's ground-truth edge cells, when prepared with <see cref="PySodGroundTruthWork.MultiScaleEdges"/>.</summary>
    public MultiScaleEdgeCells? EdgeCells { get; private init; }

    /// <summary>The size-invariant targets, when prepared with <see cref="PySodGroundTruthWork.SizeInvariantTargets"/>.</summary>
    public SizeInvariance.SizeInvariantTargets? Targets { get; private init; }

    /// <summary>Whether <see cref="NearestForeground"/> was computed (it needs the work and an object).</summary>
    public bool HasDistanceTransform => _nearest is not null;

    /// <summary>For a background pixel, the flat index of its nearest object pixel; for an object pixel, itself.</summary>
    /// <exception cref="InvalidOperationException">The ground truth was prepared without its distance transform.</exception>
    public ReadOnlySpan<int> NearestForeground =>
        _nearest ?? (ForegroundCount == 0
            ? []
            : throw new InvalidOperationException("The ground truth was prepared without PySodGroundTruthWork.DistanceTransform."));

    /// <summary>The object's skeleton (scikit-image's 2-D skeletonize) as row-major pixel indices, ascending.</summary>
    /// <exception cref="InvalidOperationException">The ground truth was prepared without its skeleton.</exception>
    public ReadOnlySpan<int> SkeletonPixels =>
        Skeleton ?? throw new InvalidOperationException("The ground truth was prepared without PySodGroundTruthWork.Skeleton.");

    /// <summary>The context measures' shared work (kernel, relevance map, camouflage degree), or null when not asked for.</summary>
    public ContextGroundTruth? Context { get; private init; }

    private int[]? Skeleton { get; init; }

    /// <summary>Every preparation (the classic metrics' full set).</summary>
    public static PySodGroundTruth Create(ReadOnlySpan<byte> groundTruth, int width, int height) =>
        Create(groundTruth, width, height, PySodGroundTruthWork.DistanceTransform);

    /// <param name="groundTruth">The grey ground truth.</param>
    /// <param name="width">Its width.</param>
    /// <param name="height">Its height.</param>
    /// <param name="work">What to prepare beyond the mask.</param>
    /// <param name="image">The RGB image at the ground truth's size, for <see cref="PySodGroundTruthWork.CamouflageDegree"/>.</param>
    public static PySodGroundTruth Create(ReadOnlySpan<byte> groundTruth, int width, int height, PySodGroundTruthWork work,
        CamouflageImage? image = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (groundTruth.Length != (long)width * height)
        {
            throw new ArgumentException(
                $"A {width}x{height} ground truth needs {(long)width * height} pixels, got {groundTruth.Length}.",
                nameof(groundTruth));
        }

        var n = groundTruth.Length;
        var mask = new byte[n];
        var foreground = 0;
        long rowSum = 0;
        var columnCounts = new int[width];
        int top = int.MaxValue, bottom = -1, left = int.MaxValue, right = -1;
        for (var y = 0; y < height; y++)
        {
            var maskRow = mask.AsSpan(y * width, width);
            var count = Threshold(groundTruth.Slice(y * width, width), maskRow);
            if (count == 0)
            {
                continue;
            }

            // The row's object pixels lie between its first and last; their columns are counted there, and the sum
            // of columns is made from the counts at the end (exact integers, as the per-pixel sum was).
            var first = maskRow.IndexOf((byte)1);
            var last = maskRow.LastIndexOf((byte)1);
            for (var x = first; x <= last; x++)
            {
                columnCounts[x] += maskRow[x];
            }

            foreground += count;
            rowSum += (long)y * count;
            top = Math.Min(top, y);
            bottom = y;
            left = Math.Min(left, first);
            right = Math.Max(right, last);
        }

        long columnSum = 0;
        for (var x = 0; x < width; x++)
        {
            columnSum += (long)x * columnCounts[x];
        }

        int[]? nearest = null;
        int[]? squared = null;
        if (foreground > 0 && work.HasFlag(PySodGroundTruthWork.DistanceTransform))
        {
            nearest = GC.AllocateUninitializedArray<int>(n);
            squared = GC.AllocateUninitializedArray<int>(n);
            EuclideanDistanceTransform.NearestForegroundInPlace(mask, width, height, nearest, squared);
        }

        var skeleton = work.HasFlag(PySodGroundTruthWork.Skeleton) ? Shape.Skeleton.Pixels(mask, width, height) : null;
        var context = (work & (PySodGroundTruthWork.ContextMeasure | PySodGroundTruthWork.CamouflageDegree)) != 0
            ? ContextGroundTruth.Of(mask, width, height, new ObjectBox(left, top, right, bottom),
                work.HasFlag(PySodGroundTruthWork.CamouflageDegree) ? image : null)
            : null;

        // argwhere(gt).mean(axis=0).round(): exact integer sums, one division, numpy's half-to-even round.
        return new PySodGroundTruth(width, height, mask, nearest, squared, foreground)
        {
            Skeleton = skeleton,
            Context = context,
            ObjectTop = top,
            ObjectBottom = bottom,
            ObjectLeft = left,
            ObjectRight = right,
            SplitRow = foreground > 0
                ? (int)Math.Round(rowSum / (double)foreground, MidpointRounding.ToEven) + 1
                : (int)Math.Round(height / 2.0, MidpointRounding.ToEven) + 1,
            SplitColumn = foreground > 0
                ? (int)Math.Round(columnSum / (double)foreground, MidpointRounding.ToEven) + 1
                : (int)Math.Round(width / 2.0, MidpointRounding.ToEven) + 1,
            EdgeCells = work.HasFlag(PySodGroundTruthWork.MultiScaleEdges) ? MultiScaleEdgeCells.Of(mask, width, height) : null,
            Targets = work.HasFlag(PySodGroundTruthWork.SizeInvariantTargets)
                ? SizeInvariance.SizeInvariantTargets.Of(mask, width, height)
                : null,
        };
    }

    /// <summary>
    /// Writes 1 where the grey level is above <see cref="PySodConstants.GroundTruthThreshold"/>, 0 elsewhere, a vector
    /// at a time, and returns how many are 1.
    /// </summary>
    private static int Threshold(ReadOnlySpan<byte> row, Span<byte> mask)
    {
        var count = 0;
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var threshold = Vector256.Create((byte)PySodConstants.GroundTruthThreshold);
            var one = Vector256.Create((byte)1);
            for (; x + Vector256<byte>.Count <= row.Length; x += Vector256<byte>.Count)
            {
                var above = Vector256.GreaterThan(Vector256.Create(row[x..]), threshold);
                (above & one).CopyTo(mask[x..]);
                count += BitOperations.PopCount(above.ExtractMostSignificantBits());
            }
        }

        for (; x < row.Length; x++)
        {
            var above = row[x] > PySodConstants.GroundTruthThreshold ? 1 : 0;
            mask[x] = (byte)above;
            count += above;
        }

        return count;
    }

    /// <summary>The squared distance of each pixel to its nearest object pixel (0 on the object), saturated at int.MaxValue.</summary>
    internal ReadOnlySpan<int> SquaredDistance => _squaredDistance ?? [];
}
