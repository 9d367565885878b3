using CoSod.Metrics.Numerics;
namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// PySODMetrics 1.6.2's camouflage degree (<c>CamouflageContextMeasure._calculate_camouflage_degree</c>, SPEC 8.4):
/// how well the object could be rebuilt from the background around it, per object pixel, in [0, 1]. It depends on the
/// ground truth and the image only, so it is computed once per ground truth.
/// </summary>
/// <remarks>
/// <para>The background is the ring a 20x20 dilation (anchor (10, 10)) adds around the object. 7x7 patches on a
/// stride-3 grid that lie wholly inside the object (inside the ring) are the queries (the candidates); each query
/// takes its nearest candidate in Lab plus standardised position (<see cref="PatchMatcher"/>). The candidates' RGB
/// pixels are averaged into the query positions (sum over the hits, divided by eps + hits, rounded half to even),
/// and each object pixel's similarity is 1 - clip(CIEDE2000(reconstruction, original) / 100, 0, 1); the degree is
/// (exp(8 similarity) - 1) / (exp(8) - 1). Without a query or a candidate it is 0 everywhere.</para>
/// <para>PySODMetrics pads the image so the grid fits and cannot when a side is shorter than 5 pixels (numpy's
/// sliding window refuses it and ccm raises); such an image's degree is undefined.</para>
/// </remarks>
public sealed class CamouflageDegree
{
    private const int Patch = 7;
    private const int Stride = 3;
    private const int RingKernel = 20;
    private const int RingAnchor = 10;
    private const double Gamma = 8.0;
    private const double SpatialWeight = 20;

    private readonly double[] _atObject;

    private CamouflageDegree(bool defined, double[] atObject, double sum)
    {
        Defined = defined;
        _atObject = atObject;
        Sum = sum;
    }

    /// <summary>False where PySODMetrics raises (a side shorter than 5 pixels).</summary>
    public bool Defined { get; }

    /// <summary>The degree at each object pixel in raster order; empty when it is 0 everywhere.</summary>
    public ReadOnlySpan<double> AtObject => _atObject;

    /// <summary><c>np.sum(cd)</c> over the whole image.</summary>
    public double Sum { get; }

    /// <summary>The degree of a 0/1 mask with its image (at the mask's size).</summary>
    public static CamouflageDegree Of(ReadOnlySpan<byte> mask, int width, int height, CamouflageImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != width || image.Height != height)
        {
            throw new ArgumentException($"The image is {image.Width}x{image.Height}, the ground truth {width}x{height}.", nameof(image));
        }

        if (PaddedLength(height) < Patch || PaddedLength(width) < Patch)
        {
            return new CamouflageDegree(false, [], double.NaN);
        }

        var ring = Ring(mask, width, height);
        var queries = ValidPatches(mask, width, height);
        var candidates = ValidPatches(ring, width, height);
        if (queries.Count == 0 || candidates.Count == 0)
        {
            return new CamouflageDegree(true, [], 0.0);
        }

        // Positions standardised together, background first (sklearn StandardScaler), then x 20 in float32.
        var scaled = Standardise(candidates, queries);
        var candidateCoordinates = new float[2 * candidates.Count];
        var queryCoordinates = new float[2 * queries.Count];
        for (var k = 0; k < candidateCoordinates.Length; k++)
        {
            candidateCoordinates[k] = (float)(SpatialWeight * scaled[k]);
        }

        for (var k = 0; k < queryCoordinates.Length; k++)
        {
            queryCoordinates[k] = (float)(SpatialWeight * scaled[candidateCoordinates.Length + k]);
        }

