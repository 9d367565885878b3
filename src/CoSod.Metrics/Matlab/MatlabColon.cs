namespace CoSod.Metrics.Matlab;

/// <summary>
/// How the language turns the range <c>1:-1/255:0</c> into doubles (metrics-spec.md 8.4). The oracle ran under
/// Octave; MATLAB builds ranges from both ends and gets 72 different threshold doubles.
/// </summary>
public enum MatlabColon
{
    /// <summary>GNU Octave 7.3: t_i = 1 + i * (-1/255) for i = 0..254, t_255 = 0 (the oracle, the default).</summary>
    Octave,

    /// <summary>MATLAB: t_i = 1 + i * (-1/255) for i &lt;= 127, t_i = (255 - i) * (1/255) above (a declared variant).</summary>
    Matlab,
}
