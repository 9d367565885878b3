using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace CoSod.Metrics.EvalCoSod;

/// <summary>
/// Profile B: the metrics of eval-co-sod (zzhanghub/eval-co-sod @ 7dd2383, <c>evaluator.py</c>), the toolbox
/// behind the GICD / GCoNet / GCoNet+ tables, reproducing its float32 torch arithmetic on the CPU
/// (torch 1.13). See docs/metrics-spec.md section 4.
/// <para>
/// Emulation strategy. Every element-wise torch operation is done here in float32, in the same order of
/// operations. A pixel's element-wise values depend only on its (prediction level, ground-truth level) pair,
/// so they are computed once per pair and weighted by a joint histogram. torch's float32 reductions
/// (cascade sums) are replaced by float64 sums of the float32 terms, rounded to float32 once; for the sums of
/// u/255 values this double sum is exact, so the result is the correctly rounded sum, within a few float32
/// ulps of torch's (the spec measured &lt; 5e-7 per image for this approach).
/// </para>
/// </summary>
public static class EvalCoSodMetrics
{
    /// <summary>Number of thresholds: <c>_eval_pr(pred, gt, 255)</c> and its siblings.</summary>
    public const int ThresholdCount = 255;

    /// <summary>The 1e-20 added to every denominator in evaluator.py (as float32 in tensor arithmetic).</summary>
    public const float Eps = 1e-20f;

    /// <summary><c>beta2 = 0.3</c> in <c>Eval_fmeasure</c> (already beta squared).</summary>
    public const float BetaSquared = 0.3f;

    /// <summary><c>(1 + beta2)</c>: 1.3 in Python double, cast to float32 by the tensor multiply.</summary>
    public const float OnePlusBetaSquared = 1.3f;

    /// <summary><c>alpha = 0.5</c> in <c>Eval_Smeasure</c> (1 - alpha is 0.5 as well).</summary>
    public const float SmAlpha = 0.5f;

    /// <summary>S-measure binarisation of the soft GT: <c>gt[gt &gt;= 0.5] = 1</c>, i.e. grey level &gt;= 128.</summary>
    public const byte SmForegroundLevel = 128;

    /// <summary>The <c>end</c> argument of <c>torch.linspace(0, 1 - 1e-10, 255)</c>; 1.0 once cast to float32.</summary>
    private const double LinspaceEnd = 1 - 1e-10;

    /// <summary>
    /// Lanes of ATen's <c>Vectorized&lt;float&gt;</c> in the AVX2 kernels that produced the oracle's thresholds.
    /// </summary>
    private const int TorchFloatLanes = 8;

    private static readonly float[] ThresholdValues = BuildThresholds();

    /// <summary>
    /// The 255 float32 thresholds of <c>torch.linspace(0, 1 - 1e-10, 255)</c> on the CPU, ascending; the
    /// last is exactly 1. A pixel is foreground at threshold i when its normalised value is &gt;= Thresholds[i].
    /// </summary>
    public static ReadOnlySpan<float> Thresholds => ThresholdValues;

    /// <summary>
    /// torch 1.13's CPU linspace kernel: step = (end - start) / (steps - 1) in float32; the first half is
    /// anchored at start (start + step*idx), the second at end (end - step*(steps-1-idx)). The output is
    /// written by the vectorised loop, two 8-lane vectors per iteration while 16 elements remain: each vector
    /// computes one anchored base for its first index and fills its lanes with base + k*step, so a vector that
    /// begins before the halfway point keeps the start anchor past it. The remaining 15 elements take the
    /// scalar formula. In the oracle's torch build the compiler fused end - step*n into one fused
    /// multiply-add; with that the result equals the oracle's 255 values exactly (without it 24 differ). The
    /// start-anchored terms are exact either way (start = 0), and fusing the lane additions changes nothing.
    /// </summary>
    private static float[] BuildThresholds()
    {
        const int steps = ThresholdCount;
        const float start = 0f;
        var end = (float)LinspaceEnd;
        var step = (end - start) / (steps - 1);
        const int halfway = steps / 2;

        float StartAnchored(int index) => start + step * index;
        float EndAnchored(int index) => MathF.FusedMultiplyAdd(-step, steps - 1 - index, end);

        var values = new float[steps];
        var vectorised = steps / (2 * TorchFloatLanes) * (2 * TorchFloatLanes);
        for (var index = 0; index < vectorised; index += TorchFloatLanes)
        {
            var lane0 = index < halfway ? StartAnchored(index) : EndAnchored(index);
            for (var lane = 0; lane < TorchFloatLanes; lane++)
            {
                values[index + lane] = lane0 + lane * step;
            }
        }

        for (var index = vectorised; index < steps; index++)
        {
            values[index] = index < halfway ? StartAnchored(index) : EndAnchored(index);
        }

        return values;
    }

