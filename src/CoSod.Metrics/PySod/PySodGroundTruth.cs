namespace CoSod.Metrics.PySod;

/// <summary>
/// Everything PySODMetrics derives from a ground-truth mask alone: the binary mask, its centroid and, for the
/// weighted F-measure, each background pixel's nearest foreground pixel and its distance weight. Built once
/// per ground truth and shared by every method scored against it (the distance transform is the most
/// expensive step of the whole metric set).
/// </summary>
public sealed class PySodGroundTruth
{
    private PySodGroundTruth(int width, int height, byte[] mask, int foreground)
    {
        Width = width;
        Height = height;
        Mask = mask;
        ForegroundCount = foreground;
    }

    public int Width { get; }

    public int Height { get; }

    public int PixelCount => Mask.Length;

    /// <summary>1 where the grey value is &gt; 128, else 0.</summary>
    public byte[] Mask { get; }

    public int ForegroundCount { get; }

    /// <summary>S-measure split: PySODMetrics' centroid (round half to even) plus one.</summary>
    public int SplitColumn { get; private set; }

    public int SplitRow { get; private set; }

    /// <summary>For a background pixel, the flat index of its nearest foreground pixel; for a foreground pixel, itself.</summary>
    internal int[]? NearestForeground { get; private set; }

    /// <summary>Weighted-F importance: 1 on the object, 2 - exp(ln(0.5)/5 * distance) off it.</summary>
    internal double[]? Importance { get; private set; }

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

        var mask = new byte[groundTruth.Length];
        var foreground = 0;
        long rowSum = 0;
        long columnSum = 0;
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
                }
            }
        }

        var result = new PySodGroundTruth(width, height, mask, foreground);
        if (foreground > 0)
        {
            // argwhere(gt).mean(axis=0).round(): exact integer sums, one division, numpy's half-to-even round.
            result.SplitRow = (int)Math.Round(rowSum / (double)foreground, MidpointRounding.ToEven) + 1;
            result.SplitColumn = (int)Math.Round(columnSum / (double)foreground, MidpointRounding.ToEven) + 1;
            result.NearestForeground = EuclideanDistanceTransform.NearestForeground(mask, width, height);
            result.Importance = ComputeImportance(result.NearestForeground, mask, width);
        }
        else
        {
            result.SplitRow = (int)Math.Round(height / 2.0, MidpointRounding.ToEven) + 1;
            result.SplitColumn = (int)Math.Round(width / 2.0, MidpointRounding.ToEven) + 1;
        }

        return result;
    }

    private static double[] ComputeImportance(int[] nearest, byte[] mask, int width)
    {
        // np.log(0.5) / 5 as one double, then times the distance, as the reference evaluates it.
        var decay = Math.Log(0.5) / 5.0;
        var importance = new double[mask.Length];
        for (var i = 0; i < importance.Length; i++)
        {
            if (mask[i] != 0)
            {
                importance[i] = 1.0;
                continue;
            }

            var j = nearest[i];
            long dy = (i / width) - (j / width);
            long dx = (i % width) - (j % width);
            var distance = Math.Sqrt((double)((dy * dy) + (dx * dx)));
            importance[i] = 2.0 - Math.Exp(decay * distance);
        }

        return importance;
    }
}
