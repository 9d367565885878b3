using System.Numerics;

namespace CoSod.Metrics.PySod.Shape;

/// <summary>
/// PySODMetrics 1.6.2's <c>HumanCorrectionEffortMeasure</c> (relax 5, epsilon 2.0): the number of polygon vertices
/// and independent regions a person would click to correct the prediction (SPEC section 6). Lower is better.
/// </summary>
/// <remarks>
/// <para>False positives far from the union's eroded interior and false negatives along the true positives' border
/// are forgiven (5 erosions of the union, then 5 constrained dilations); the ground truth's skeleton pixels that the
/// prediction misses always count. For the remaining false-positive (false-negative) mask, each border is walked in
/// OpenCV's order and cut where it leaves the dilated condition (true positives or kept false negatives; for false
/// negatives: neither); each piece costs its Douglas-Peucker vertex count, and each 8-connected region never touched
/// by a piece costs one.</para>
/// <para>Everything happens inside the bounding box of the pixels that can cost anything (false positives, false
/// negatives, missed skeleton pixels) widened by <see cref="Margin"/>: every decision made for a pixel of that box
/// reads pixels at most <see cref="Relax"/> + 1 away, so the window gives the whole image's answer. Each pair allocates
/// its window's masks and lets them go.</para>
/// </remarks>
public static class HumanCorrectionEffort
{
    /// <summary>PySODMetrics' default number of relaxation steps.</summary>
    public const int Relax = 5;

    /// <summary>PySODMetrics' default Douglas-Peucker tolerance, in pixels.</summary>
    public const double Epsilon = 2.0;

    /// <summary>Erosion reaches <see cref="Relax"/> pixels, the condition's dilation one more; one spare.</summary>
    private const int Margin = Relax + 2;

    /// <summary>HCE of a prediction against its ground truth: PySODMetrics reads <c>p &gt; 0.5</c> on the normalised map.</summary>
    public static int Compute(PySodPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var truth = pair.GroundTruth;

        // The normalised levels grow with the grey level, so p > 0.5 is grey >= the first level above one half.
        var levels = pair.Levels;
        var threshold = 0;
        while (threshold < levels.Length && !(levels[threshold] > 0.5))
        {
            threshold++;
        }

        for (var u = threshold; u < levels.Length; u++)
        {
            if (!(levels[u] > 0.5))
            {
                throw new InvalidOperationException("The normalised grey levels are not monotonic (internal error).");
            }
        }

        return Compute(truth.Mask, pair.Prediction, threshold, truth.SkeletonPixels, truth.Width, truth.Height);
    }

    /// <summary>HCE of a binary prediction against a binary ground truth and the ground truth's skeleton (non-zero is set).</summary>
    /// <exception cref="ArgumentException">A mask is not <paramref name="width"/> x <paramref name="height"/>.</exception>
    public static int Compute(ReadOnlySpan<byte> groundTruth, ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> skeleton, int width, int height)
    {
        if (skeleton.Length != (long)width * height)
        {
            throw new ArgumentException($"HCE needs three {width}x{height} masks.", nameof(skeleton));
        }

        var pixels = new List<int>();
        for (var i = 0; i < skeleton.Length; i++)
        {
            if (skeleton[i] != 0)
            {
                pixels.Add(i);
            }
        }

        return Compute(groundTruth, prediction, 1, pixels.ToArray(), width, height);
    }