    /// <summary>
    /// Every per-image value of eval-co-sod for one pair. Both maps are row-major uint8 grey levels of the same
    /// size (the caller has already resized the prediction to the GT size with PIL BILINEAR and converted
    /// both with PIL <c>convert('L')</c>, as eval-co-sod's loader does).
    /// </summary>
    public static EvalCoSodImageScores Measure(ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> groundTruth, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (groundTruth.IsEmpty)
        {
            throw new ArgumentException("The ground truth has no pixels.", nameof(groundTruth));
        }

        if (prediction.Length != groundTruth.Length)
        {
            throw new ArgumentException(
                $"Prediction has {prediction.Length} pixels, ground truth {groundTruth.Length}; resize first.",
                nameof(prediction));
        }

        if (groundTruth.Length % width != 0)
        {
            throw new ArgumentException(
                $"{groundTruth.Length} pixels do not make rows of width {width}.", nameof(width));
        }

        var pixelCount = groundTruth.Length;
        var height = pixelCount / width;

        // Distinct GT grey levels, so the joint histogram has one column per level actually present.
        Span<int> gtHistogram = stackalloc int[256];
        gtHistogram.Clear();
        foreach (var g in groundTruth)
        {
            gtHistogram[g]++;
        }

        Span<int> gtColumn = stackalloc int[256];
        Span<byte> gtLevels = stackalloc byte[256];
        var levelCount = 0;
        for (var v = 0; v < 256; v++)
        {
            gtColumn[v] = -1;
            if (gtHistogram[v] > 0)
            {
                gtColumn[v] = levelCount;
                gtLevels[levelCount++] = (byte)v;
            }
        }

        gtLevels = gtLevels[..levelCount];

        var joint = ArrayPool<int>.Shared.Rent(256 * levelCount);
        try
        {
            var hist = joint.AsSpan(0, 256 * levelCount);
            hist.Clear();
            int lowest = 255, highest = 0;
            for (var i = 0; i < pixelCount; i++)
            {
                int u = prediction[i];
                hist[u * levelCount + gtColumn[groundTruth[i]]]++;
                if (u < lowest)
                {
                    lowest = u;
                }

                if (u > highest)
                {
                    highest = u;
                }
            }

            // torchvision ToTensor: u8 -> float32, divided by 255 (true float32 division).
            Span<float> gtValue = stackalloc float[levelCount];
            Span<float> gtComplement = stackalloc float[levelCount];
            for (var k = 0; k < levelCount; k++)
            {
                gtValue[k] = gtLevels[k] / 255f;
                gtComplement[k] = 1f - gtValue[k];
            }

            // Min-max normalisation of every metric but MAE: (x - min) / (max - min + 1e-20), float32.
            // A constant map becomes all 0. The map is monotone in u, which the threshold sweep relies on.
            Span<float> raw = stackalloc float[256];
            Span<float> norm = stackalloc float[256];
            for (var u = 0; u < 256; u++)
            {
                raw[u] = u / 255f;
            }

            var min = raw[lowest];
            var range = raw[highest] - min + Eps;
            for (var u = 0; u < 256; u++)
            {
                norm[u] = (raw[u] - min) / range;
            }

            // Per prediction level: pixel count, sum of g and of (1 - g) over its pixels (exact in double).
            Span<int> levelPixels = stackalloc int[256];
            Span<double> levelG = stackalloc double[256];
            Span<double> levelNotG = stackalloc double[256];
            double absoluteErrorSum = 0;
            double gTotal = 0, notGTotal = 0;
            for (var u = 0; u < 256; u++)
            {
                var row = hist.Slice(u * levelCount, levelCount);
                int count = 0;
                double g = 0, notG = 0;
                for (var k = 0; k < levelCount; k++)
                {
                    var c = row[k];
                    if (c == 0)
                    {
                        continue;
                    }

                    count += c;
                    g += c * (double)gtValue[k];
                    notG += c * (double)gtComplement[k];
                    absoluteErrorSum += c * (double)MathF.Abs(raw[u] - gtValue[k]);
                }

                levelPixels[u] = count;
                levelG[u] = g;
                levelNotG[u] = notG;
                gTotal += g;
                notGTotal += notG;
            }

            // Eval_mae: torch.abs(pred - gt).mean() on the raw u/255 prediction.
            var mae = (float)absoluteErrorSum / pixelCount;

            var precision = new float[ThresholdCount];
            var recall = new float[ThresholdCount];
            var fMeasure = new float[ThresholdCount];
            var eMeasure = new float[ThresholdCount];
            var tpr = new float[ThresholdCount];
            var fpr = new float[ThresholdCount];
            SweepThresholds(
                hist, levelCount, gtHistogram, gtLevels, gtValue, norm, levelPixels, levelG, levelNotG,
                gTotal, notGTotal, pixelCount, precision, recall, fMeasure, eMeasure, tpr, fpr);

            var sm = SMeasure(prediction, groundTruth, width, height, hist, levelCount, gtLevels, norm, levelPixels, gTotal);

            return new EvalCoSodImageScores(
                pixelCount, mae, sm, precision, recall, fMeasure, eMeasure, tpr, fpr,
                Max(fMeasure), TorchMean(fMeasure), Max(eMeasure), TorchMean(eMeasure));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(joint);
        }
    }

