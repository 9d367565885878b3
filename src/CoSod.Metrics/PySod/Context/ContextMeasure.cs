using CoSod.Metrics.Numerics;
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
/// The terms are made a block at a time and the coverage a row at a time, on the object only
/// (<see cref="CoverageRows"/>): a pair allocates nothing of image size.
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

        var n = pair.PixelCount;
        var width = truth.Width;

        // Forward inference: sum((p > 0) * Rg * p) / (sum(p) + eps).
        var predictionSum = pair.MapSum;
        var relevance = context.Relevance;
        var relevanceStart = (relevance.Top * width) + relevance.Left;
        var relevanceEnd = ((relevance.Top + relevance.Height - 1) * width) + relevance.Left + relevance.Width;
        var forwardTerms = new ForwardTerms(pair, relevance);
        var forward = NumpySum.Sum(ref forwardTerms, n, relevanceStart, relevance.Width == 0 ? 0 : relevanceEnd)
            / (predictionSum + PySodConstants.Eps);

        // Reverse deduction: sum(e/(e-1) * G * (1 - exp(-Rp)) * (G + cd)) / (sum(G) + sum(cd) + eps).
        var box = context.Box;
        var boxStart = box.IsEmpty ? 0 : (box.Top * width) + box.Left;
        var boxEnd = box.IsEmpty ? 0 : (box.Bottom * width) + box.Right + 1;
        var reverseTerms = new ReverseTerms(pair, context, degree);
        var reverse = NumpySum.Sum(ref reverseTerms, n, boxStart, boxEnd)
            / ((truth.ForegroundCount + (degree?.Sum ?? 0.0)) + PySodConstants.Eps);
        return (((1 + betaSquared) * forward) * reverse) / (((betaSquared * forward) + reverse) + PySodConstants.Eps);
    }

    /// <summary>Rg * p (float32 relevance widened exactly), zero outside the relevance map's rectangle.</summary>
    private sealed class ForwardTerms(PySodPair pair, RelevanceMap relevance) : IDoubleBlocks
    {
        public void Fill(int start, scoped Span<double> values)
        {
            var width = pair.GroundTruth.Width;
            var levels = pair.Levels;
            var grey = pair.Prediction;
            var rg = relevance.Values;
            values.Clear();

            // Row by row: the block's part of each row that lies in the rectangle.
            var done = 0;
            while (done < values.Length)
            {
                var y = (start + done) / width;
                var x = start + done - (y * width);
                var count = Math.Min(width - x, values.Length - done);
                var ry = y - relevance.Top;
                if ((uint)ry < (uint)relevance.Height)
                {
                    var from = Math.Max(x, relevance.Left);
                    var to = Math.Min(x + count, relevance.Left + relevance.Width);
                    var row = rg.Slice(ry * relevance.Width, relevance.Width);
                    var rowStart = y * width;
                    for (var c = from; c < to; c++)
                    {
                        values[done + c - x] = row[c - relevance.Left] * levels[grey[rowStart + c]];
                    }
                }

                done += count;
            }
        }
    }

    /// <summary>(e/(e-1) * (1 - exp(-Rp))) * (1 + cd) on the object, zero elsewhere; cd is 0 for cm.</summary>
    private sealed class ReverseTerms(PySodPair pair, ContextGroundTruth context, CamouflageDegree? degree) : IDoubleBlocks
    {
        private readonly CoverageRows _coverage = new(pair, context);
        private int _objectPixel;

        public void Fill(int start, scoped Span<double> values)
        {
            var truth = pair.GroundTruth;
            var width = truth.Width;
            var mask = truth.Mask;
            var cd = degree is null ? default : degree.AtObject;
            var y = start / width;
            var x = start - (y * width);
            var row = ReadOnlySpan<double>.Empty;
            var rowOf = -1;
            for (var i = 0; i < values.Length; i++)
            {
                if (mask[start + i] == 0)
                {
                    values[i] = 0.0;
                }
                else
                {
                    if (rowOf != y)
                    {
                        row = _coverage.Row(y);
                        rowOf = y;
                    }

                    var completeness = 1 - Math.Exp(-row[x - context.Box.Left]);
                    values[i] = (ExpFactor * completeness) * (1.0 + (cd.IsEmpty ? 0.0 : cd[_objectPixel]));
                    _objectPixel++;
                }

                if (++x == width)
                {
                    x = 0;
                    y++;
                }
            }
        }
    }
}