    /// <summary>
    /// HCE with the prediction given as grey bytes, predicted where grey &gt;= <paramref name="threshold"/> (256:
    /// nowhere), and the skeleton as ascending pixel indices.
    /// </summary>
    private static int Compute(ReadOnlySpan<byte> groundTruth, ReadOnlySpan<byte> prediction, int threshold,
        ReadOnlySpan<int> skeleton, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var n = (long)width * height;
        if (groundTruth.Length != n || prediction.Length != n)
        {
            throw new ArgumentException($"HCE needs {width}x{height} masks.");
        }

        // Pixels that can cost anything: a false positive or negative, or a skeleton pixel the prediction misses.
        var packer = new Packer(threshold);
        var row = new byte[width];
        int boxLeft = width, boxRight = -1, boxTop = height, boxBottom = -1;
        for (var y = 0; y < height; y++)
        {
            var from = y * width;
            packer.Pack(groundTruth.Slice(from, width), prediction.Slice(from, width), row);
            var first = row.AsSpan().IndexOfAnyExcept((byte)0);
            if (first >= 0)
            {
                boxLeft = Math.Min(boxLeft, first);
                boxRight = Math.Max(boxRight, row.AsSpan().LastIndexOfAnyExcept((byte)0));
                boxTop = Math.Min(boxTop, y);
                boxBottom = y;
            }
        }

        foreach (var i in skeleton)
        {
            if (prediction[i] < threshold)
            {
                var (y, x) = Math.DivRem(i, width);
                boxLeft = Math.Min(boxLeft, x);
                boxRight = Math.Max(boxRight, x);
                boxTop = Math.Min(boxTop, y);
                boxBottom = Math.Max(boxBottom, y);
            }
        }

        if (boxRight < 0)
        {
            return 0;
        }

        var left = Math.Max(boxLeft - Margin, 0);
        var top = Math.Max(boxTop - Margin, 0);
        var w = Math.Min(boxRight + Margin, width - 1) - left + 1;
        var h = Math.Min(boxBottom + Margin, height - 1) - top + 1;
        var state = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            var from = ((top + y) * width) + left;
            packer.Pack(groundTruth.Slice(from, w), prediction.Slice(from, w), state.AsSpan(y * w, w), costOnly: false);
        }

        foreach (var i in skeleton)
        {
            var (y, x) = Math.DivRem(i, width);
            if ((uint)(x - left) < (uint)w && (uint)(y - top) < (uint)h)
            {
                state[((y - top) * w) + x - left] |= MaskPlanes.SkeletonPixel;
            }
        }