    /// <summary>
    /// _eval_pr, _eval_roc, the F line of Eval_fmeasure and _eval_e, for all thresholds. Thresholds are
    /// visited from the highest down so that the foreground set (p &gt;= th, a suffix of prediction levels)
    /// only grows.
    /// </summary>
    private static void SweepThresholds(
        ReadOnlySpan<int> hist,
        int levelCount,
        ReadOnlySpan<int> gtHistogram,
        ReadOnlySpan<byte> gtLevels,
        ReadOnlySpan<float> gtValue,
        ReadOnlySpan<float> norm,
        ReadOnlySpan<int> levelPixels,
        ReadOnlySpan<double> levelG,
        ReadOnlySpan<double> levelNotG,
        double gTotal,
        double notGTotal,
        int pixelCount,
        Span<float> precision,
        Span<float> recall,
        Span<float> fMeasure,
        Span<float> eMeasure,
        Span<float> tpr,
        Span<float> fpr)
    {
        var gSum = (float)gTotal;
        var gMean = gSum / pixelCount;
        var recallDenominator = gSum + Eps;

        // _eval_e divides by (y.numel() - 1 + 1e-20), a Python double, cast to float32 by the tensor divide.
        var eDenominator = (float)(pixelCount - 1 + 1e-20);

        Span<float> gCentred = stackalloc float[levelCount];
        for (var k = 0; k < levelCount; k++)
        {
            gCentred[k] = gtValue[k] - gMean;
        }

        Span<int> selectedPerGtLevel = stackalloc int[levelCount];
        selectedPerGtLevel.Clear();
        long selectedPixels = 0;
        double selectedG = 0, selectedNotG = 0;
        var nextLevel = 255;
        var thresholds = Thresholds;

        for (var i = ThresholdCount - 1; i >= 0; i--)
        {
            var threshold = thresholds[i];
            while (nextLevel >= 0 && norm[nextLevel] >= threshold)
            {
                if (levelPixels[nextLevel] > 0)
                {
                    selectedPixels += levelPixels[nextLevel];
                    selectedG += levelG[nextLevel];
                    selectedNotG += levelNotG[nextLevel];
                    var row = hist.Slice(nextLevel * levelCount, levelCount);
                    for (var k = 0; k < levelCount; k++)
                    {
                        selectedPerGtLevel[k] += row[k];
                    }
                }

                nextLevel--;
            }

            // (b*g).sum(), b.sum(), (b*(1-g)).sum(), ((1-b)*(1-g)).sum(), ((1-b)*g).sum()
            var tp = (float)selectedG;
            var selected = (float)selectedPixels;
            var fp = (float)selectedNotG;
            var tn = (float)(notGTotal - selectedNotG);
            var fn = (float)(gTotal - selectedG);

            var p = tp / (selected + Eps);
            var r = tp / recallDenominator;
            precision[i] = p;
            recall[i] = r;
            tpr[i] = tp / (tp + fn + Eps);
            fpr[i] = fp / (fp + tn + Eps);

            // f_score = (1 + beta2) * prec * recall / (beta2 * prec + recall); f_score[f_score != f_score] = 0
            var f = OnePlusBetaSquared * p * r / (BetaSquared * p + r);
            fMeasure[i] = float.IsNaN(f) ? 0f : f;

            // _eval_e: fm = b - mean(b), gt = g - mean(g), align and enhanced per pixel, summed.
            var bMean = selected / pixelCount;
            var foregroundCentred = 1f - bMean;
            var backgroundCentred = 0f - bMean;
            double enhancedSum = 0;
            for (var k = 0; k < levelCount; k++)
            {
                var inForeground = selectedPerGtLevel[k];
                var inBackground = gtHistogram[gtLevels[k]] - inForeground;
                if (inForeground > 0)
                {
                    enhancedSum += inForeground * (double)Enhanced(gCentred[k], foregroundCentred);
                }

                if (inBackground > 0)
                {
                    enhancedSum += inBackground * (double)Enhanced(gCentred[k], backgroundCentred);
                }
            }

            eMeasure[i] = (float)enhancedSum / eDenominator;
        }
    }

