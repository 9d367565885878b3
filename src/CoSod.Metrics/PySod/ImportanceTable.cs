namespace CoSod.Metrics.PySod;

/// <summary>
/// The weighted-F importance of a background pixel, 2 - exp(ln(0.5)/5 * d), depends only on the integer squared
/// distance d^2 to the object, so it is computed once per distinct d^2 and shared by every image and thread.
/// Each entry is the very double the direct formula gives, so the table changes speed, not results.
/// </summary>
internal static class ImportanceTable
{
    /// <summary>
    /// From this squared distance on (d &gt;= 265.0 pixels) exp(ln(0.5)/5 * d) is below half an ulp of 2, so the importance
    /// is exactly 2.0 (ImportanceTableTests checks the boundary); the table stops here (550 KB).
    /// </summary>
    public const long SaturatedFrom = 70226;

    /// <summary>np.log(0.5) / 5, one double, as the reference evaluates it before multiplying by the distance.</summary>
    private static readonly double Decay = Math.Log(0.5) / 5.0;

    /// <summary>
    /// Every unsaturated entry, filled once when the weighted F is first used (about a millisecond): a lookup is then
    /// one load, where a table filled on demand needs a check per pixel.
    /// </summary>
    private static readonly double[] Table = Fill();

    public static double Get(long squaredDistance) =>
        (ulong)squaredDistance < (ulong)Table.Length ? Table[squaredDistance] : 2.0;

    /// <summary>The whole table, for loops that look up every pixel of an image.</summary>
    internal static ReadOnlySpan<double> Entries => Table;

    private static double[] Fill()
    {
        var table = new double[SaturatedFrom];
        for (var squared = 0; squared < table.Length; squared++)
        {
            table[squared] = Compute(squared);
        }

        return table;
    }

    public static double Compute(long squaredDistance) => 2.0 - Math.Exp(Decay * Math.Sqrt(squaredDistance));
}
