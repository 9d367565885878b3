namespace CoSod.Data.Datasets;

/// <summary>"Did you mean": the valid names closest to a mistyped one (edit distance, case ignored).</summary>
public static class Suggestions
{
    /// <summary>Up to <paramref name="count"/> names within a few edits of <paramref name="given"/>, nearest first.</summary>
    public static IReadOnlyList<string> Nearest(string given, IEnumerable<string> valid, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(valid);
        var limit = Math.Max(2, given.Length / 3);
        return valid
            .Select(v => (Name: v, Distance: Distance(given.ToLowerInvariant(), v.ToLowerInvariant())))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>
    /// " Did you mean A or B?", to end a message that already lists every valid name; empty when no name is a likely
    /// typo. Stricter than <see cref="Nearest"/> (one edit per three characters, at least one), so that a short
    /// name is not offered for another (wFm for Sm).
    /// </summary>
    public static string DidYouMeanSentence(string given, IEnumerable<string> valid)
    {
        ArgumentNullException.ThrowIfNull(given);
        var limit = Math.Max(1, given.Length / 3);
        var nearest = Nearest(given, valid).Where(v => Distance(given.ToLowerInvariant(), v.ToLowerInvariant()) <= limit).ToList();
        return nearest.Count == 0 ? string.Empty : " Did you mean " + string.Join(" or ", nearest) + "?";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
