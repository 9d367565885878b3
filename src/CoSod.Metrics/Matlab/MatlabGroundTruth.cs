namespace CoSod.Metrics.Matlab;

/// <summary>
/// What the toolbox derives from a ground truth alone: the logical mask, held column-major as Octave holds it, its
/// object size and the S-measure centroid. Built once per ground truth and shared by every method scored on it.
/// </summary>
public sealed class MatlabGroundTruth
{
    private MatlabGroundTruth(int width, int height, byte[] mask, int foreground, int centroidColumn, int centroidRow)
    {
        Width = width;
        Height = height;
        ColumnMajorMask = mask;
        ForegroundCount = foreground;
        CentroidColumn = centroidColumn;
        CentroidRow = centroidRow;
    }

    public int Width { get; }

    public int Height { get; }

    public int PixelCount => ColumnMajorMask.Length;

    public int ForegroundCount { get; }

    /// <summary>
    /// S_region.m's X: round(sum_j j * colcount_j / |G|) with 1-BASED column j and MATLAB's round (half away from
    /// zero). Columns 1..X form the left blocks. PySODMetrics rounds the 0-based mean half to even and adds 1, so a
    /// 0-based mean of k + 0.5 with k even splits one column later here (metrics-spec.md 8.5).
    /// </summary>
    public int CentroidColumn { get; }

    /// <summary>S_region.m's Y, the same rule over rows; rows 1..Y form the top blocks.</summary>
    public int CentroidRow { get; }

    /// <summary>1 on the object, 0 elsewhere; element (row r, column c) at <c>c * Height + r</c>.</summary>
    internal byte[] ColumnMajorMask { get; }

    /// <summary>A logical ground truth, row-major (index = row * width + column), used as is.</summary>
    public static MatlabGroundTruth Create(ReadOnlySpan<bool> groundTruth, int width, int height)
    {
        CheckSize(groundTruth.Length, width, height);
        var mask = new byte[groundTruth.Length];
        for (var r = 0; r < height; r++)
        {
            var row = groundTruth.Slice(r * width, width);
            for (var c = 0; c < row.Length; c++)
            {
                mask[(c * height) + r] = row[c] ? (byte)1 : (byte)0;
            }
        }

        return FromColumnMajorMask(mask, width, height);
    }

    /// <summary>
    /// An 8-bit grey ground truth, row-major, binarised as main.m does for a non-logical one:
    /// <c>gt(:,:,1) &gt; 128</c>. (Colour GTs go through rgb2gray first; that is the reader's job.)
    /// </summary>
    public static MatlabGroundTruth FromGrey(ReadOnlySpan<byte> groundTruth, int width, int height)
    {
        CheckSize(groundTruth.Length, width, height);
        var mask = new byte[groundTruth.Length];
        for (var r = 0; r < height; r++)
        {
            var row = groundTruth.Slice(r * width, width);
            for (var c = 0; c < row.Length; c++)
            {
                mask[(c * height) + r] = row[c] > MatlabConstants.GroundTruthThreshold ? (byte)1 : (byte)0;
            }
        }

        return FromColumnMajorMask(mask, width, height);
    }

    private static MatlabGroundTruth FromColumnMajorMask(byte[] mask, int width, int height)
    {
        var foreground = 0;
        long columnWeighted = 0;
        long rowWeighted = 0;
        for (var c = 0; c < width; c++)
        {
            var column = mask.AsSpan(c * height, height);
            for (var r = 0; r < column.Length; r++)
            {
                if (column[r] != 0)
                {
                    foreground++;
                    columnWeighted += c + 1;
                    rowWeighted += r + 1;
                }
            }
        }

        int x, y;
        if (foreground == 0)
        {
            // centroid(): round(cols / 2), round(rows / 2). StructureMeasure never gets here (its y == 0 branch
            // comes first); kept so the property is defined.
            x = MatlabRound(width / 2.0);
            y = MatlabRound(height / 2.0);
        }
        else
        {
            // sum(sum(GT,1).*i) adds exact integers, so a long sum and one division give the toolbox's double.
            x = MatlabRound(columnWeighted / (double)foreground);
            y = MatlabRound(rowWeighted / (double)foreground);
        }

        return new MatlabGroundTruth(width, height, mask, foreground, x, y);
    }

    /// <summary>MATLAB's <c>round</c>: half away from zero.</summary>
    private static int MatlabRound(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);

    private static void CheckSize(int length, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (length != checked(width * height))
        {
            throw new ArgumentException($"A {width}x{height} ground truth needs {width * height} pixels, got {length}.");
        }
    }
}
