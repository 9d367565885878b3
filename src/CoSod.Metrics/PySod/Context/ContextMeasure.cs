using System.Runtime.Intrinsics;

namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// PySODMetrics 1.6.2's context measure <c>cm</c> (<c>ContextMeasure</c>, beta^2 1) and camouflage context measure
/// <c>ccm</c> (<c>CamouflageContextMeasure</c>, beta^2 1.2) of one pair (SPEC section 8.3).
/// </summary>
/// <remarks>
/// Forward inference: the relevance map weighted by the prediction, over the prediction's sum. Reverse deduction:
/// 1 - exp(-coverage) on the object, coverage being the prediction correlated with the kernel in double precision,
/// weighted by 1 + camouflage degree. The two combine like an F-measure. The sums are numpy's (pairwise in blocks of
/// 8192 over the whole image, zeros included), so the double is PySODMetrics' up to the libm functions' last bits.
/// The coverage is needed only on the object: it is computed there alone, four pixels at a time.
/// </remarks>
public static class ContextMeasure
{
    /// <summary>cm's balance between forward inference and reverse deduction.</summary>
    public const double ContextBetaSquared = 1.0;

    /// <summary>ccm's balance.</summary>
    public const double CamouflageBetaSquared = 1.2;

    /// <summary>Python's <c>math.e / (math.e - 1)</c>.</summary>
    private static readonly double ExpFactor = Math.E / (Math.E - 1);

    /// <summary>cm of a pair (the ground truth prepared with its context work).</summary>
    public static double Context(PySodPair pair) => Compute(pair, ContextBetaSquared, camouflage: false);

    /// <summary>ccm of a pair; NaN when the ground truth has no camouflage degree (no image, or PySODMetrics fails on it).</summary>
    public static double Camouflage(PySodPair pair) => Compute(pair, CamouflageBetaSquared, camouflage: true);

    private static double Compute(PySodPair pair, double betaSquared, bool camouflage)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var truth = pair.GroundTruth;
        var context = truth.Context
            ?? throw new InvalidOperationException("The ground truth was prepared without PySodGroundTruthWork.ContextMeasure.");
        var degree = camouflage ? context.Camouflage : null;
        if (camouflage && (degree is null || !degree.Defined))
        {
            return double.NaN;
        }

        var width = truth.Width;
        var n = pair.PixelCount;
        var levels = pair.Levels;
        var grey = pair.Prediction;
        var terms = new double[n];

        // sum(p): the prediction's own numpy sum.
        for (var i = 0; i < n; i++)
        {
            terms[i] = levels[grey[i]];
        }

        var predictionSum = NumpyArraySum.Of(terms);

        // Forward inference: sum((p > 0) * Rg * p) / (sum(p) + eps).
        Array.Clear(terms);
        var relevance = context.Relevance;
        var rg = relevance.Values;
        for (var y = 0; y < relevance.Height; y++)
        {
            var imageRow = ((relevance.Top + y) * width) + relevance.Left;
            var row = rg.Slice(y * relevance.Width, relevance.Width);
            for (var x = 0; x < row.Length; x++)
            {
                terms[imageRow + x] = row[x] * levels[grey[imageRow + x]];
            }
        }

        var forward = NumpyArraySum.Of(terms) / (predictionSum + PySodConstants.Eps);

        // Reverse deduction: sum(e/(e-1) * G * (1 - exp(-Rp)) * (G + cd)) / (sum(G) + sum(cd) + eps).
        Array.Clear(terms);
        Coverage(pair, context, terms);
        var mask = truth.Mask;
        var cd = degree is null ? default : degree.AtObject;
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            if (mask[i] != 0)
            {
                var completeness = 1 - Math.Exp(-terms[i]);
                terms[i] = (ExpFactor * completeness) * (1.0 + (cd.IsEmpty ? 0.0 : cd[k++]));
            }
        }

        var degreeSum = degree?.Sum ?? 0.0;
        var reverse = NumpyArraySum.Of(terms) / ((truth.ForegroundCount + degreeSum) + PySodConstants.Eps);
        return (((1 + betaSquared) * forward) * reverse) / (((betaSquared * forward) + reverse) + PySodConstants.Eps);
    }

    /// <summary>
    /// <c>cv2.filter2D(p, -1, kernel)</c> in double at every object pixel (BORDER_REFLECT_101), written into
    /// <paramref name="coverage"/> at the pixel's index; other entries are left alone.
    /// </summary>
    private static void Coverage(PySodPair pair, ContextGroundTruth context, Span<double> coverage)
    {
        var truth = pair.GroundTruth;
        var box = context.Box;
        if (box.IsEmpty)
        {
            return;
        }

        var kernel = context.Kernel;
        var weights = kernel.Weights;
        var rowRadius = kernel.RowRadius;
        var columnRadius = kernel.ColumnRadius;
        var width = truth.Width;
        var height = truth.Height;
        var levels = pair.Levels;
        var grey = pair.Prediction;
        var lanes = Vector256<double>.Count;

        // The prediction around the box, reflected where it leaves the image, plus a vector's tail of slack.
        var paddedHeight = box.Bottom - box.Top + 1 + (2 * rowRadius);
        var paddedWidth = box.Right - box.Left + 1 + (2 * columnRadius) + lanes;
        var padded = new double[paddedHeight * paddedWidth];
        var columnSource = new int[paddedWidth - lanes];
        for (var j = 0; j < columnSource.Length; j++)
        {
            columnSource[j] = Reflect101.Index(box.Left - columnRadius + j, width);
        }

        for (var r = 0; r < paddedHeight; r++)
        {
            var sourceRow = Reflect101.Index(box.Top - rowRadius + r, height) * width;
            var target = padded.AsSpan(r * paddedWidth, columnSource.Length);
            for (var j = 0; j < target.Length; j++)
            {
                target[j] = levels[grey[sourceRow + columnSource[j]]];
            }
        }

        var mask = truth.Mask;
        var kernelColumns = kernel.Columns;
        Span<double> block = stackalloc double[lanes];
        for (var y = box.Top; y <= box.Bottom; y++)
        {
            var maskRow = mask.Slice(y * width, width);
            var x = box.Left;
            while (x <= box.Right)
            {
                if (maskRow[x] == 0)
                {
                    x++;
                    continue;
                }

                // lanes outputs starting at x (some may be off the object; they are not written).
                var accumulator = Vector256<double>.Zero;
                var origin = ((y - box.Top) * paddedWidth) + (x - box.Left);
                for (var a = 0; a < kernel.Rows; a++)
                {
                    var source = padded.AsSpan(origin + (a * paddedWidth), kernelColumns + lanes - 1);
                    var weightRow = weights.Slice(a * kernelColumns, kernelColumns);
                    for (var b = 0; b < weightRow.Length; b++)
                    {
                        accumulator += Vector256.Create(weightRow[b]) * Vector256.Create<double>(source.Slice(b, lanes));
                    }
                }

                accumulator.CopyTo(block);
                var end = Math.Min(x + lanes, box.Right + 1);
                for (var k = 0; x < end; x++, k++)
                {
                    if (maskRow[x] != 0)
                    {
                        coverage[(y * width) + x] = block[k];
                    }
                }
            }
        }
    }
}
