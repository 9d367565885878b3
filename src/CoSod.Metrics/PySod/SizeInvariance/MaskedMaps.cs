using CoSod.Metrics.Numerics;

namespace CoSod.Metrics.PySod.SizeInvariance;

/// <summary>
/// The full-size arrays the size-invariant metrics sum (<c>pred * tgt_mask</c>, <c>|pred * mask - (gt &amp; mask)|</c>):
/// the map's value inside a mask and 0 outside, made block by block for <see cref="NumpySum"/> so that the sums are
/// numpy's, zeros and all.
/// </summary>
internal static class MaskedMaps
{
    /// <summary>numpy's sum of p inside the target (the adaptive threshold's mean is this over the pixel count).</summary>
    public static double SumOfMap(PySodPair pair, TargetMask mask)
    {
        var (start, end) = mask.Span;
        var values = new InsideTarget(pair, mask, errors: false);
        return NumpySum.Sum(ref values, pair.PixelCount, start, end);
    }

    /// <summary>numpy's sum of |p - G| inside the target.</summary>
    public static double SumOfError(PySodPair pair, TargetMask mask)
    {
        var (start, end) = mask.Span;
        var values = new InsideTarget(pair, mask, errors: true);
        return NumpySum.Sum(ref values, pair.PixelCount, start, end);
    }

    /// <summary>numpy's sum of |p - G| over the pixels marked in <paramref name="region"/>.</summary>
    public static double SumOfError(PySodPair pair, ReadOnlySpan<byte> region)
    {
        var values = new InsideRegion(pair, region);
        return NumpySum.Sum(ref values, pair.PixelCount, 0, pair.PixelCount);
    }

    private readonly ref struct InsideTarget(PySodPair pair, TargetMask mask, bool errors) : IDoubleBlocks
    {
        private readonly ReadOnlySpan<byte> _prediction = pair.Prediction;
        private readonly ReadOnlySpan<byte> _truth = pair.GroundTruth.Mask;
        private readonly ReadOnlySpan<double> _levels = pair.Levels;
        private readonly TargetMask _mask = mask;
        private readonly bool _errors = errors;

        public void Fill(int start, scoped Span<double> values)
        {
            var width = _mask.Width;
            var y = start / width;
            var x = start - (y * width);
            for (var j = 0; j < values.Length; j++)
            {
                var i = start + j;
                double v = 0;
                if (_mask.Contains(y, x, i))
                {
                    var p = _levels[_prediction[i]];
                    v = !_errors ? p : Math.Abs(p - (_truth[i] != 0 ? 1 : 0));
                }

                values[j] = v;
                if (++x == width)
                {
                    x = 0;
                    y++;
                }
            }
        }
    }

    private readonly ref struct InsideRegion(PySodPair pair, ReadOnlySpan<byte> region) : IDoubleBlocks
    {
        private readonly ReadOnlySpan<byte> _prediction = pair.Prediction;
        private readonly ReadOnlySpan<byte> _truth = pair.GroundTruth.Mask;
        private readonly ReadOnlySpan<double> _levels = pair.Levels;
        private readonly ReadOnlySpan<byte> _region = region;

        public void Fill(int start, scoped Span<double> values)
        {
            for (var j = 0; j < values.Length; j++)
            {
                var i = start + j;
                values[j] = _region[i] != 0 ? Math.Abs(_levels[_prediction[i]] - (_truth[i] != 0 ? 1 : 0)) : 0;
            }
        }
    }
}
