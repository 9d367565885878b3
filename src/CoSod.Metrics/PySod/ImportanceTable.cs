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
    /// is exactly 2.0 (ImportanceTableTests checks the boundary); the table stops here (550 KB at most).
    /// </summary>
    public const long SaturatedFrom = 70226;

    private const long MaxCached = SaturatedFrom;

    /// <summary>np.log(0.5) / 5, one double, as the reference evaluates it before multiplying by the distance.</summary>
    private static readonly double Decay = Math.Log(0.5) / 5.0;

    private static readonly Lock Growth = new();

    // 0 marks "not computed yet": every importance is >= 1.
    private static double[] _table = new double[1 << 12];

    public static double Get(long squaredDistance)
    {
        var table = Volatile.Read(ref _table);
        if (squaredDistance < table.Length)
        {
            var cached = table[squaredDistance];
            if (cached != 0)
            {
                return cached;
            }

            // Racing writers store the same double; a torn write cannot happen for an aligned double.
            return table[squaredDistance] = Compute(squaredDistance);
        }

        if (squaredDistance >= MaxCached)
        {
            return 2.0;
        }

        lock (Growth)
        {
            table = _table;
            if (squaredDistance >= table.Length)
            {
                var larger = new double[Math.Min(MaxCached, Math.Max(squaredDistance + 1, table.LongLength * 2))];
                Array.Copy(table, larger, table.Length);
                Volatile.Write(ref _table, larger);
                table = larger;
            }
        }

        return table[squaredDistance] = Compute(squaredDistance);
    }

    public static double Compute(long squaredDistance) => 2.0 - Math.Exp(Decay * Math.Sqrt(squaredDistance));
}
