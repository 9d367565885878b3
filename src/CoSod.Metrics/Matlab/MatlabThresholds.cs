using System.Collections.ObjectModel;

namespace CoSod.Metrics.Matlab;

/// <summary>
/// The 256 thresholds of main.m's <c>Thresholds = 1:-1/255:0</c>, built with the same double operations as the
/// language that evaluates the range (metrics-spec.md 8.4).
/// </summary>
/// <remarks>
/// Maps are very often exactly k/255 after im2double, and the thresholds are not: Octave's 1 + i*(-1/255) differs
/// from the correctly rounded (255 - i)/255 at 104 of the 256 indices, so a pixel can land on either side of
/// "its" threshold. The port therefore compares the map against these exact doubles and never against integer
/// grey levels. The toolbox stores everything in descending order (index 1 = threshold 1); this library stores
/// curves ascending (index j = <see cref="Ascending"/>[j]), as the oracle JSON does.
/// </remarks>
public static class MatlabThresholds
{
    private static readonly double[] OctaveAscending = Reverse(BuildDescending(MatlabColon.Octave));
    private static readonly double[] MatlabAscending = Reverse(BuildDescending(MatlabColon.Matlab));
    private static readonly ReadOnlyCollection<double> OctaveView = Array.AsReadOnly(OctaveAscending);
    private static readonly ReadOnlyCollection<double> MatlabView = Array.AsReadOnly(MatlabAscending);

    /// <summary>Ascending thresholds (index 0 = 0, index 255 = 1).</summary>
    public static IReadOnlyList<double> Ascending(MatlabColon colon = MatlabColon.Octave) => colon switch
    {
        MatlabColon.Octave => OctaveView,
        MatlabColon.Matlab => MatlabView,
        _ => throw new ArgumentOutOfRangeException(nameof(colon), colon, "Unknown range construction."),
    };

    /// <summary>
    /// The range as the toolbox holds it: descending, element i (0-based) is MATLAB's <c>Thresholds(i + 1)</c>.
    /// A fresh array on every call.
    /// </summary>
    public static double[] BuildDescending(MatlabColon colon)
    {
        const int last = MatlabConstants.ThresholdCount - 1;

        // The increment is the double -1/255, computed once, as the parser evaluates the range's middle operand.
        var increment = -1.0 / MatlabConstants.Uint8Max;
        var thresholds = new double[MatlabConstants.ThresholdCount];
        for (var i = 0; i < last; i++)
        {
            thresholds[i] = 1.0 + (i * increment);
        }

        // Octave pins the final element to the limit; 1 + 255 * (-1/255) is 0 anyway, but the rule is Octave's.
        thresholds[last] = 0.0;

        if (colon == MatlabColon.Matlab)
        {
            // MATLAB's colon fills the second half from the limit: limit - k * increment with k counted from the
            // end, i.e. (255 - i) * (1/255). The first half (i <= 127) is the same as Octave's.
            var step = 1.0 / MatlabConstants.Uint8Max;
            for (var i = (last / 2) + 1; i <= last; i++)
            {
                thresholds[i] = (last - i) * step;
            }
        }

        return thresholds;
    }

    internal static double[] AscendingArray(MatlabColon colon) => colon switch
    {
        MatlabColon.Octave => OctaveAscending,
        MatlabColon.Matlab => MatlabAscending,
        _ => throw new ArgumentOutOfRangeException(nameof(colon), colon, "Unknown range construction."),
    };

    private static double[] Reverse(double[] values)
    {
        Array.Reverse(values);
        return values;
    }
}
