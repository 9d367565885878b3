using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// The context measure's Gaussian kernel (PySODMetrics <c>ContextMeasure._compute_y_params</c> and
/// <c>_gaussian_kernel</c>, alpha 6): shaped by the covariance of the object's pixel coordinates, normalised to sum 1.
/// </summary>
/// <remarks>
/// numpy's <c>cov</c> of the (row, column) pairs: means from exact integer sums, the centred products summed in raster
/// order (a BLAS product over the points), times 1/(n-1). A zero variance becomes numpy's eps. The covariance is
/// scaled to total variance alpha^2; the half sizes are round(3 alpha sigma / total) with Python's half-to-even
/// rounding, rows first. A ground truth with at most one object pixel gets diag(0.25, 0.25) and a 3x3 kernel. The
/// kernel's constant factor cancels in the normalisation; only its last bits depend on how it is written.
/// </remarks>
public sealed class ContextKernel
{
    /// <summary>PySODMetrics' default spatial scale of the kernel.</summary>
    public const double Alpha = 6.0;

    private readonly double[] _weights;

    private ContextKernel(int rowRadius, int columnRadius, double[] weights)
    {
        RowRadius = rowRadius;
        ColumnRadius = columnRadius;
        _weights = weights;
    }

    /// <summary>Half the kernel's height (PySODMetrics' <c>x_dis</c>).</summary>
    public int RowRadius { get; }

    /// <summary>Half the kernel's width (<c>y_dis</c>).</summary>
    public int ColumnRadius { get; }

    public int Rows => (2 * RowRadius) + 1;

    public int Columns => (2 * ColumnRadius) + 1;

    /// <summary>Row-major weights, <see cref="Rows"/> x <see cref="Columns"/>, summing to 1 (numpy's pairwise sum).</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>The kernel of a 0/1 ground-truth mask.</summary>
    public static ContextKernel Of(ReadOnlySpan<byte> mask, int width, int height)
    {
        long count = 0, rowSum = 0, columnSum = 0;
        for (var y = 0; y < height; y++)
        {
            var row = mask.Slice(y * width, width);
            for (var x = 0; x < row.Length; x++)
            {
                if (row[x] != 0)
                {
                    count++;
                    rowSum += y;
                    columnSum += x;
                }
            }
        }

        if (count <= 1)
        {
            return Build(0.25, 0.0, 0.25, 1, 1);
        }

        var rowMean = rowSum / (double)count;
        var columnMean = columnSum / (double)count;
        double rr = 0.0, rc = 0.0, cc = 0.0;
        for (var y = 0; y < height; y++)
        {
            var row = mask.Slice(y * width, width);
            var dr = y - rowMean;
            for (var x = 0; x < row.Length; x++)
            {
                if (row[x] != 0)
                {
                    var dc = x - columnMean;
                    rr += dr * dr;
                    rc += dr * dc;
                    cc += dc * dc;
                }
            }
        }

        var factor = 1.0 / (count - 1);
        var c00 = rr * factor;
        var c01 = rc * factor;
        var c11 = cc * factor;
        if (c00 == 0)
        {
            c00 = PySodConstants.Eps;
        }

        if (c11 == 0)
        {
            c11 = PySodConstants.Eps;
        }

        var total = Math.Sqrt(c00 + c11);
        var totalSquared = total * total;
        var alphaSquared = Alpha * Alpha;
        var rowRadius = (int)Math.Round(3 * (Alpha * Math.Sqrt(c00) / total), MidpointRounding.ToEven);
        var columnRadius = (int)Math.Round(3 * (Alpha * Math.Sqrt(c11) / total), MidpointRounding.ToEven);
        return Build(alphaSquared * c00 / totalSquared, alphaSquared * c01 / totalSquared, alphaSquared * c11 / totalSquared, rowRadius, columnRadius);
    }

    private static ContextKernel Build(double s00, double s01, double s11, int rowRadius, int columnRadius)
    {
        var determinant = (s00 * s11) - (s01 * s01);
        var i00 = s11 / determinant;
        var i01 = -s01 / determinant;
        var i11 = s00 / determinant;
        var scale = 2 * Math.PI * Math.Sqrt(determinant);
        var columns = (2 * columnRadius) + 1;
        var weights = new double[((2 * rowRadius) + 1) * columns];
        for (var a = -rowRadius; a <= rowRadius; a++)
        {
            for (var b = -columnRadius; b <= columnRadius; b++)
            {
                // einsum("...i,ij,...j"): the four products z_i inv_ij z_j added in (i, j) order.
                var quadratic = (a * i00 * a) + (a * i01 * b) + (b * i01 * a) + (b * i11 * b);
                weights[((a + rowRadius) * columns) + b + columnRadius] = Math.Exp(-0.5 * quadratic) / scale;
            }
        }

        var sum = NumpySum.Pairwise(weights);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }

        return new ContextKernel(rowRadius, columnRadius, weights);
    }
}
