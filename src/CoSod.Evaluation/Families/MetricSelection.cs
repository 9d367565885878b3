namespace CoSod.Evaluation.Families;

/// <summary>The metric families one run computes, by name; everything else is neither computed nor written.</summary>
public sealed class MetricSelection
{
    private readonly HashSet<string> _names;

    public MetricSelection(IReadOnlyList<string> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        Families = families;
        _names = new HashSet<string>(families, StringComparer.Ordinal);
    }

    /// <summary>Family names in the profile's order.</summary>
    public IReadOnlyList<string> Families { get; }

    public bool Contains(string family) => _names.Contains(family);

    /// <summary>The canonical text of the selection (the cache key records it).</summary>
    public override string ToString() => string.Join(",", Families);
}
