using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace CoSod.Benchmarks;

/// <summary>
/// The configuration every benchmark class shares: the defaults (console logger, exporters, validators), plus
/// allocations per pair, the median (what pairs/s is computed from) and the pairs/s column. Ratios are taken
/// within a category, so the end-to-end and decode-only groups each compare against their own baseline. The
/// job (--job dry|short) comes from the command line.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        Add(DefaultConfig.Instance);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, PairsPerSecondColumn.Instance);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