        var nearest = PatchMatcher.Nearest(
            LabPatches(image.Lab, width, candidates), candidateCoordinates, LabPatches(image.Lab, width, queries), queryCoordinates);
        var reconstruction = Reconstruct(image.Rgb, width, queries, candidates, nearest);
        return Degree(mask, width, image.Rgb, reconstruction);
    }

    /// <summary>The side PySODMetrics pads to: the next length with (length - 7) a multiple of 3.</summary>
    private static int PaddedLength(int length) => length + (((Stride - ((((length - Patch) % Stride) + Stride) % Stride)) % Stride));

    /// <summary><c>cv2.dilate(mask, ones(20, 20))</c> minus the mask: rows y-10..y+9, columns x-10..x+9.</summary>
    private static byte[] Ring(ReadOnlySpan<byte> mask, int width, int height)
    {
        var horizontal = new byte[mask.Length];
        for (var y = 0; y < height; y++)
        {
            var row = mask.Slice(y * width, width);
            var target = horizontal.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var from = Math.Max(0, x - RingAnchor);
                var to = Math.Min(width - 1, x + RingKernel - 1 - RingAnchor);
                target[x] = row[from..(to + 1)].IndexOfAnyExcept((byte)0) >= 0 ? (byte)1 : (byte)0;
            }
        }

        var ring = new byte[mask.Length];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                var from = Math.Max(0, y - RingAnchor);
                var to = Math.Min(height - 1, y + RingKernel - 1 - RingAnchor);
                byte dilated = 0;
                for (var r = from; r <= to && dilated == 0; r++)
                {
                    dilated = horizontal[(r * width) + x];
                }

                ring[(y * width) + x] = (byte)(dilated != 0 && mask[(y * width) + x] == 0 ? 1 : 0);
            }
        }

        return ring;
    }

    /// <summary>Top-left corners (row, column) of the grid's patches that lie wholly in the mask, row-major.</summary>
    private static List<(int Row, int Column)> ValidPatches(ReadOnlySpan<byte> mask, int width, int height)
    {
        var patches = new List<(int Row, int Column)>();
        var columnSet = new byte[width];
        for (var r = 0; r + Patch <= height; r += Stride)
        {
            // A column is set when its 7 pixels from row r are; a patch needs 7 set columns in a row.
            mask.Slice(r * width, width).CopyTo(columnSet);
            for (var dy = 1; dy < Patch; dy++)
            {
                var row = mask.Slice((r + dy) * width, width);
                for (var x = 0; x < width; x++)
                {
                    columnSet[x] &= row[x];
                }
            }

            for (var c = 0; c + Patch <= width; c += Stride)
            {
                if (columnSet.AsSpan(c, Patch).IndexOf((byte)0) < 0)
                {
                    patches.Add((r, c));
                }
            }
        }

        return patches;
    }

    /// <summary>
    /// sklearn 1.2.1 StandardScaler.fit_transform of the (row, column) pairs, candidates then queries: means from
    /// the column sums, the variance as (sum of squared deviations - (sum of deviations)^2 / n) / n, near-constant
    /// columns scaled by 1, each column summed in row order. Returns the scaled pairs interleaved.
    /// </summary>
    private static double[] Standardise(List<(int Row, int Column)> first, List<(int Row, int Column)> second)
    {
        var n = first.Count + second.Count;
        var values = new double[2 * n];
        var k = 0;
        foreach (var list in new[] { first, second })
        {
            foreach (var (row, column) in list)
            {
                values[k++] = row;
                values[k++] = column;
            }
        }

        for (var axis = 0; axis < 2; axis++)
        {
            var sum = 0.0;
            for (var i = axis; i < values.Length; i += 2)
            {
                sum += values[i];
            }

            var mean = sum / n;
            var correction = 0.0;
            var squares = 0.0;
            for (var i = axis; i < values.Length; i += 2)
            {
                correction += values[i] - mean;
            }

            for (var i = axis; i < values.Length; i += 2)
            {
                var deviation = values[i] - mean;
                squares += deviation * deviation;
            }

            var variance = (squares - ((correction * correction) / n)) / n;
            var upperBound = (n * PySodConstants.Eps * variance) + (n * mean * PySodConstants.Eps * (n * mean * PySodConstants.Eps));
            var scale = variance <= upperBound ? 1.0 : Math.Sqrt(variance);
            for (var i = axis; i < values.Length; i += 2)
            {
                values[i] = (values[i] - mean) / scale;
            }
        }

        return values;
    }

    private static byte[] LabPatches(byte[] lab, int width, List<(int Row, int Column)> patches)
    {
        var features = new byte[patches.Count * PatchMatcher.LabFeatures];
        var k = 0;
        foreach (var (row, column) in patches)
        {
            for (var dy = 0; dy < Patch; dy++)
            {
                lab.AsSpan((((row + dy) * width) + column) * 3, Patch * 3).CopyTo(features.AsSpan(k));
                k += Patch * 3;
            }
        }

        return features;
    }

    /// <summary>
    /// The queries' positions rebuilt from their nearest candidates' RGB, as PySODMetrics averages and rounds it: per
    /// pixel the channel sums over the patches that cover it, divided by eps + hits (added one by one, as numpy adds
    /// them), rounded half to even; 0 where no patch lands. Kept for the box the queries cover only.
    /// </summary>
    private static Reconstruction Reconstruct(byte[] rgb, int width, List<(int Row, int Column)> queries,
        List<(int Row, int Column)> candidates, int[] nearest)
    {
        int top = int.MaxValue, left = int.MaxValue, bottom = 0, right = 0;
        foreach (var (row, column) in queries)
        {
            top = Math.Min(top, row);
            left = Math.Min(left, column);
            bottom = Math.Max(bottom, row + Patch - 1);
            right = Math.Max(right, column + Patch - 1);
        }

        var boxWidth = right - left + 1;
        var boxHeight = bottom - top + 1;
        var sums = new int[boxWidth * boxHeight * 3];
        var counts = new double[boxWidth * boxHeight];
        Array.Fill(counts, PySodConstants.Eps);
        for (var i = 0; i < queries.Count; i++)
        {
            var (row, column) = queries[i];
            var (sourceRow, sourceColumn) = candidates[nearest[i]];
            for (var dy = 0; dy < Patch; dy++)
            {
                for (var dx = 0; dx < Patch; dx++)
                {
                    var target = ((row + dy - top) * boxWidth) + column + dx - left;
                    var source = ((sourceRow + dy) * width) + sourceColumn + dx;
                    sums[3 * target] += rgb[3 * source];
                    sums[(3 * target) + 1] += rgb[(3 * source) + 1];
                    sums[(3 * target) + 2] += rgb[(3 * source) + 2];
                    counts[target] += 1.0;
                }
            }
        }

        var pixels = new byte[sums.Length];
        for (var i = 0; i < sums.Length; i++)
        {
            pixels[i] = (byte)Math.Round(sums[i] / counts[i / 3], MidpointRounding.ToEven);
        }

        return new Reconstruction(left, top, boxWidth, boxHeight, pixels);
    }

    /// <summary>The rebuilt RGB of the box the query patches cover; black outside it.</summary>
    private sealed record Reconstruction(int Left, int Top, int Width, int Height, byte[] Pixels)
    {
        public (byte R, byte G, byte B) At(int x, int y)
        {
            if ((uint)(x - Left) >= (uint)Width || (uint)(y - Top) >= (uint)Height)
            {
                return (0, 0, 0);
            }

            var i = 3 * (((y - Top) * Width) + x - Left);
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    private static CamouflageDegree Degree(ReadOnlySpan<byte> mask, int width, byte[] rgb, Reconstruction reconstruction)
    {
        var atObject = new List<double>();
        var denominator = Math.Exp(Gamma) - 1;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 0)
            {
                continue;
            }

            var (r, g, b) = reconstruction.At(i % width, i / width);
            var rebuilt = SkimageColor.Lab(r, g, b);
            var original = SkimageColor.Lab(rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]);
            var similarity = 1 - Math.Clamp(SkimageColor.DeltaE2000(rebuilt, original) / 100, 0, 1);
            var degree = (Math.Exp(Gamma * similarity * 1.0) - 1) / denominator;
            atObject.Add(degree);
        }

        var values = atObject.ToArray();
        var onObject = new OnObject(mask, values);
        var sum = NumpySum.Sum(ref onObject, mask.Length, 0, mask.Length);
        return new CamouflageDegree(true, values, sum);
    }

    /// <summary>The degree laid out over the image (zero off the object), for numpy's sum.</summary>
    private ref struct OnObject(ReadOnlySpan<byte> mask, double[] atObject) : IDoubleBlocks
    {
        private readonly ReadOnlySpan<byte> _mask = mask;
        private int _next;

        public void Fill(int start, scoped Span<double> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _mask[start + i] != 0 ? atObject[_next++] : 0.0;
            }
        }
    }
}
