using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// scikit-learn 1.2.1's <c>NearestNeighbors(n_neighbors=1).fit(background).kneighbors(foreground)</c> on the
/// camouflage degree's float32 features (147 Lab bytes of a 7x7 patch, then 20 x the standardised row and column):
/// for each foreground patch the background patch with the smallest distance, as sklearn computes and ranks it.
/// </summary>
/// <remarks>
/// More than 15 features make sklearn search by brute force, through its float32 <c>ArgKmin</c> with the Euclidean
/// specialisation: features upcast to float64, squared norms and dot products summed feature by feature (reference
/// BLAS <c>ddot</c>/<c>dgemm</c> on Debian), and the rank distance <c>(|q|^2 + (-2 q.b)) + |b|^2</c>; a candidate
/// replaces the best only when strictly smaller, so ties go to the first background patch. The 147 Lab products are
/// integers (their running sums are exact in double), so they are summed as integers here; the two coordinate
/// products are exact in double (24-bit mantissas) and added last, in order, with double rounding as sklearn does.
/// </remarks>
internal static class PatchMatcher
{
    /// <summary>Lab values per patch (7 x 7 x 3).</summary>
    public const int LabFeatures = 147;

    /// <summary>The Lab features padded to whole 16-lane vectors of shorts.</summary>
    private const int PaddedFeatures = 160;

    /// <summary>Background patches compared with a query at once.</summary>
    private const int Tile = 4;

    /// <summary>For each query patch, the index of its nearest background patch.</summary>
    /// <param name="background">Background patches' Lab bytes, <see cref="LabFeatures"/> each, in order.</param>
    /// <param name="backgroundCoordinates">Background patches' (row, column) features, float32.</param>
    /// <param name="queries">Foreground patches' Lab bytes.</param>
    /// <param name="queryCoordinates">Foreground patches' (row, column) features.</param>
    public static int[] Nearest(ReadOnlySpan<byte> background, ReadOnlySpan<float> backgroundCoordinates, ReadOnlySpan<byte> queries, ReadOnlySpan<float> queryCoordinates)
    {
        var backgroundCount = background.Length / LabFeatures;
        var queryCount = queries.Length / LabFeatures;
        var b = Widen(background, backgroundCount);
        var q = Widen(queries, queryCount);
        var backgroundNorms = Norms(b, backgroundCoordinates, backgroundCount);
        var queryNorms = Norms(q, queryCoordinates, queryCount);
        var nearest = new int[queryCount];
        Span<int> labDots = stackalloc int[Tile];
        for (var i = 0; i < queryCount; i++)
        {
            var query = q.AsSpan(i * PaddedFeatures, PaddedFeatures);
            double queryRow = queryCoordinates[2 * i], queryColumn = queryCoordinates[(2 * i) + 1];
            var best = double.PositiveInfinity;
            var bestIndex = 0;
            for (var j = 0; j < backgroundCount; j += Tile)
            {
                var count = Math.Min(Tile, backgroundCount - j);
                IntegerDots(query, b.AsSpan(j * PaddedFeatures, count * PaddedFeatures), labDots);
                for (var t = 0; t < count; t++)
                {
                    var candidate = j + t;
                    double labDot = labDots[t];
                    var dot = (labDot + (queryRow * backgroundCoordinates[2 * candidate])) + (queryColumn * backgroundCoordinates[(2 * candidate) + 1]);
                    var distance = (queryNorms[i] + (-2.0 * dot)) + backgroundNorms[candidate];
                    if (distance < best)
                    {
                        best = distance;
                        bestIndex = candidate;
                    }
                }
            }

            nearest[i] = bestIndex;
        }

        return nearest;
    }

    /// <summary>The integer dot products of one patch with up to <see cref="Tile"/> consecutive patches.</summary>
    private static void IntegerDots(ReadOnlySpan<short> query, ReadOnlySpan<short> candidates, Span<int> dots)
    {
        var count = candidates.Length / PaddedFeatures;
        if (count == Tile && Avx2.IsSupported)
        {
            var a0 = Vector256<int>.Zero;
            var a1 = Vector256<int>.Zero;
            var a2 = Vector256<int>.Zero;
            var a3 = Vector256<int>.Zero;
            for (var k = 0; k < PaddedFeatures; k += Vector256<short>.Count)
            {
                var q = Vector256.Create(query.Slice(k, 16));
                a0 += Avx2.MultiplyAddAdjacent(q, Vector256.Create(candidates.Slice(k, 16)));
                a1 += Avx2.MultiplyAddAdjacent(q, Vector256.Create(candidates.Slice(PaddedFeatures + k, 16)));
                a2 += Avx2.MultiplyAddAdjacent(q, Vector256.Create(candidates.Slice((2 * PaddedFeatures) + k, 16)));
                a3 += Avx2.MultiplyAddAdjacent(q, Vector256.Create(candidates.Slice((3 * PaddedFeatures) + k, 16)));
            }

            // Pairwise horizontal additions leave candidate t's halves in lanes t and t + 4.
            var sums = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
            (sums.GetLower() + sums.GetUpper()).CopyTo(dots);
            return;
        }

        for (var t = 0; t < count; t++)
        {
            dots[t] = IntegerDot(query, candidates.Slice(t * PaddedFeatures, PaddedFeatures));
        }
    }

    private static short[] Widen(ReadOnlySpan<byte> patches, int count)
    {
        var wide = new short[count * PaddedFeatures];
        for (var p = 0; p < count; p++)
        {
            var source = patches.Slice(p * LabFeatures, LabFeatures);
            var target = wide.AsSpan(p * PaddedFeatures, LabFeatures);
            for (var k = 0; k < source.Length; k++)
            {
                target[k] = source[k];
            }
        }

        return wide;
    }

    private static double[] Norms(short[] patches, ReadOnlySpan<float> coordinates, int count)
    {
        var norms = new double[count];
        for (var p = 0; p < count; p++)
        {
            var lab = patches.AsSpan(p * PaddedFeatures, PaddedFeatures);
            double row = coordinates[2 * p], column = coordinates[(2 * p) + 1];
            norms[p] = (IntegerDot(lab, lab) + (row * row)) + (column * column);
        }

        return norms;
    }

    private static int IntegerDot(ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        if (Avx2.IsSupported)
        {
            var sum = Vector256<int>.Zero;
            for (var k = 0; k < PaddedFeatures; k += Vector256<short>.Count)
            {
                sum += Avx2.MultiplyAddAdjacent(Vector256.Create(a.Slice(k, 16)), Vector256.Create(b.Slice(k, 16)));
            }

            return Vector256.Sum(sum);
        }

        var total = 0;
        for (var k = 0; k < LabFeatures; k++)
        {
            total += a[k] * b[k];
        }

        return total;
    }
}