        return new Window(w, h, state).Effort();
    }

    /// <summary>
    /// Packs a row's ground truth and prediction into the <see cref="MaskPlanes"/> bits (1, 2), or marks with 1 the
    /// pixels where they differ.
    /// </summary>
    private readonly struct Packer(int threshold)
    {
        public void Pack(ReadOnlySpan<byte> g, ReadOnlySpan<byte> p, Span<byte> target, bool costOnly = true)
        {
            var lanes = Vector<byte>.Count;
            var x = 0;
            if (threshold <= byte.MaxValue)
            {
                var cut = new Vector<byte>((byte)threshold);
                for (; x + lanes <= g.Length; x += lanes)
                {
                    var truth = Vector.Min(new Vector<byte>(g.Slice(x, lanes)), Vector<byte>.One);
                    var predicted = Vector.GreaterThanOrEqual(new Vector<byte>(p.Slice(x, lanes)), cut) & Vector<byte>.One;
                    (costOnly ? truth ^ predicted : truth | Vector.ShiftLeft(predicted, 1)).CopyTo(target.Slice(x, lanes));
                }
            }

            for (; x < g.Length; x++)
            {
                var truth = g[x] != 0 ? 1 : 0;
                var predicted = p[x] >= threshold ? 1 : 0;
                target[x] = (byte)(costOnly ? truth ^ predicted : truth | (predicted << 1));
            }
        }
    }

    /// <summary>
    /// One pair inside its window: the packed masks (<see cref="MaskPlanes"/>), two 0/1 working masks and the contour
    /// tracer's framed image, all the pair allocates of image size.
    /// </summary>
    private sealed class Window(int width, int height, byte[] state)
    {
        private readonly byte[] _mask = new byte[width * height];
        private readonly byte[] _next = new byte[width * height];
        private readonly sbyte[] _framed = new sbyte[(width + 2) * (height + 2)];

        public int Effort()
        {
            // The union eroded Relax times (the image border never erodes).
            var eroded = _mask;
            var scratch = _next;
            MaskPlanes.Map<MaskPlanes.Union>(state, state, eroded);
            for (var step = 0; step < Relax; step++)
            {
                CrossMorphology.Erode(eroded, scratch, width, height);
                (eroded, scratch) = (scratch, eroded);
            }

            MaskPlanes.Map<MaskPlanes.MarkEroded>(state, eroded, state);

            // Relaxed false positives: grown from the eroded union's interior, never into the ground truth.
            MaskPlanes.Map<MaskPlanes.PositiveSeeds>(state, state, _mask);
            Grow<MaskPlanes.OffTruth>();
            MaskPlanes.Map<MaskPlanes.MarkRelaxedPositive>(state, _mask, state);

            // Relaxed false negatives: grown the same way, never into the prediction; plus missed skeleton pixels.
            MaskPlanes.Map<MaskPlanes.NegativeSeeds>(state, state, _mask);
            Grow<MaskPlanes.OffPrediction>();
            MaskPlanes.Map<MaskPlanes.MarkRelaxedNegative>(state, _mask, state);

            var cost = BorderCost<MaskPlanes.PositiveCondition, MaskPlanes.RelaxedPositives>();
            return cost + BorderCost<MaskPlanes.NegativeCondition, MaskPlanes.RelaxedNegatives>();
        }

        /// <summary>Relax dilations of the working mask, each kept inside what <typeparamref name="TKeep"/> allows.</summary>
        private void Grow<TKeep>()
            where TKeep : struct, MaskPlanes.IStep
        {
            for (var step = 0; step < Relax; step++)
            {
                CrossMorphology.Dilate(_mask, _next, width, height);
                MaskPlanes.Map<TKeep>(state, _next, _mask);
            }
        }

        /// <summary>PySODMetrics' filter_conditional_boundary and count_polygon_control_points for one relaxed mask.</summary>
        private int BorderCost<TCondition, TMask>()
            where TCondition : struct, MaskPlanes.IStep
            where TMask : struct, MaskPlanes.IStep
        {
            MaskPlanes.Map<TCondition>(state, state, _next);
            var condition = _mask;
            CrossMorphology.Dilate(_next, condition, width, height);
            var mask = _next;
            MaskPlanes.Map<TMask>(state, state, mask);
            var contours = ContourTracer.FindContours(mask, width, height, _framed);
            if (contours.Count == 0)
            {
                return 0;
            }

            var components = MaskComponents.Of(mask, width, height);
            var touched = new bool[components.RunCount];
            var touchedCount = 0;
            var vertices = 0;
            var pieces = new List<(int Start, int Length)>();
            var points = new List<PixelPoint>();
            var scratch = Array.Empty<PixelPoint>();
            foreach (var contour in contours)
            {
                pieces.Clear();
                points.Clear();
                var pieceStart = 0;
                foreach (var point in contour)
                {
                    // The mask doubles as the visited map: a pixel walked once is cleared.
                    var index = (point.Y * width) + point.X;
                    if (condition[index] == 0 || mask[index] == 0)
                    {
                        if (points.Count > pieceStart)
                        {
                            pieces.Add((pieceStart, points.Count - pieceStart));
                            pieceStart = points.Count;
                        }

                        continue;
                    }

                    points.Add(point);
                    mask[index] = 0;
                    var component = components.ComponentAt(point.X, point.Y);
                    if (!touched[component])
                    {
                        touched[component] = true;
                        touchedCount++;
                    }
                }

                if (points.Count > pieceStart)
                {
                    pieces.Add((pieceStart, points.Count - pieceStart));
                }

                if (pieces.Count == 0)
                {
                    continue;
                }

                if (scratch.Length < points.Count)
                {
                    scratch = new PixelPoint[Math.Max(points.Count, scratch.Length * 2)];
                }

                var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points);
                var firstPiece = 0;
                if (pieces.Count > 1 && Adjacent(all[pieces[0].Start], all[pieces[^1].Start + pieces[^1].Length - 1]))
                {
                    // The walk started inside a piece: the last piece continues into the first, reversed.
                    var (lastStart, lastLength) = pieces[^1];
                    var (firstStart, firstLength) = pieces[0];
                    var joined = new PixelPoint[lastLength + firstLength];
                    all.Slice(lastStart, lastLength).CopyTo(joined);
                    for (var k = 0; k < firstLength; k++)
                    {
                        joined[lastLength + k] = all[firstStart + firstLength - 1 - k];
                    }

                    vertices += PolygonApproximation.CountOpen(joined, Epsilon, scratch.Length >= joined.Length ? scratch : new PixelPoint[joined.Length]);
                    pieces.RemoveAt(pieces.Count - 1);
                    firstPiece = 1;
                }

                for (var k = firstPiece; k < pieces.Count; k++)
                {
                    vertices += PolygonApproximation.CountOpen(all.Slice(pieces[k].Start, pieces[k].Length), Epsilon, scratch);
                }
            }

            return vertices + (components.Count - touchedCount);
        }

        private static bool Adjacent(PixelPoint a, PixelPoint b)
        {
            var dx = Math.Abs(a.X - b.X);
            var dy = Math.Abs(a.Y - b.Y);
            return dx <= 1 && dy <= 1 && (dx | dy) != 0;
        }
    }
}
