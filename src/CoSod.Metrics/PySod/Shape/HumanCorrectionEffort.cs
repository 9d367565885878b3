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
        Span<byte> binary = stackalloc byte[PySodConstants.Levels];
        var levels = pair.Levels;
        for (var u = 0; u < binary.Length; u++)
        {
            binary[u] = levels[u] > 0.5 ? (byte)1 : (byte)0;
        }

        var prediction = GC.AllocateUninitializedArray<byte>(pair.PixelCount);
        var grey = pair.Prediction;
        for (var i = 0; i < prediction.Length; i++)
        {
            prediction[i] = binary[grey[i]];
        }

        return Compute(truth.Mask, prediction, truth.Skeleton, truth.Width, truth.Height);
    }

    /// <summary>HCE of a binary prediction against a binary ground truth and the ground truth's skeleton (all 0/1).</summary>
    /// <exception cref="ArgumentException">A mask is not <paramref name="width"/> x <paramref name="height"/>.</exception>
    public static int Compute(ReadOnlySpan<byte> groundTruth, ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> skeleton, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var n = (long)width * height;
        if (groundTruth.Length != n || prediction.Length != n || skeleton.Length != n)
        {
            throw new ArgumentException($"HCE needs three {width}x{height} masks.");
        }

        if (!CostlyBox(groundTruth, prediction, skeleton, width, height, out var box))
        {
            return 0;
        }

        var left = Math.Max(box.Left - Margin, 0);
        var top = Math.Max(box.Top - Margin, 0);
        var w = Math.Min(box.Right + Margin, width - 1) - left + 1;
        var h = Math.Min(box.Bottom + Margin, height - 1) - top + 1;
        var window = new Window(w, h);
        var g = window.Copy(groundTruth, width, left, top);
        var p = window.Copy(prediction, width, left, top);
        var s = window.Copy(skeleton, width, left, top);
        return window.Effort(g, p, s);
    }

    private static bool CostlyBox(ReadOnlySpan<byte> g, ReadOnlySpan<byte> p, ReadOnlySpan<byte> s, int width, int height, out Box box)
    {
        int left = width, right = -1, top = height, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            var gRow = g.Slice(y * width, width);
            var pRow = p.Slice(y * width, width);
            var sRow = s.Slice(y * width, width);
            var first = -1;
            var last = -1;
            for (var x = 0; x < width; x++)
            {
                // A false positive or negative, or a skeleton pixel the prediction misses.
                if ((gRow[x] != 0) != (pRow[x] != 0) || (sRow[x] != 0 && pRow[x] == 0))
                {
                    if (first < 0)
                    {
                        first = x;
                    }

                    last = x;
                }
            }

            if (first >= 0)
            {
                left = Math.Min(left, first);
                right = Math.Max(right, last);
                top = Math.Min(top, y);
                bottom = y;
            }
        }

        box = new Box(left, top, right, bottom);
        return right >= 0;
    }

    private readonly record struct Box(int Left, int Top, int Right, int Bottom);

    /// <summary>The masks of one pair inside its window.</summary>
    private sealed class Window(int width, int height)
    {
        private readonly int _n = width * height;

        public byte[] Copy(ReadOnlySpan<byte> image, int imageWidth, int left, int top)
        {
            var copy = GC.AllocateUninitializedArray<byte>(_n);
            for (var y = 0; y < height; y++)
            {
                var row = image.Slice(((top + y) * imageWidth) + left, width);
                var target = copy.AsSpan(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    target[x] = row[x] != 0 ? (byte)1 : (byte)0;
                }
            }

            return copy;
        }

        public int Effort(byte[] g, byte[] p, byte[] skeleton)
        {
            var n = _n;
            var truePositive = new byte[n];
            var falsePositive = new byte[n];
            var falseNegative = new byte[n];
            var union = new byte[n];
            for (var i = 0; i < n; i++)
            {
                truePositive[i] = (byte)(g[i] & p[i]);
                falsePositive[i] = (byte)(p[i] & (g[i] ^ 1));
                falseNegative[i] = (byte)(g[i] & (p[i] ^ 1));
                union[i] = (byte)(g[i] | p[i]);
            }

            var eroded = Repeat(union, Relax, CrossMorphology.Erode);

            // Relaxed false positives: grown from the eroded union's interior, never into the ground truth.
            var relaxedPositive = Relaxed(falsePositive, eroded, g);

            // Relaxed false negatives: grown the same way, never into the prediction; plus missed skeleton pixels.
            var relaxedNegative = Relaxed(falseNegative, eroded, p);
            for (var i = 0; i < n; i++)
            {
                relaxedNegative[i] |= (byte)(skeleton[i] & (truePositive[i] ^ 1));
            }

            var conditionPositive = new byte[n];
            var conditionNegative = new byte[n];
            for (var i = 0; i < n; i++)
            {
                conditionPositive[i] = (byte)(truePositive[i] | relaxedNegative[i]);
                conditionNegative[i] = (byte)((truePositive[i] | relaxedPositive[i] | relaxedNegative[i]) ^ 1);
            }

            var scratch = new byte[n];
            CrossMorphology.Dilate(conditionPositive, scratch, width, height);
            (conditionPositive, scratch) = (scratch, conditionPositive);
            CrossMorphology.Dilate(conditionNegative, scratch, width, height);
            conditionNegative = scratch;

            return BorderCost(relaxedPositive, conditionPositive) + BorderCost(relaxedNegative, conditionNegative);
        }

        private byte[] Relaxed(byte[] errors, byte[] eroded, byte[] barrier)
        {
            var n = _n;
            var grown = new byte[n];
            for (var i = 0; i < n; i++)
            {
                grown[i] = (byte)(errors[i] & eroded[i]);
            }

            var next = new byte[n];
            for (var step = 0; step < HumanCorrectionEffort.Relax; step++)
            {
                CrossMorphology.Dilate(grown, next, width, height);
                for (var i = 0; i < n; i++)
                {
                    next[i] &= (byte)(barrier[i] ^ 1);
                }

                (grown, next) = (next, grown);
            }

            for (var i = 0; i < n; i++)
            {
                grown[i] &= errors[i];
            }

            return grown;
        }

        private byte[] Repeat(byte[] mask, int times, MorphologyStep step)
        {
            var current = (byte[])mask.Clone();
            var next = new byte[_n];
            for (var k = 0; k < times; k++)
            {
                step(current, next, width, height);
                (current, next) = (next, current);
            }

            return current;
        }

        /// <summary>PySODMetrics' filter_conditional_boundary and count_polygon_control_points for one mask.</summary>
        private int BorderCost(byte[] mask, byte[] condition)
        {
            var contours = ContourTracer.FindContours(mask, width, height);
            if (contours.Count == 0)
            {
                return 0;
            }

            var components = MaskComponents.Of(mask, width, height);
            var touched = new bool[components.RunCount];
            var touchedCount = 0;
            var visited = new bool[_n];
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
                    var index = (point.Y * width) + point.X;
                    if (condition[index] == 0 || visited[index])
                    {
                        if (points.Count > pieceStart)
                        {
                            pieces.Add((pieceStart, points.Count - pieceStart));
                            pieceStart = points.Count;
                        }

                        continue;
                    }

                    points.Add(point);
                    visited[index] = true;
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

        private delegate void MorphologyStep(ReadOnlySpan<byte> source, Span<byte> destination, int width, int height);
    }
}
