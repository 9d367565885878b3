namespace CoSod.Metrics.PySod;

/// <summary>
/// Everything PySODMetrics derives from a ground-truth mask alone: the binary mask, its centroid and, for the
/// weighted F-measure, each background pixel's nearest foreground pixel and its distance weight. Built once
/// per ground truth and shared by every method scored against it (the distance transform is the most
/// expensive step of the whole metric set).
/// </summary>
/// <remarks>
/// Its buffers come from the shared array pool (a ground truth is short-lived and large: fresh arrays cost
/// more in garbage collection than the distance transform itself); <see cref="Dispose"/> gives them back. Not
/// for concurrent use: one thread scores the methods of one ground truth.
/// </remarks>
public sealed class PySodGroundTruth : IDisposable
{
    private byte[] _mask;
    private int[]? _nearest;
    private double[]? _importance;
    private bool _disposed;

    private PySodGroundTruth(int width, int height, byte[] mask, int foreground)
    {
        Width = width;
        Height = height;
        _mask = mask;
        ForegroundCount = foreground;
    }

    public int Width { get; }

    public int Height { get; }

    public int PixelCount => Width * Height;

    /// <summary>1 where the grey value is &gt; 128, else 0.</summary>
    public ReadOnlySpan<byte> Mask => Live(_mask).AsSpan(0, PixelCount);

    public int ForegroundCount { get; }

    /// <summary>Bounding box of the object, inclusive (top &gt; bottom when there is none).</summary>
    public int ObjectTop { get; private init; }

    public int ObjectBottom { get; private init; }

    public int ObjectLeft { get; private init; }

    public int ObjectRight { get; private init; }

    /// <summary>S-measure split: PySODMetrics' centroid (round half to even) plus one.</summary>
    public int SplitColumn { get; private set; }

    public int SplitRow { get; private set; }

    /// <summary>For a background pixel, the flat index of its nearest foreground pixel; for a foreground pixel, itself.</summary>
    internal ReadOnlySpan<int> NearestForeground => Live(_nearest).AsSpan(0, _nearest is null ? 0 : PixelCount);

    /// <summary>
    /// Weighted-F importance off the object, 2 - exp(ln(0.5)/5 * distance); 0 on the object (where it is 1 by
    /// definition but never used), so a dot product with the error map sums the background terms alone.
    /// </summary>
    internal ReadOnlySpan<double> Importance => Live(_importance).AsSpan(0, _importance is null ? 0 : PixelCount);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        System.Buffers.ArrayPool<byte>.Shared.Return(_mask);
        if (_nearest is not null)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(_nearest);
        }

        if (_importance is not null)
        {
            System.Buffers.ArrayPool<double>.Shared.Return(_importance);
        }

        _mask = [];
        _nearest = null;
        _importance = null;
    }

    private T[] Live<T>(T[]? buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return buffer ?? [];
    }

    public static PySodGroundTruth Create(ReadOnlySpan<byte> groundTruth, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (groundTruth.Length != width * height)
        {
            throw new ArgumentException(
                $"A {width}x{height} ground truth needs {width * height} pixels, got {groundTruth.Length}.",
                nameof(groundTruth));
        }

        var n = groundTruth.Length;
        var mask = System.Buffers.ArrayPool<byte>.Shared.Rent(n);
        Array.Clear(mask, 0, n);
        var foreground = 0;
        long rowSum = 0;
        long columnSum = 0;
        int top = int.MaxValue, bottom = -1, left = int.MaxValue, right = -1;
        for (var y = 0; y < height; y++)
        {
            var row = groundTruth.Slice(y * width, width);
            var maskRow = mask.AsSpan(y * width, width);
            for (var x = 0; x < row.Length; x++)
            {
                if (row[x] > PySodConstants.GroundTruthThreshold)
                {
                    maskRow[x] = 1;
                    foreground++;
                    rowSum += y;
                    columnSum += x;
                    top = Math.Min(top, y);
                    bottom = y;
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                }
            }
        }

        var result = new PySodGroundTruth(width, height, mask, foreground)
        {
            ObjectTop = top,
            ObjectBottom = bottom,
            ObjectLeft = left,
            ObjectRight = right,
        };
        if (foreground > 0)
        {
            // argwhere(gt).mean(axis=0).round(): exact integer sums, one division, numpy's half-to-even round.
            result.SplitRow = (int)Math.Round(rowSum / (double)foreground, MidpointRounding.ToEven) + 1;
            result.SplitColumn = (int)Math.Round(columnSum / (double)foreground, MidpointRounding.ToEven) + 1;
            result._nearest = System.Buffers.ArrayPool<int>.Shared.Rent(n);
            var squared = System.Buffers.ArrayPool<long>.Shared.Rent(n);
            try
            {
                EuclideanDistanceTransform.NearestForeground(
                    mask.AsSpan(0, n), width, height, result._nearest.AsSpan(0, n), squared.AsSpan(0, n));
                result._importance = System.Buffers.ArrayPool<double>.Shared.Rent(n);
                ComputeImportance(squared.AsSpan(0, n), mask.AsSpan(0, n), result._importance);
            }
            finally
            {
                System.Buffers.ArrayPool<long>.Shared.Return(squared);
            }
        }
        else
        {
            result.SplitRow = (int)Math.Round(height / 2.0, MidpointRounding.ToEven) + 1;
            result.SplitColumn = (int)Math.Round(width / 2.0, MidpointRounding.ToEven) + 1;
        }

        return result;
    }

    private static void ComputeImportance(ReadOnlySpan<long> squaredDistance, ReadOnlySpan<byte> mask, Span<double> importance)
    {
        for (var i = 0; i < mask.Length; i++)
        {
            // sqrt(dy^2 + dx^2) of the exact integer squared distance, as scipy computes the distance.
            importance[i] = mask[i] != 0 ? 0.0 : ImportanceTable.Get(squaredDistance[i]);
        }
    }
}