    /// <summary>One pixel's enhanced alignment in _eval_e, in float32, in torch's order of operations.</summary>
    private static float Enhanced(float gtCentred, float mapCentred)
    {
        var align = 2f * gtCentred * mapCentred / (gtCentred * gtCentred + mapCentred * mapCentred + Eps);
        var shifted = align + 1f;
        return shifted * shifted / 4f;
    }

    /// <summary>Eval_Smeasure for one image (the float32 value before it is added to the Python double sum).</summary>
    private static float SMeasure(
        ReadOnlySpan<byte> prediction,
        ReadOnlySpan<byte> groundTruth,
        int width,
        int height,
        ReadOnlySpan<int> hist,
        int levelCount,
        ReadOnlySpan<byte> gtLevels,
        ReadOnlySpan<float> norm,
        ReadOnlySpan<int> levelPixels,
        double gTotal)
    {
        var pixelCount = width * height;

        // y = gt.mean() on the SOFT ground truth decides the two special cases.
        var softMean = (float)gTotal / pixelCount;
        if (softMean == 0f || softMean == 1f)
        {
            double sum = 0;
            for (var u = 0; u < 256; u++)
            {
                sum += levelPixels[u] * (double)norm[u];
            }

            var predMean = (float)sum / pixelCount;
            return softMean == 0f ? 1f - predMean : predMean;
        }

        // Binarised GT (g >= 0.5): per prediction level, pixels on the object and on the background.
        Span<int> objectPixels = stackalloc int[256];
        Span<int> backgroundPixels = stackalloc int[256];
        objectPixels.Clear();
        backgroundPixels.Clear();
        for (var u = 0; u < 256; u++)
        {
            if (levelPixels[u] == 0)
            {
                continue;
            }

            var row = hist.Slice(u * levelCount, levelCount);
            for (var k = 0; k < levelCount; k++)
            {
                if (gtLevels[k] >= SmForegroundLevel)
                {
                    objectPixels[u] += row[k];
                }
                else
                {
                    backgroundPixels[u] += row[k];
                }
            }
        }

        // _S_object: the object scored on p, the background on 1 - p.
        Span<float> complement = stackalloc float[256];
        for (var u = 0; u < 256; u++)
        {
            complement[u] = 1f - norm[u];
        }

        var objectScore = ObjectScore(objectPixels, norm, out var objectCount);
        var backgroundScore = ObjectScore(backgroundPixels, complement, out _);
        var objectShare = (float)objectCount / pixelCount;
        var sObject = objectShare * objectScore + (1f - objectShare) * backgroundScore;

        var sRegion = RegionScore(prediction, groundTruth, width, height, objectCount, norm);

        var q = SmAlpha * sObject + (1f - SmAlpha) * sRegion;
        return q < 0f ? 0f : q;
    }

