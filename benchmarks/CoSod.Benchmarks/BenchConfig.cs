using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace CoSod.Benchmarks;

/// <summary>
/// The configuration every benchmark class shares: the defaults (console logger, exporters, validators), plus
/// the median (what pairs/s is computed from) and the pairs/s column. Ratios are taken within a category, so the
/// end-to-end and decode-only groups each compare against their own baseline. The job (--job dry|short) comes
/// from the command line.
/// </summary>
/// <remarks>
/// Allocations per operation come from <c>[MemoryDiagnoser]</c> on the classes that want them, not from here: the
/// diagnoser costs one extra untimed call per case, which is nothing for a metric kernel but 5-20 s for a model
/// forward, whose managed allocations say nothing anyway (libtorch allocates natively).
/// </remarks>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        Add(DefaultConfig.Instance);
        AddColumn(StatisticColumn.Median, PairsPerSecondColumn.Instance);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
    }
}
