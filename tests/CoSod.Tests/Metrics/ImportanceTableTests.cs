using CoSod.Metrics.PySod;

namespace CoSod.Tests.Metrics;

public sealed class ImportanceTableTests
{
    [Fact]
    public void The_importance_saturates_at_exactly_two_where_the_table_stops()
    {
        Assert.Equal(2.0, ImportanceTable.Compute(ImportanceTable.SaturatedFrom));
        Assert.True(ImportanceTable.Compute(ImportanceTable.SaturatedFrom - 1) < 2.0, "the boundary must be the first saturated distance");
        foreach (var squared in new[] { ImportanceTable.SaturatedFrom + 1, 100_000L, int.MaxValue, 1L << 40 })
        {
            Assert.Equal(2.0, ImportanceTable.Compute(squared));
            Assert.Equal(2.0, ImportanceTable.Get(squared));
        }
    }

    [Fact]
    public void Cached_values_are_the_direct_formula_bit_for_bit()
    {
        for (long squared = 0; squared < ImportanceTable.SaturatedFrom; squared += 97)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(ImportanceTable.Compute(squared)), BitConverter.DoubleToInt64Bits(ImportanceTable.Get(squared)));
        }
    }
}