    /// <summary>
    /// _object: 2x / (x^2 + 1 + sigma + 1e-20) over the selected pixels, x the float32 mean and sigma the
    /// unbiased std. torch's full-tensor CPU std takes the float32 mean, sums squared deviations in double and
    /// rounds the square root to float32. One pixel: 0/0 = NaN; no pixel: NaN mean.
    /// </summary>
    private static float ObjectScore(ReadOnlySpan<int> pixelsPerLevel, ReadOnlySpan<float> value, out long count)
    {
        count = 0;
        double sum = 0;
        for (var u = 0; u < 256; u++)
        {
            if (pixelsPerLevel[u] > 0)
            {
                count += pixelsPerLevel[u];
                sum += pixelsPerLevel[u] * (double)value[u];
            }
        }

        var mean = (float)sum / count;
        double squares = 0;
        for (var u = 0; u < 256; u++)
        {
            if (pixelsPerLevel[u] > 0)
            {
                var d = value[u] - (double)mean;
                squares += pixelsPerLevel[u] * d * d;
            }
        }

        var sigma = (float)Math.Sqrt(squares / (count - 1));
        return 2f * mean / (mean * mean + 1f + sigma + Eps);
    }

    /// <summary>
    /// _S_region: split at the float32-rounded centroid (half to even, 0-based, no +1) and weight the four
    /// quadrants' ssim by their areas.
    /// </summary>
    private static float RegionScore(
        ReadOnlySpan<byte> prediction,
        ReadOnlySpan<byte> groundTruth,
        int width,
        int height,
        long objectCount,
        ReadOnlySpan<float> norm)
    {
        var columnCounts = ArrayPool<int>.Shared.Rent(width);
        var rowCounts = ArrayPool<int>.Shared.Rent(height);
        try
        {
            var columns = columnCounts.AsSpan(0, width);
            var rows = rowCounts.AsSpan(0, height);
            columns.Clear();
            rows.Clear();
            for (var y = 0; y < height; y++)
            {
                var line = groundTruth.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    if (line[x] >= SmForegroundLevel)
                    {
                        columns[x]++;
                        rows[y]++;
                    }
                }
            }

            int splitX, splitY;
            if (objectCount == 0)
            {
                // _centroid's empty branch: Python round(cols / 2), half to even.
                splitX = (int)Math.Round(width / 2.0, MidpointRounding.ToEven);
                splitY = (int)Math.Round(height / 2.0, MidpointRounding.ToEven);
            }
            else
            {
                splitX = Centroid(columns, objectCount);
                splitY = Centroid(rows, objectCount);
            }

            // Quadrant histograms by prediction level and binarised GT: LT, RT, LB, RB.
            Span<int> quadrant = stackalloc int[4 * 512];
            quadrant.Clear();
            for (var y = 0; y < height; y++)
            {
                var offset = y * width;
                var rowBase = y < splitY ? 0 : 2 * 512;
                for (var x = 0; x < width; x++)
                {
                    var isObject = groundTruth[offset + x] >= SmForegroundLevel ? 1 : 0;
                    var block = rowBase + (x < splitX ? 0 : 512);
                    quadrant[block + prediction[offset + x] * 2 + isObject]++;
                }
            }

            // _divideGT's weights, float32, with the Python ints w, h and area cast by the tensor ops.
            float fx = splitX, fy = splitY, area = width * height;
            var w1 = fx * fy / area;
            var w2 = (width - fx) * fy / area;
            var w3 = fx * (height - fy) / area;
            var w4 = 1f - w1 - w2 - w3;

            var q1 = QuadrantSsim(quadrant[..512], norm);
            var q2 = QuadrantSsim(quadrant.Slice(512, 512), norm);
            var q3 = QuadrantSsim(quadrant.Slice(1024, 512), norm);
            var q4 = QuadrantSsim(quadrant.Slice(1536, 512), norm);
            return w1 * q1 + w2 * q2 + w3 * q3 + w4 * q4;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columnCounts);
            ArrayPool<int>.Shared.Return(rowCounts);
        }
    }

    /// <summary>
    /// round((sum_j count_j * j) / total + 1e-20) in float32. The index-weighted sum is an integer; it is
    /// formed exactly and rounded to float32 once (torch sums it in float32, which only differs when the sum
    /// passes 2^24 and then by an ulp).
    /// </summary>
    private static int Centroid(ReadOnlySpan<int> counts, long total)
    {
        long weighted = 0;
        for (var j = 0; j < counts.Length; j++)
        {
            weighted += (long)counts[j] * j;
        }

        var mean = (float)weighted / total + Eps;
        return (int)MathF.Round(mean, MidpointRounding.ToEven);
    }

    /// <summary>
    /// _ssim of one quadrant, float32: means, (N - 1 + 1e-20)-normalised variances and covariance,
    /// alpha = 4 x y sxy, beta = (x^2 + y^2)(sx2 + sy2); alpha/(beta + 1e-20), or 1 when both are 0, else 0.
    /// An empty quadrant has NaN means and gives NaN.
    /// </summary>
    private static float QuadrantSsim(ReadOnlySpan<int> levelAndObject, ReadOnlySpan<float> norm)
    {
        long count = 0, objectCount = 0;
        double sum = 0;
        for (var u = 0; u < 256; u++)
        {
            int background = levelAndObject[2 * u], onObject = levelAndObject[2 * u + 1];
            var c = background + onObject;
            if (c > 0)
            {
                count += c;
                objectCount += onObject;
                sum += c * (double)norm[u];
            }
        }

        var meanX = (float)sum / count;
        var meanY = (float)objectCount / count;
        var centredObject = 1f - meanY;
        var centredBackground = 0f - meanY;

        double xx = 0, yy = 0, xy = 0;
        for (var u = 0; u < 256; u++)
        {
            int background = levelAndObject[2 * u], onObject = levelAndObject[2 * u + 1];
            if (background + onObject == 0)
            {
                continue;
            }

            var dx = norm[u] - meanX;
            var dxSquared = (double)(dx * dx);
            if (background > 0)
            {
                xx += background * dxSquared;
                yy += background * (double)(centredBackground * centredBackground);
                xy += background * (double)(dx * centredBackground);
            }

            if (onObject > 0)
            {
                xx += onObject * dxSquared;
                yy += onObject * (double)(centredObject * centredObject);
                xy += onObject * (double)(dx * centredObject);
            }
        }

        var denominator = (float)(count - 1 + 1e-20);
        var sigmaX2 = (float)xx / denominator;
        var sigmaY2 = (float)yy / denominator;
        var sigmaXY = (float)xy / denominator;

        var alpha = 4f * meanX * meanY * sigmaXY;
        var beta = (meanX * meanX + meanY * meanY) * (sigmaX2 + sigmaY2);
        if (alpha != 0f)
        {
            return alpha / (beta + Eps);
        }

        return beta == 0f ? 1f : 0f;
    }

    /// <summary>
    /// Dataset numbers as eval-co-sod accumulates them over <paramref name="images"/> in the given order
    /// (the caller passes them sorted by group/stem): float32 running sums of MAE and of the P, R, F, E, TPR and
    /// FPR curves, divided by the image count in float32; max/mean F and E of the mean curves; AP in float64
    /// on the mean PR curve; AUC as torch.trapz over the mean ROC ordered by FPR; Sm as a Python double sum
    /// of the float32 per-image values.
    /// <para>
    /// Deliberate departure from eval-co-sod: where one image's S-measure (or MAE) is NaN, eval-co-sod
    /// reports NaN for the dataset S-measure (it already skips NaN MAEs). Here the dataset value is the mean
    /// over the images where the value is defined, and the excluded images are listed in
    /// <see cref="EvalCoSodDatasetScores.UndefinedSm"/> / <see cref="EvalCoSodDatasetScores.UndefinedMae"/>.
    /// The curves cannot be NaN (eval-co-sod zeroes NaN F values itself; every other denominator has + 1e-20),
    /// so every image enters them, AP and AUC, exactly as in eval-co-sod.
    /// </para>
    /// </summary>
    public static EvalCoSodDatasetScores Reduce(ReadOnlySpan<EvalCoSodImageScores> images)
    {
        if (images.IsEmpty)
        {
            throw new ArgumentException("No images to reduce.", nameof(images));
        }

        var maeSum = 0f;
        var maeCount = 0;
        double smSum = 0;
        var smCount = 0;
        var undefinedMae = ImmutableArray.CreateBuilder<int>();
        var undefinedSm = ImmutableArray.CreateBuilder<int>();

        var precision = new float[ThresholdCount];
        var recall = new float[ThresholdCount];
        var fMeasure = new float[ThresholdCount];
        var eMeasure = new float[ThresholdCount];
        var tpr = new float[ThresholdCount];
        var fpr = new float[ThresholdCount];

        for (var n = 0; n < images.Length; n++)
        {
            var image = images[n] ?? throw new ArgumentException($"Image {n} is null.", nameof(images));
            if (float.IsNaN(image.Mae))
            {
                undefinedMae.Add(n);
            }
            else
            {
                maeSum += image.Mae;
                maeCount++;
            }

            if (float.IsNaN(image.Sm))
            {
                undefinedSm.Add(n);
            }
            else
            {
                smSum += image.Sm;
                smCount++;
            }

            AddInPlace(precision, image.PrecisionArray);
            AddInPlace(recall, image.RecallArray);
            AddInPlace(fMeasure, image.FMeasureArray);
            AddInPlace(eMeasure, image.EMeasureArray);
            AddInPlace(tpr, image.TprArray);
            AddInPlace(fpr, image.FprArray);
        }

        float imageCount = images.Length;
        DivideInPlace(precision, imageCount);
        DivideInPlace(recall, imageCount);
        DivideInPlace(fMeasure, imageCount);
        DivideInPlace(eMeasure, imageCount);
        DivideInPlace(tpr, imageCount);
        DivideInPlace(fpr, imageCount);

        var mae = maeCount > 0 ? maeSum / maeCount : float.NaN;
        var sm = smCount > 0 ? smSum / smCount : double.NaN;
        var ap = AveragePrecision(precision, recall);
        var (tprSorted, fprSorted, auc) = AreaUnderRoc(tpr, fpr);

        return new EvalCoSodDatasetScores(
            images.Length,
            mae,
            sm,
            Max(fMeasure),
            TorchMean(fMeasure),
            Max(eMeasure),
            TorchMean(eMeasure),
            ap,
            auc,
            ImmutableCollectionsMarshal.AsImmutableArray(precision),
            ImmutableCollectionsMarshal.AsImmutableArray(recall),
            ImmutableCollectionsMarshal.AsImmutableArray(fMeasure),
            ImmutableCollectionsMarshal.AsImmutableArray(eMeasure),
            ImmutableCollectionsMarshal.AsImmutableArray(tprSorted),
            ImmutableCollectionsMarshal.AsImmutableArray(fprSorted),
            undefinedMae.ToImmutable(),
            undefinedSm.ToImmutable());
    }

    private static void AddInPlace(Span<float> sum, ReadOnlySpan<float> value)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] += value[i];
        }
    }

    private static void DivideInPlace(Span<float> values, float divisor)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= divisor;
        }
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = values[0];
        foreach (var v in values)
        {
            if (v > max || float.IsNaN(v))
            {
                max = v;
            }
        }

        return max;
    }

    /// <summary>torch .mean() of a float32 vector: its sum rounded to float32, divided by the length.</summary>
    private static float TorchMean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return (float)sum / values.Length;
    }

    /// <summary>
    /// Eval_AP (VOC style, after Detectron's voc_eval) in float64: recall framed by 0 and 1, precision by 0
    /// and 0, ordered by recall, precision replaced by its running maximum from the right, then the sum of
    /// recall steps times the precision at the step's upper end. The order of tied recalls does not matter
    /// (the first of a tie group carries the group's maximum after the envelope pass).
    /// </summary>
    private static double AveragePrecision(ReadOnlySpan<float> precision, ReadOnlySpan<float> recall)
    {
        const int points = ThresholdCount + 2;
        Span<double> r = stackalloc double[points];
        Span<double> p = stackalloc double[points];
        r[0] = 0;
        p[0] = 0;
        for (var i = 0; i < ThresholdCount; i++)
        {
            r[i + 1] = recall[i];
            p[i + 1] = precision[i];
        }

        r[points - 1] = 1;
        p[points - 1] = 0;
        r.Sort(p);

        for (var i = points - 1; i > 0; i--)
        {
            p[i - 1] = Math.Max(p[i], p[i - 1]);
        }

        Span<double> terms = stackalloc double[points];
        var count = 0;
        for (var i = 0; i < points - 1; i++)
        {
            if (r[i + 1] != r[i])
            {
                terms[count++] = (r[i + 1] - r[i]) * p[i + 1];
            }
        }

        return NumpyPairwiseSum(terms[..count]);
    }

    /// <summary>numpy's float64 add.reduce on a contiguous array: 8-way unrolled blocks, halves above 128.</summary>
    private static double NumpyPairwiseSum(ReadOnlySpan<double> a)
    {
        const int block = 128;
        if (a.Length < 8)
        {
            var s = 0.0;
            foreach (var v in a)
            {
                s += v;
            }

            return s;
        }

        if (a.Length <= block)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            var i = 8;
            for (; i < a.Length - a.Length % 8; i += 8)
            {
                for (var j = 0; j < 8; j++)
                {
                    r[j] += a[i + j];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < a.Length; i++)
            {
                res += a[i];
            }

            return res;
        }

        var half = a.Length / 2;
        half -= half % 8;
        return NumpyPairwiseSum(a[..half]) + NumpyPairwiseSum(a[half..]);
    }

    /// <summary>
    /// Eval_auc: torch.argsort of the mean FPR (unstable: see <see cref="TorchCpuArgsort"/>; the order of tied
    /// FPR values decides which TPR sits at each end of a tie run), both curves permuted by it, then
    /// torch.trapz in float32: sum over i of (x[i+1] - x[i]) * (y[i] + y[i+1]) / 2.
    /// </summary>
    private static (float[] Tpr, float[] Fpr, float Auc) AreaUnderRoc(ReadOnlySpan<float> tpr, ReadOnlySpan<float> fpr)
    {
        var order = TorchCpuArgsort.Argsort(fpr);
        var sortedTpr = new float[order.Length];
        var sortedFpr = new float[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sortedTpr[i] = tpr[order[i]];
            sortedFpr[i] = fpr[order[i]];
        }

        double area = 0;
        for (var i = 0; i < ThresholdCount - 1; i++)
        {
            var dx = sortedFpr[i + 1] - sortedFpr[i];
            var heights = sortedTpr[i] + sortedTpr[i + 1];
            area += dx * heights / 2f;
        }

        return (sortedTpr, sortedFpr, (float)area);
    }
}
