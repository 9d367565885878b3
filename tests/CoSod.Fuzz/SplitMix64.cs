namespace CoSod.Fuzz;

/// <summary>
/// A small seeded generator (SplitMix64) written out here so that the mutants' bytes depend on nothing but the seed:
/// System.Random's seeded sequence is an implementation detail of the runtime.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="bound"/>); bound must be positive.</summary>
    public int Below(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)(Next() % (ulong)bound);
    }

    /// <summary>A value in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public int Between(int low, int high) => low + Below(high - low);

    public byte Byte() => (byte)Next();

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    public bool Chance(int percent) => Below(100) < percent;
}
