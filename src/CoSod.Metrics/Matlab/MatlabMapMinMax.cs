namespace CoSod.Metrics.Matlab;

/// <summary>
/// main.m's normalisation <c>mapminmax(sal(:)', 0, 1)</c> with MATLAB R2012+ semantics (Deep Learning Toolbox;
/// absent in Octave, where the oracle used a shim with these semantics; metrics-spec.md 8.3). Every metric,
/// MAE included, sees its output.
/// </summary>
/// <remarks>
/// The gain is the reciprocal g = 1/(max - min), computed once, and each pixel becomes (x - min) * g + 0: NOT the
/// quotient (x - min)/(max - min). The maximum pixel therefore becomes (max - min) * fl(1/(max - min)), which is 1
/// or 1 - 2^-53 (a 0..251 map gives the latter, and then no pixel reaches the threshold 1), and other pixels can sit
/// one ulp from the quotient, i.e. on the other side of a threshold double.
/// </remarks>
public static class MatlabMapMinMax
{
    /// <summary>
    /// Writes the normalised values to <paramref name="destination"/> (which may be the same memory as
    /// <paramref name="source"/>; the mapping is element-wise, so any layout works). Returns false when the map is
    /// left unchanged: constant (max = min, e.g. all black stays 0, grey 128 stays 0.50196), a non-finite range, or
    /// a gain above <see cref="MatlabConstants.MapMinMaxLargestGain"/>; mapminmax gives such a row gain 1 and
    /// offset ymin = 0.
    /// </summary>
    public static bool Apply(ReadOnlySpan<double> source, Span<double> destination, out double minimum, out double maximum)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} values, the source has {source.Length}.", nameof(destination));
        }

        minimum = double.PositiveInfinity;
        maximum = double.NegativeInfinity;
        foreach (var v in source)
        {
            minimum = Math.Min(minimum, v);
            maximum = Math.Max(maximum, v);
        }

        // ymax - ymin = 1, so the gain is the plain reciprocal of the range.
        var range = maximum - minimum;
        var gain = 1.0 / range;
        var normalise = source.Length > 0 && maximum != minimum && double.IsFinite(range)
            && gain <= MatlabConstants.MapMinMaxLargestGain;
        if (!normalise)
        {
            source.CopyTo(destination);
            return false;
        }

        for (var i = 0; i < source.Length; i++)
        {
            // (x - xoffset) .* gain + ymin with ymin = 0: adding +0 changes no value here (x - min >= 0).
            destination[i] = (source[i] - minimum) * gain;
        }

        return true;
    }
}
